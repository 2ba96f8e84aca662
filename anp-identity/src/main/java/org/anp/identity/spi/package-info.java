/**
 * The seams of the identity layer that researchers and integrators replace: {@link
 * org.anp.identity.spi.DidMethod} (one DID method) and {@link org.anp.identity.spi.DocumentFetcher}
 * (how documents are fetched). See ARCHITECTURE.md "Seams".
 */
package org.anp.identity.spi;
