package org.anp.identity.agent;

/**
 * What an agent uses one of its private keys for. {@link AgentIdentity#key(KeyRole)} picks the key
 * for a role from the DID document with one rule (decision 0014), the same for every DID method:
 *
 * <ul>
 *   <li>{@link #AUTHENTICATION}: the first method referenced from {@code authentication} whose key
 *       can sign and whose private key the identity holds;
 *   <li>{@link #ASSERTION}: the first such method referenced from {@code assertionMethod}, else
 *       the {@link #AUTHENTICATION} key (legacy did:wba and did:all documents have no {@code
 *       assertionMethod} and are signed with their authentication key);
 *   <li>{@link #E2E}: a P-256 key the identity holds, preferring one referenced from {@code
 *       keyAgreement}, then one referenced from no relationship (a dedicated key such as did:wba's
 *       {@code key-2}), then any other (did:all's {@code keys-1}, a P-256 {@code key-1}); within a
 *       tier in document order.
 * </ul>
 *
 * Only methods of the identity's own DID ({@code <did>#<fragment>}) are considered.
 */
public enum KeyRole {
  /**
   * Signs HTTP authentication ({@code DIDWba} headers, HTTP message signatures) and the relay's
   * {@code register} entry.
   */
  AUTHENTICATION,
  /** Signs the DID document's proof and other statements made as this DID. */
  ASSERTION,
  /**
   * Authenticates E2E key agreement: signs the hellos of the ANP E2E handshake
   * (spec/e2e-transport.md), whose shared secrets come from the short-term keys the hellos carry.
   * Always a P-256 key.
   */
  E2E
}
