/** Internal: the in-memory and file implementations of the protocol store. Not API. */
package org.anp.meta.internal.store;
