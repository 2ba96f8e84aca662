/**
 * OpenRPC 1.3 documents of agent interfaces: {@link org.anp.application.openrpc.OpenRpcDocuments}
 * writes the document that an agent description's {@code openrpc} interface points to.
 */
package org.anp.application.openrpc;
