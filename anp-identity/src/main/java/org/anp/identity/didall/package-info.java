/**
 * The deprecated did:all method (spec/identity.md section 2), kept so legacy peers (E2E hellos,
 * message-service routers) can be verified: {@link org.anp.identity.didall.DidAll} identifiers
 * derived from a P-256 key, {@link org.anp.identity.didall.DidAllIdentity} to create a signed
 * document, and {@link org.anp.identity.didall.DidAllDocumentVerifier} to check one (address
 * re-derivation and proof over Python-sorted compact JSON).
 */
package org.anp.identity.didall;
