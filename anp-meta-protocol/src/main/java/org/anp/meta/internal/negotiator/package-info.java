/** Internal: markdown and schema mechanics of the deterministic negotiator. Not API. */
package org.anp.meta.internal.negotiator;
