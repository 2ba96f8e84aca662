package org.anp.meta.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.llm.ChatMessage;
import org.anp.meta.llm.LanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a {@link LanguageModel} for one JSON object and reads it strictly, with a bounded number
 * of attempts. The reply must be exactly one JSON object (optionally inside a single fenced code
 * block, nothing around it) with exactly the allowed member names; the caller's reader then
 * checks the values and throws {@link BadAnswer} naming what is wrong. A bad answer is retried
 * with a note saying why it was refused; a failed or timed-out request is retried as it was. A
 * prompt or a reply over its size limit is not retried. Thread-safe (no state).
 */
public final class ModelDialogue {
  private static final Logger log = LoggerFactory.getLogger(ModelDialogue.class);
  /** Largest answer read, in bytes. */
  private static final int MAX_ANSWER_BYTES = 1 << 20;

  private final LanguageModel model;
  private final int maxAttempts;
  private final Duration waitLimit;

  /**
   * @param maxAttempts requests per question, {@code >= 1}
   * @param waitLimit longest wait for one reply, a bound for models that do not time out
   */
  public ModelDialogue(LanguageModel model, int maxAttempts, Duration waitLimit) {
    this.model = Objects.requireNonNull(model, "model");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.waitLimit = Objects.requireNonNull(waitLimit, "waitLimit");
  }

  /** What a reader throws for an answer it refuses; the message is sent back to the model. */
  public static final class BadAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadAnswer(String message) {
      super(message, null, false, false);
    }
  }

  /** Turns a well-formed JSON answer into a value, or throws {@link BadAnswer}. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonNode answer);
  }

  /**
   * Asks {@code prompt} until an answer is read or the attempts are used up.
   *
   * @param purpose names the question in logs and errors
   * @param members the member names the answer may have
   * @throws MetaProtocolException {@code LANGUAGE_MODEL_FAILED} after the last attempt, naming
   *     the last problem; {@code MESSAGE_TOO_LARGE} if the prompt or the reply is over its limit
   */
  public <T> T ask(String purpose, List<ChatMessage> prompt, Set<String> members, Reader<T> reader) {
    String problem = "no attempt made";
    String refusal = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      List<ChatMessage> messages = new ArrayList<>(prompt);
      if (refusal != null) {
        messages.add(ChatMessage.user(Prompts.fill("retry", Map.of("problem", refusal))));
      }
      String reply;
      try {
        reply = await(model.complete(List.copyOf(messages)));
      } catch (MetaProtocolException e) {
        if (e.code() == MetaProtocolError.MESSAGE_TOO_LARGE) {
          throw e; // the same prompt is as large next time, and so, likely, the reply
        }
        problem = e.getMessage();
        log.debug("{}: attempt {} of {} failed: {}", purpose, attempt, maxAttempts, problem);
        continue;
      }
      try {
        return reader.read(parse(reply, members));
      } catch (BadAnswer e) {
        problem = "unusable answer: " + e.getMessage();
        refusal = e.getMessage();
        log.debug("{}: attempt {} of {}: {}", purpose, attempt, maxAttempts, problem);
      }
    }
    throw new MetaProtocolException(MetaProtocolError.LANGUAGE_MODEL_FAILED,
        purpose + ": no usable answer after " + maxAttempts + " attempts (last: " + problem + ")");
  }

  private String await(Future<String> reply) {
    try {
      return reply.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MetaProtocolException m) {
        throw m;
      }
      throw new MetaProtocolException(MetaProtocolError.LANGUAGE_MODEL_FAILED,
          "language model failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
    } catch (TimeoutException e) {
      reply.cancel(true);
      throw new MetaProtocolException(MetaProtocolError.LANGUAGE_MODEL_FAILED, "language model: no reply within " + waitLimit, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetaProtocolException(MetaProtocolError.LANGUAGE_MODEL_FAILED, "interrupted while waiting for the language model", e);
    }
  }

  /**
   * The answer's JSON object: the whole reply, or the whole content of one fenced block that is
   * the whole reply.
   */
  static JsonNode parse(String reply, Set<String> members) {
    String text = reply.strip();
    if (text.startsWith("```") && text.endsWith("```") && text.length() >= 6) {
      int firstLine = text.indexOf('\n');
      if (firstLine < 0 || text.indexOf("```", firstLine) != text.length() - 3) {
        throw new BadAnswer("the answer is not a single JSON object");
      }
      text = text.substring(firstLine + 1, text.length() - 3).strip();
    }
    if (!text.startsWith("{")) {
      throw new BadAnswer("the answer is not a single JSON object: it does not start with '{'");
    }
    JsonNode node;
    try {
      node = StrictJson.parse(text, MAX_ANSWER_BYTES);
    } catch (IdentityException e) {
      throw new BadAnswer("the answer is not a single valid JSON object (" + e.getMessage() + ")");
    }
    if (!node.isObject()) {
      throw new BadAnswer("the answer is not a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!members.contains(name)) {
        throw new BadAnswer("unexpected member \"" + name + "\"; allowed: " + members);
      }
    }
    return node;
  }

  /** The member {@code name} as a string, or {@link BadAnswer}. */
  public static String text(JsonNode answer, String name, boolean required) {
    JsonNode v = answer.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadAnswer("missing member \"" + name + "\"");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new BadAnswer("member \"" + name + "\" is not a string");
    }
    return v.textValue();
  }
}
