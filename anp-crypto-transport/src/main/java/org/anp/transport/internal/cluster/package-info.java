/** NATS JetStream implementations behind {@code org.anp.transport.cluster}. */
package org.anp.transport.internal.cluster;
