/**
 * Calling other agents: {@link org.anp.application.client.AgentClient} fetches and verifies an
 * agent description and returns a {@link org.anp.application.client.RemoteAgent}, whose JSON-RPC
 * methods (OpenRPC) and HTTP operations (OpenAPI 3, ANP YAML) are called with DID authentication.
 * Decisions 0049 and 0074.
 */
package org.anp.application.client;
