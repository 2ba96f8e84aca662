/**
 * The meta-protocol driver: {@link org.anp.meta.session.MetaProtocolAgent} runs the negotiation
 * engines of {@code org.anp.meta.negotiation} over an {@code AgentMessenger}, with the hello
 * blocks, code generation, verification, fix-error rounds and the protocol store wired together.
 */
package org.anp.meta.session;
