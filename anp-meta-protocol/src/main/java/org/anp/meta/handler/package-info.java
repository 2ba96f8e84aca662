/**
 * The code side of the meta-protocol (spec/meta-protocol.md §7): the
 * {@link org.anp.meta.handler.ProtocolHandler} that speaks an agreed protocol, the
 * {@link org.anp.meta.handler.ProtocolCodeGenerator} seam that makes one, and the default
 * {@link org.anp.meta.handler.SchemaHandlerGenerator}, which builds handlers from the agreed JSON
 * Schemas (draft 2020-12) and the local {@link org.anp.meta.handler.CapabilityFunction}s.
 */
package org.anp.meta.handler;
