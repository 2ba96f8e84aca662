package org.anp.transport.internal.cluster;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.StreamContext;

/**
 * One working connection of a relay node to its cluster and the JetStream handles made on it;
 * replaced as a whole when the node opens a new connection ({@link NodeConnection}).
 *
 * @param deliveries the one thread on which every key consumer of the node hands its messages
 *     to the relay (a thread per consumer would mean a thread per registered agent, all of them
 *     contending for the relay's lock)
 */
record NatsSession(Connection connection, JetStream jetStream, StreamContext stream, KeyValue registry,
    Dispatcher deliveries) {}
