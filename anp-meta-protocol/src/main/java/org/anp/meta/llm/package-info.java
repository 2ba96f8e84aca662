/**
 * The language-model path of the meta-protocol: the {@link org.anp.meta.llm.LanguageModel} seam,
 * its configuration (an OpenAI-compatible chat-completions endpoint, from code or from the
 * {@code ANP_LLM_*} environment variables) and the
 * {@link org.anp.meta.llm.LanguageModelNegotiator}, which asks a model to accept, counter or
 * refuse candidate protocols and checks every answer before it reaches the wire.
 */
package org.anp.meta.llm;
