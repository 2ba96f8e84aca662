/**
 * DID resolution: the {@link org.anp.identity.resolve.DidResolver} (method dispatch, cache,
 * timeouts) and the JDK-based {@link org.anp.identity.resolve.DocumentFetchers}.
 */
package org.anp.identity.resolve;
