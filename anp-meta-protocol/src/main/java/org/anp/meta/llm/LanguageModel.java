package org.anp.meta.llm;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.anp.meta.internal.llm.ChatCompletionsClient;

/**
 * A chat language model: messages in, the assistant's text out. The seam behind
 * {@link LanguageModelNegotiator} and {@link org.anp.meta.codegen.LanguageModelCodeGenerator};
 * tests and other vendors plug in here.
 *
 * <p>Implementations are thread-safe, and the future always completes: with the text, or with a
 * {@link org.anp.meta.MetaProtocolException} of code {@code LANGUAGE_MODEL_FAILED} (unreachable,
 * timed out, an error status, an unreadable reply) or {@code MESSAGE_TOO_LARGE} (the prompt or
 * the reply is over its limit).
 */
public interface LanguageModel {

  /** Sends one chat and completes with the assistant's reply text. */
  CompletableFuture<String> complete(List<ChatMessage> messages);

  /**
   * A client of an OpenAI-compatible {@code POST {baseUrl}/chat/completions} endpoint on the JDK
   * {@code HttpClient}.
   */
  static LanguageModel openAiCompatible(LanguageModelConfig config) {
    return new ChatCompletionsClient(config);
  }
}
