/**
 * The {@link org.anp.meta.negotiator.Negotiator} seam, which decides what to propose, accept,
 * counter or refuse in a meta-protocol negotiation, and its default deterministic, offline
 * implementation built on JSON Schemas.
 */
package org.anp.meta.negotiator;
