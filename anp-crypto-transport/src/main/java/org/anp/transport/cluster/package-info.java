/**
 * Running ANP services on several nodes that share state through NATS JetStream (issue 16).
 * {@link org.anp.transport.cluster.ClusterConnection} opens the connection to a NATS server;
 * {@link org.anp.transport.cluster.RelayCluster} makes relay nodes one relay (decision 0077);
 * {@link org.anp.transport.cluster.JetStreamNonceStore} shares the DID authentication replay
 * protection ({@link org.anp.identity.auth.NonceStore}) and {@link
 * org.anp.transport.cluster.JetStreamHelloReplayCache} the E2E hello replay cache, so that a
 * signed request or hello is accepted once in all, whichever instance it reaches (decision 0082).
 *
 * <p>Everything here needs {@code io.nats:jnats} on the class path, an optional dependency of
 * this module: add it to use the package. Without it, everything stays embedded and in-process.
 * The shared stores fail closed: while NATS cannot be reached, requests are refused with a
 * 503-class code, never accepted without the check.
 */
package org.anp.transport.cluster;
