/**
 * The Netty engine behind {@link org.anp.transport.http.HttpServer}: the pipeline (request timer,
 * codec, size-limited aggregator, dispatcher), routing, authentication and the mapping of
 * exceptions to responses. Not API.
 */
package org.anp.transport.internal.http;
