/**
 * Running past one machine on NATS JetStream (issue 16): {@link
 * org.anp.transport.cluster.ClusterConnection} opens the connection to a NATS server, and the
 * stores kept there let several instances of one service share state. {@link
 * org.anp.transport.cluster.JetStreamNonceStore} shares the DID authentication replay protection
 * ({@link org.anp.identity.auth.NonceStore}) and {@link
 * org.anp.transport.cluster.JetStreamHelloReplayCache} the E2E hello replay cache: a signed request or hello is
 * accepted once in all, whichever instance it reaches (decision 0082).
 *
 * <p>Everything here needs {@code io.nats:jnats} on the class path, an optional dependency of
 * this module: add it to use the package. Without it, everything else stays embedded and
 * in-process. Every store fails closed: while NATS cannot be reached, requests are refused with a
 * 503-class code, never accepted without the check.
 */
package org.anp.transport.cluster;
