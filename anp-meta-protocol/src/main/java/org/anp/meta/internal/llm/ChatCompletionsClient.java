package org.anp.meta.internal.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.llm.ChatMessage;
import org.anp.meta.llm.LanguageModel;
import org.anp.meta.llm.LanguageModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LanguageModel} over an OpenAI-compatible {@code POST /chat/completions} endpoint with the
 * JDK {@link HttpClient}: one request per call, no redirects, the whole exchange bounded by the
 * configured timeout, the reply body by the configured size. Logs sizes and status at DEBUG,
 * never the key or the texts. Thread-safe.
 */
public final class ChatCompletionsClient implements LanguageModel {
  private static final Logger log = LoggerFactory.getLogger(ChatCompletionsClient.class);

  private final LanguageModelConfig config;
  private final URI endpoint;
  private final HttpClient http;

  public ChatCompletionsClient(LanguageModelConfig config) {
    this.config = config;
    String base = config.baseUrl().toString();
    this.endpoint = URI.create(base + (base.endsWith("/") ? "" : "/") + "chat/completions");
    this.http = HttpClient.newBuilder()
        .connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public CompletableFuture<String> complete(List<ChatMessage> messages) {
    byte[] body;
    try {
      body = requestBody(messages);
    } catch (MetaProtocolException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(config.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k.valueInsecure()));
    log.debug("chat completions: {} bytes to {} (model {})", body.length, endpoint, config.model());
    return http.sendAsync(request.build(), info -> new CappedBodySubscriber(config.maxResponseBytes()))
        .orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure != null) {
            throw asModelFailure(failure);
          }
          log.debug("chat completions: HTTP {}, {} bytes", response.statusCode(), response.body().length);
          return content(response);
        });
  }

  private byte[] requestBody(List<ChatMessage> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("no messages");
    }
    long promptBytes = 0;
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("model", config.model());
    ArrayNode list = root.putArray("messages");
    for (ChatMessage m : messages) {
      promptBytes += m.content().getBytes(StandardCharsets.UTF_8).length;
      list.addObject().put("role", m.role().wireName()).put("content", m.content());
    }
    if (promptBytes > config.maxPromptBytes()) {
      throw new MetaProtocolException(MetaProtocolError.MESSAGE_TOO_LARGE,
          "prompt: " + promptBytes + " bytes, limit " + config.maxPromptBytes());
    }
    try {
      return StrictJson.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private String content(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw failed("HTTP status " + response.statusCode(), null);
    }
    JsonNode root;
    try {
      root = StrictJson.parse(response.body(), config.maxResponseBytes());
    } catch (IdentityException e) {
      throw failed("reply is not JSON", e);
    }
    JsonNode content = root.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw failed("reply has no choices[0].message.content string", null);
    }
    return content.textValue();
  }

  private static MetaProtocolException asModelFailure(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof MetaProtocolException e) {
      return e;
    }
    if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      return failed("no reply within the request timeout", t);
    }
    return failed("request failed: " + t.getClass().getSimpleName(), t);
  }

  private static MetaProtocolException failed(String message, Throwable cause) {
    return new MetaProtocolException(MetaProtocolError.LANGUAGE_MODEL_FAILED, "chat completions: " + message, cause);
  }

  @Override
  public String toString() {
    return "ChatCompletionsClient[" + endpoint + ", model=" + config.model() + "]";
  }
}
