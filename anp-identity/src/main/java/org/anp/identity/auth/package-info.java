/**
 * DID authentication over HTTP (spec/identity.md 1.4-1.7): the client side
 * ({@link org.anp.identity.auth.DidWbaAuthenticator}: the {@code DIDWba} Authorization header,
 * RFC 9421 HTTP message signatures, the JSON login, bearer-token reuse) and the server side
 * ({@link org.anp.identity.auth.DidWbaVerifier}, which returns a
 * {@link org.anp.identity.auth.VerifiedCaller} or fails with a coded
 * {@link org.anp.identity.IdentityException}; {@link org.anp.identity.auth.AccessTokenService}
 * for the JWT access tokens; {@link org.anp.identity.auth.AuthChallenge} for the
 * {@code WWW-Authenticate} answer).
 *
 * <p>ANP 1.2 (ANP-02, RFC 9421 + RFC 9530): {@link org.anp.identity.auth.HttpSignatureAuthenticator}
 * signs, {@link org.anp.identity.auth.HttpSignatureVerifier} verifies (headers or {@link
 * org.anp.identity.auth.JsonCarriage}), {@link org.anp.identity.auth.DidAuthenticationGate} decides
 * a request and renders {@link org.anp.identity.auth.DidWbaChallenge} headers, {@link
 * org.anp.identity.auth.IssuedNonces} are the server's challenge nonces (decision 0024).
 *
 * <p>Time, randomness and the nonce store are injected; every limit is named in a builder.
 * Nothing in this package logs headers, signatures or tokens.
 */
package org.anp.identity.auth;
