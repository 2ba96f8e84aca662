/**
 * Serving one agent on its port ({@link org.anp.application.server.AgentEndpoints}): the signed
 * description, OpenRPC documents, the JSON-RPC route (with P1's rules for {@code anp.*} methods),
 * the DID document and the well-known collection. Decisions 0049 and 0075.
 */
package org.anp.application.server;
