/**
 * One agent's identity as a program uses it: {@link org.anp.identity.agent.AgentIdentity} (DID,
 * document, private keys by {@link org.anp.identity.agent.KeyRole role}), the {@link
 * org.anp.identity.agent.IdentityStore} seam that loads and stores it (by default the directory
 * {@code anp did create} writes), and {@link org.anp.identity.agent.AgentIdentity#toBuilder()} to
 * change a document and sign it again.
 */
package org.anp.identity.agent;
