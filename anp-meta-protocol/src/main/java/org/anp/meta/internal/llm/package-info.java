/** Implementation of the language-model path: the chat-completions client, prompts, strict answers. */
package org.anp.meta.internal.llm;
