/** Implementation of the message service relay: Netty handlers, routing table, queues. */
package org.anp.transport.internal.relay;
