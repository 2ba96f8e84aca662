package org.anp.transport.internal.cluster;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.StreamContext;

/**
 * One working connection of a relay node to its cluster and the JetStream handles made on it;
 * replaced as a whole when the node opens a new connection ({@link NodeConnection}).
 */
record NatsSession(Connection connection, JetStream jetStream, StreamContext stream, KeyValue registry) {}
