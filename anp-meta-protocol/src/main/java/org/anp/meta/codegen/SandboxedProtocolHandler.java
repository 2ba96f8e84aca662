package org.anp.meta.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.CapabilityFunction;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.SchemaHandlerGenerator;
import org.anp.meta.handler.Verification;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.internal.codegen.CallLimiter;
import org.anp.meta.internal.handler.SchemaProtocolHandler;
import org.anp.meta.negotiator.TestCases;
import org.anp.meta.wire.Frame;

/**
 * A provider's {@link ProtocolHandler} around language-model generated code. The agreed schemas
 * are checked in both directions as by the schema handler (a request that breaks them is
 * reported to the {@link ViolationSink}; a response that breaks them is a local
 * {@code CAPABILITY_FAILED}); in between, the {@link GeneratedHandler} runs on a bounded pool,
 * each call under a time limit.
 *
 * <p>States: it serves application requests only once <b>enabled</b>, which {@link #verify}
 * does when test cases pass ({@link LanguageModelCodeGenerator} verifies before returning it; a
 * driver may verify again with the test cases agreed with the peer). A call that runs past its
 * limit is abandoned and <b>disables</b> the handler for good: it must be generated again (a
 * fix-error round). Thread-safe.
 */
public final class SandboxedProtocolHandler implements ProtocolHandler {
  private final String protocol;
  private final JsonNode form;
  private final SchemaProtocolHandler checked;
  /** The generated instance, loaded again after an eviction ({@code LoadedHandlers}). */
  private final Supplier<GeneratedHandler> generated;
  private final CapabilityFunction capability;
  private final CallLimiter limiter;
  private final Duration callTimeout;
  private final int maxPayloadBytes;
  private volatile boolean enabled;
  private volatile String disabledBecause = "";

  SandboxedProtocolHandler(Parts p) {
    this.protocol = p.protocol();
    this.form = p.form().deepCopy();
    this.generated = p.generated();
    this.capability = p.capability();
    this.limiter = p.limiter();
    this.callTimeout = p.callTimeout();
    this.maxPayloadBytes = p.maxPayloadBytes();
    Map<String, String> requestNames = identity(p.requestSchema());
    Map<String, String> responseNames = identity(p.responseSchema());
    this.checked = new SchemaProtocolHandler(new SchemaProtocolHandler.Parts(
        ProtocolHash.of(protocol), form, p.requestSchema(), p.responseSchema(),
        Optional.of(this::run), requestNames, responseNames, p.violations(), p.maxPayloadBytes()));
  }

  /** What the generator builds a handler from. */
  record Parts(
      String protocol,
      JsonNode form,
      JsonNode requestSchema,
      JsonNode responseSchema,
      Supplier<GeneratedHandler> generated,
      CapabilityFunction capability,
      CallLimiter limiter,
      Duration callTimeout,
      ViolationSink violations,
      int maxPayloadBytes) {}

  private static Map<String, String> identity(JsonNode schema) {
    Map<String, String> names = new LinkedHashMap<>();
    schema.path("properties").fieldNames().forEachRemaining(n -> names.put(n, n));
    return names;
  }

  @Override
  public ProtocolHash protocolHash() {
    return checked.protocolHash();
  }

  /** {@code {"kind":"javaSource","capability":…,"className":…,"source":…}}: restored without a model. */
  @Override
  public JsonNode form() {
    return form.deepCopy();
  }

  @Override
  public byte[] encodeRequest(JsonNode request) {
    return checked.encodeRequest(request);
  }

  @Override
  public JsonNode decodeResponse(byte[] payload) {
    return checked.decodeResponse(payload);
  }

  /**
   * @throws MetaProtocolException as {@link ProtocolHandler#handleRequest}; also
   *     {@code CAPABILITY_FAILED} while not enabled, once disabled, and for a call past its time
   *     limit (which disables the handler)
   */
  @Override
  public byte[] handleRequest(byte[] payload) {
    if (!enabled) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, disabledBecause.isEmpty()
          ? "generated handler not enabled: its test cases have not passed" : "generated handler disabled: " + disabledBecause);
    }
    return serve(payload);
  }

  /** Whether application requests are served. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Runs {@code cases} through this handler in process, each response judged as in a
   * verification run ({@link Verification}: the agreed response format and the expected
   * fields). All pass: the handler is enabled. Otherwise it is not enabled (or no longer).
   *
   * @throws MetaProtocolException {@code CODE_GENERATION_FAILED} with the failures
   */
  public void verify(TestCases cases) {
    if (!disabledBecause.isEmpty()) {
      throw new MetaProtocolException(MetaProtocolError.CODE_GENERATION_FAILED, "generated handler disabled: " + disabledBecause);
    }
    ProtocolHandler judge = SchemaHandlerGenerator.forRequester().generate(protocol, ViolationSink.NONE);
    Verification run = Verification.of(judge, cases);
    List<String> crashes = new ArrayList<>();
    int i = 0;
    for (Frame request : run.requests()) {
      i++;
      byte[] answer;
      try {
        answer = serve(request.data());
      } catch (MetaProtocolException e) {
        crashes.add("- test case " + i + ": the handler failed: " + e.getMessage());
        answer = new byte[0];
      }
      run.onResponse(Frame.verification(answer));
    }
    Optional<String> failures = run.failureDescription();
    if (failures.isPresent() || !crashes.isEmpty()) {
      enabled = false;
      throw new MetaProtocolException(MetaProtocolError.CODE_GENERATION_FAILED, "generated handler failed its test cases: "
          + failures.orElse("") + String.join("\n", crashes));
    }
    enabled = true;
  }

  private byte[] serve(byte[] payload) {
    try {
      return checked.handleRequest(payload);
    } catch (MetaProtocolException e) {
      // The schema handler wraps what the generated code threw; the inner one says more.
      if (e.getCause() instanceof MetaProtocolException inner) {
        throw inner;
      }
      throw e;
    }
  }

  private JsonNode run(JsonNode request) {
    if (!disabledBecause.isEmpty()) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, "generated handler disabled: " + disabledBecause);
    }
    // Runs on the worker: the capability gets plain JSON rebuilt from bytes, never an object of
    // the generated code, and the generated code gets a copy of what the capability answers.
    CapabilityFunction local = r -> {
      JsonNode out = capability.apply(r == null ? null : plain(r));
      return out == null ? null : out.deepCopy();
    };
    GeneratedHandler code;
    try {
      code = generated.get();
    } catch (MetaProtocolException e) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated handler could not be loaded again: " + e.code().wireName(), e);
    }
    byte[] answer;
    try {
      // Written to bytes on the worker, under the limit: what comes back to this thread is plain
      // JSON, never an object of the generated code.
      answer = limiter.call(() -> {
        JsonNode out = code.handle(request, local);
        return out == null ? null : StrictJson.mapper().writeValueAsBytes(out);
      }, callTimeout);
    } catch (CallLimiter.Overrun e) {
      disabledBecause = "a call " + e.getMessage();
      enabled = false;
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated handler: a call " + e.getMessage() + "; handler disabled");
    } catch (MetaProtocolException e) {
      throw e;
    } catch (Exception e) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated handler threw " + e.getClass().getName());
    }
    if (answer == null) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED, "generated handler returned null");
    }
    try {
      return StrictJson.parse(answer, maxPayloadBytes);
    } catch (IdentityException e) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated handler answered more than " + maxPayloadBytes + " bytes");
    }
  }

  private JsonNode plain(JsonNode node) {
    try {
      return StrictJson.parse(StrictJson.mapper().writeValueAsBytes(node), maxPayloadBytes);
    } catch (JsonProcessingException | IdentityException e) {
      throw new MetaProtocolException(MetaProtocolError.CAPABILITY_FAILED,
          "generated handler built a capability request that is not plain JSON within " + maxPayloadBytes + " bytes");
    }
  }

  @Override
  public String toString() {
    return "SandboxedProtocolHandler[" + protocolHash() + (enabled ? ", enabled" : ", not enabled") + "]";
  }
}
