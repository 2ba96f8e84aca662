package org.anp.meta.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.internal.codegen.BytecodeCheck;
import org.anp.meta.internal.codegen.CallLimiter;
import org.anp.meta.internal.codegen.CheckedClasses;
import org.anp.meta.internal.codegen.InMemoryCompiler;
import org.anp.meta.internal.codegen.LoadedHandlers;
import org.anp.meta.internal.codegen.SandboxClassLoader;
import org.anp.meta.internal.llm.ModelDialogue;
import org.anp.meta.internal.llm.Prompts;
import org.anp.meta.internal.negotiator.ObjectSchema;
import org.anp.meta.llm.ChatMessage;
import org.anp.meta.llm.LanguageModel;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.TestCases;

/**
 * A {@link ProtocolCodeGenerator} whose provider handlers are Java written by a
 * {@link LanguageModel} (spec/meta-protocol.md §7). For an agreed protocol it picks the local
 * capability whose request fields best match, asks the model (prompts in
 * {@code org/anp/meta/llm/prompts/codegen-*.md}) for a class implementing
 * {@link GeneratedHandler}, and then, in this order:
 * <ol>
 *   <li>compiles it in memory with {@code javax.tools} (no file is written);
 *   <li>checks the bytecode with ASM against the deny-list (process, file, network, reflection,
 *       class loading, threads, {@code System.exit}, native code, {@code Unsafe}, method handles,
 *       other {@code invokedynamic} bootstraps, and anything outside the allowed API) and refuses
 *       it before loading with {@code DENIED_API} naming each violation;
 *   <li>loads it in its own class loader whose parent exposes only the allowed API, and
 *       instantiates it under the call time limit;
 *   <li>runs the test cases for the protocol through it ({@link SandboxedProtocolHandler#verify}),
 *       and returns the handler enabled only when they all pass.
 * </ol>
 * A failed compile, check or test is told to the model and generation is tried again, up to
 * {@code generationAttempts}; then the last failure is thrown. A requester (no capabilities) needs
 * no generated code: it gets the schema handler. {@link #restore} rebuilds a stored handler from
 * its source, through the same checks and tests, without the model.
 *
 * <p>Generated code runs in this JVM: the sandbox bounds what it can call and how long a call
 * runs, not how much memory a call allocates. What generated code occupies is bounded: the size
 * of a source and of its bytecode, and the number of handlers loaded at once (least recently used
 * ones are unloaded and loaded again when used). Thread-safe; {@link #close()} stops the workers.
 */
public final class LanguageModelCodeGenerator implements ProtocolCodeGenerator, AutoCloseable {
  /** The {@code kind} of the forms this generator writes. */
  public static final String FORM_KIND = "javaSource";
  /** The name of the class the model writes. */
  public static final String CLASS_NAME = "AgreedProtocolHandler";

  private final ModelDialogue dialogue;
  private final List<LocalCapability> capabilities;
  private final Map<String, CapabilityFunction> functions;
  private final Function<String, Optional<TestCases>> testCases;
  private final Duration callTimeout;
  private final int generationAttempts;
  private final int maxPayloadBytes;
  private final CallLimiter limiter;
  private final InMemoryCompiler compiler;
  private final LoadedHandlers loaded;

  private LanguageModelCodeGenerator(Builder b) {
    this.dialogue = new ModelDialogue(b.model, b.maxAttempts, b.waitLimit);
    this.capabilities = b.capabilities;
    this.functions = b.functions;
    this.testCases = b.testCases;
    this.callTimeout = b.callTimeout;
    this.generationAttempts = b.generationAttempts;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.limiter = new CallLimiter(b.threads);
    this.compiler = new InMemoryCompiler(b.maxSourceChars, b.maxBytecodeBytes);
    this.loaded = new LoadedHandlers(b.maxLoadedHandlers);
  }

  /** A builder for a generator asking {@code model}; add capabilities for a provider. */
  public static Builder builder(LanguageModel model) {
    return new Builder(model);
  }

  /**
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if the protocol lacks a schema
   *     or matches no local capability; {@code LANGUAGE_MODEL_FAILED} (or {@code MESSAGE_TOO_LARGE}
   *     for a protocol too large to send) if the model gave no source;
   *     {@code CODE_GENERATION_FAILED} or {@code DENIED_API} for the last refused source
   */
  @Override
  public ProtocolHandler generate(String protocol, ViolationSink violations) {
    if (capabilities.isEmpty()) {
      return SchemaHandlerGenerator.forRequester().withMaxPayloadBytes(maxPayloadBytes).generate(protocol, violations);
    }
    ProtocolDocument doc = ProtocolDocument.parse(protocol);
    JsonNode request = doc.requestSchema().orElseThrow(() -> invalid("the protocol has no request schema"));
    doc.responseSchema().orElseThrow(() -> invalid("the protocol has no response schema"));
    LocalCapability capability = bestCapability(ObjectSchema.of(request))
        .orElseThrow(() -> invalid("no local capability takes any field of the agreed request"));
    TestCases cases = casesFor(protocol);
    List<ChatMessage> prompt = new ArrayList<>(List.of(
        ChatMessage.system(Prompts.fill("codegen-system", Map.of("className", CLASS_NAME))),
        ChatMessage.user(Prompts.fill("codegen-user", Map.of(
            "protocol", protocol,
            "capabilityName", capability.name(),
            "capabilityDescription", capability.description(),
            "capabilityRequest", json(capability.requestSchema()),
            "capabilityResponse", json(capability.responseSchema()))))));
    MetaProtocolException last = null;
    for (int attempt = 1; attempt <= generationAttempts; attempt++) {
      String source = dialogue.ask("code generation", List.copyOf(prompt), Set.of("source"),
          a -> ModelDialogue.text(a, "source", true));
      try {
        return build(protocol, capability, source, cases, violations);
      } catch (MetaProtocolException e) {
        if (e.code() != MetaProtocolError.CODE_GENERATION_FAILED && e.code() != MetaProtocolError.DENIED_API) {
          throw e;
        }
        last = e;
        prompt.add(ChatMessage.user(Prompts.fill("codegen-retry", Map.of("problem", e.getMessage()))));
      }
    }
    throw last;
  }

  /**
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if the form cannot be read or
   *     names a capability no longer declared; {@code CODE_GENERATION_FAILED} or
   *     {@code DENIED_API} if its source no longer passes
   */
  @Override
  public ProtocolHandler restore(String protocol, JsonNode form, ViolationSink violations) {
    Objects.requireNonNull(form, "form");
    if (!FORM_KIND.equals(form.path("kind").asText()) || !form.path("source").isTextual()
        || !form.path("capability").isTextual()) {
      throw invalid("stored handler form: not a " + FORM_KIND + " form");
    }
    String name = form.path("capability").textValue();
    LocalCapability capability = capabilities.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> invalid("stored handler form: capability " + name + " is no longer declared"));
    return build(protocol, capability, form.path("source").textValue(), casesFor(protocol), violations);
  }

  private SandboxedProtocolHandler build(
      String protocol, LocalCapability capability, String source, TestCases cases, ViolationSink violations) {
    // Compiled, checked and loaded now, and again after an eviction from the loaded handlers.
    Supplier<GeneratedHandler> load = () -> {
      CheckedClasses classes = BytecodeCheck.check(compiler.compile(CLASS_NAME, source));
      return instantiate(new SandboxClassLoader(classes));
    };
    LoadedHandlers.Slot generated = loaded.add(load.get(), load);
    ProtocolDocument doc = ProtocolDocument.parse(protocol);
    ObjectNode form = JsonNodeFactory.instance.objectNode();
    form.put("kind", FORM_KIND).put("capability", capability.name()).put("className", CLASS_NAME).put("source", source);
    SandboxedProtocolHandler handler = new SandboxedProtocolHandler(new SandboxedProtocolHandler.Parts(
        protocol, form, doc.requestSchema().orElseThrow(), doc.responseSchema().orElseThrow(), generated,
        functions.get(capability.name()), limiter, callTimeout, Objects.requireNonNull(violations, "violations"),
        maxPayloadBytes));
    try {
      handler.verify(cases);
    } catch (MetaProtocolException e) {
      loaded.remove(generated);
      throw e;
    }
    return handler;
  }

  private GeneratedHandler instantiate(ClassLoader loader) {
    Class<? extends GeneratedHandler> type;
    try {
      type = loader.loadClass(CLASS_NAME).asSubclass(GeneratedHandler.class);
    } catch (ClassNotFoundException | ClassCastException | LinkageError | SecurityException e) {
      throw failed("no public class " + CLASS_NAME + " implementing GeneratedHandler could be loaded ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
    try {
      return limiter.call(() -> type.getConstructor().newInstance(), callTimeout);
    } catch (CallLimiter.Overrun e) {
      throw failed("creating the handler " + e.getMessage(), e);
    } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
      throw failed(CLASS_NAME + " needs a public no-argument constructor", e);
    } catch (InvocationTargetException | LinkageError e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw failed("creating the handler failed: " + cause, cause);
    } catch (MetaProtocolException e) {
      throw e;
    } catch (Exception e) {
      throw failed("creating the handler failed: " + e, e);
    }
  }

  private TestCases casesFor(String protocol) {
    return testCases.apply(protocol).orElseThrow(() -> failed("no test cases to check the generated code with", null));
  }

  private Optional<LocalCapability> bestCapability(ObjectSchema agreedRequest) {
    LocalCapability best = null;
    long bestScore = 0;
    for (LocalCapability c : capabilities) {
      ObjectSchema own = ObjectSchema.of(c.requestSchema());
      long score = agreedRequest.names().stream().filter(n -> own.match(n).isPresent()).count();
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String json(JsonNode node) {
    try {
      return StrictJson.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static MetaProtocolException invalid(String message) {
    return new MetaProtocolException(MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, message);
  }

  private static MetaProtocolException failed(String message, Throwable cause) {
    return new MetaProtocolException(MetaProtocolError.CODE_GENERATION_FAILED, message, cause);
  }

  /** Stops the workers generated code runs on; handlers made by this generator stop serving. */
  @Override
  public void close() {
    limiter.close();
  }

  /**
   * Generated handlers loaded now (each with its own class loader); at most
   * {@link Builder#maxLoadedHandlers}.
   */
  public int loadedHandlers() {
    return loaded.size();
  }

  /** Handlers loaded so far: first loads, and loads again after an eviction. */
  public long handlerLoads() {
    return loaded.loads();
  }

  /** Workers running generated code now. */
  public int activeCalls() {
    return limiter.activeCalls();
  }

  /**
   * Builder. Defaults: no capabilities, test cases made from the agreed request schema (those
   * {@link SchemaNegotiator#draftTestCases} proposes), 2 s per call, 2 worker threads, 2
   * generation attempts, 3 requests per model answer, 5 min longest wait for one reply, 1 MiB
   * payloads, sources up to 64 Ki chars, class files up to 256 KiB together, 16 generated handlers
   * loaded at once.
   */
  public static final class Builder {
    private final LanguageModel model;
    private List<LocalCapability> capabilities = List.of();
    private Map<String, CapabilityFunction> functions = Map.of();
    private Function<String, Optional<TestCases>> testCases =
        protocol -> SchemaNegotiator.of(List.of()).draftTestCases(protocol).map(TestCases::parse);
    private Duration callTimeout = Duration.ofSeconds(2);
    private int threads = 2;
    private int generationAttempts = 2;
    private int maxAttempts = 3;
    private Duration waitLimit = Duration.ofMinutes(5);
    private int maxPayloadBytes = SchemaHandlerGenerator.DEFAULT_MAX_PAYLOAD_BYTES;
    private int maxSourceChars = InMemoryCompiler.MAX_SOURCE_CHARS;
    private int maxBytecodeBytes = InMemoryCompiler.MAX_BYTECODE_BYTES;
    private int maxLoadedHandlers = 16;

    private Builder(LanguageModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Serve {@code capabilities} with {@code functions} (by capability name).
     *
     * @throws IllegalArgumentException if a capability has no function
     */
    public Builder provider(List<LocalCapability> capabilities, Map<String, CapabilityFunction> functions) {
      for (LocalCapability c : capabilities) {
        if (!functions.containsKey(c.name())) {
          throw new IllegalArgumentException("no function for capability " + c.name());
        }
      }
      this.capabilities = List.copyOf(capabilities);
      this.functions = Map.copyOf(functions);
      return this;
    }

    /** The test cases a handler must pass to be enabled, for a protocol text. */
    public Builder testCases(Function<String, Optional<TestCases>> testCases) {
      this.testCases = Objects.requireNonNull(testCases, "testCases");
      return this;
    }

    /** Time limit of one call into generated code, positive. */
    public Builder callTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("callTimeout: " + timeout);
      }
      this.callTimeout = timeout;
      return this;
    }

    /** Worker threads for generated code, {@code >= 1}. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Sources asked for before giving up, {@code >= 1}. */
    public Builder generationAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("generationAttempts: " + attempts);
      }
      this.generationAttempts = attempts;
      return this;
    }

    /** Model requests per answer (unusable answers are asked again), {@code >= 1}. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts: " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Longest wait for one model reply. */
    public Builder waitLimit(Duration waitLimit) {
      this.waitLimit = Objects.requireNonNull(waitLimit, "waitLimit");
      return this;
    }

    /** Largest payload read from the peer, {@code >= 1}. */
    public Builder maxPayloadBytes(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPayloadBytes: " + max);
      }
      this.maxPayloadBytes = max;
      return this;
    }

    /**
     * Largest generated source compiled, in chars, {@code >= 1}; a larger one is refused
     * ({@code CODE_GENERATION_FAILED}, told to the model as a failed attempt).
     */
    public Builder maxSourceChars(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSourceChars: " + max);
      }
      this.maxSourceChars = max;
      return this;
    }

    /**
     * Largest bytecode of one generated source (all its class files), in bytes, {@code >= 1};
     * more is refused before loading ({@code CODE_GENERATION_FAILED}).
     */
    public Builder maxBytecodeBytes(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxBytecodeBytes: " + max);
      }
      this.maxBytecodeBytes = max;
      return this;
    }

    /**
     * Most generated handlers loaded at once, {@code >= 1}: past it the least recently used one
     * drops its instance and class loader, and is compiled, checked and loaded again from its
     * source on its next use.
     */
    public Builder maxLoadedHandlers(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxLoadedHandlers: " + max);
      }
      this.maxLoadedHandlers = max;
      return this;
    }

    public LanguageModelCodeGenerator build() {
      return new LanguageModelCodeGenerator(this);
    }
  }
}
