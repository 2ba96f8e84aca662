/**
 * Implementation of {@code org.anp.identity.auth}: header syntax, RFC 9421 signature bases,
 * compact JWS, the in-memory nonce store. Not API; may change without notice.
 */
package org.anp.identity.internal.auth;
