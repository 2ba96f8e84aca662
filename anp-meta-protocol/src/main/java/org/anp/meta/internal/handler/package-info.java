/** Internal: the schema-driven protocol handler. Not API. */
package org.anp.meta.internal.handler;
