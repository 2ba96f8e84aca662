/**
 * The did:wba method (spec/identity.md section 1): {@link org.anp.identity.wba.DidWba}
 * identifiers and their document URLs, {@link org.anp.identity.wba.DidWbaIdentity} to create a
 * DID with its document and keys in one of the {@link org.anp.identity.wba.DidWbaProfile}s, and
 * {@link org.anp.identity.wba.DidWbaDocumentVerifier} to accept a fetched document. Resolution
 * is registered as a {@link org.anp.identity.spi.DidMethod} named {@code wba}.
 */
package org.anp.identity.wba;
