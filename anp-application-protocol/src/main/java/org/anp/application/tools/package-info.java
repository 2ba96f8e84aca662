/**
 * An agent's interfaces as tool definitions for language models (OpenAI function calling, MCP)
 * and the dispatch of tool calls back to authenticated calls ({@link
 * org.anp.application.tools.ToolSet}).
 */
package org.anp.application.tools;
