/**
 * Agents from code: a plain Java class annotated with {@link
 * org.anp.application.interfaces.JsonRpcInterface} and {@link
 * org.anp.application.interfaces.JsonRpcMethod} (or the equivalent {@link
 * org.anp.application.interfaces.InterfaceDefinition.Builder}) becomes an {@link
 * org.anp.application.interfaces.InterfaceDefinition} with JSON Schemas derived from the Java
 * signatures; {@link org.anp.application.interfaces.JsonRpcInvoker} runs JSON-RPC 2.0 requests
 * against it, handing the authenticated caller to the method through {@link
 * org.anp.application.interfaces.CallContext}.
 */
package org.anp.application.interfaces;
