/**
 * An embeddable HTTP/1.1 server on Netty for the upper layers and for DID hosting: {@link
 * org.anp.transport.http.HttpServer} with routes ({@code {var}} segments and {@code /**} prefix
 * patterns), asynchronous {@link org.anp.transport.http.HttpHandler}s run off the event loop,
 * immutable {@link org.anp.transport.http.HttpRequest}/{@link org.anp.transport.http.HttpResponse}
 * values, size and time limits, DID authentication per route ({@link
 * org.anp.transport.http.AuthPolicy}) and graceful shutdown.
 *
 * <p>Errors become responses in one place: an {@code IdentityException} answers with its code's
 * status (401s with a {@code WWW-Authenticate} challenge, spec/identity.md 1.5), a {@code
 * TransportException} with its code's status, anything else with a bare 500. Error bodies are
 * JSON {@code {"status":..,"code":"ENUM_NAME","error":"wire name","error_description":".."}}.
 */
package org.anp.transport.http;
