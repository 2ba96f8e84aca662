/** Implementations of the DID hosting package: the stores and the request handlers. Not API. */
package org.anp.transport.internal.hosting;
