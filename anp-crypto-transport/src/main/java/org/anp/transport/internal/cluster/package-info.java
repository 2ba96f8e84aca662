/**
 * NATS JetStream implementations behind {@link org.anp.transport.cluster}: the relay cluster's
 * streams and routes, key-value buckets of entries seen once ({@code KvBucket}), their hashed
 * keys ({@code KvKeys}) and the per-DID quota each instance keeps in front of a shared nonce
 * bucket ({@code KvDidQuota}). Not API.
 */
package org.anp.transport.internal.cluster;
