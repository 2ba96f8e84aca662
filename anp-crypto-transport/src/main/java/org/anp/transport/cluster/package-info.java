/**
 * Running ANP services on several nodes that share state through NATS JetStream (issue 16): a
 * relay cluster ({@link org.anp.transport.cluster.RelayCluster}, decision 0077), and stores that
 * several instances of a service share. Optional: nothing here is needed by a single process.
 */
package org.anp.transport.cluster;
