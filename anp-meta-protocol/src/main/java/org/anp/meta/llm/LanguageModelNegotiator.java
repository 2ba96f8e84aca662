package org.anp.meta.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.handler.CompiledSchema;
import org.anp.meta.internal.llm.ModelDialogue;
import org.anp.meta.internal.llm.ModelDialogue.BadAnswer;
import org.anp.meta.internal.llm.Prompts;
import org.anp.meta.negotiator.FixVerdict;
import org.anp.meta.negotiator.LocalCapability;
import org.anp.meta.negotiator.Negotiator;
import org.anp.meta.negotiator.Proposal;
import org.anp.meta.negotiator.ProtocolDocument;
import org.anp.meta.negotiator.SchemaNegotiator;
import org.anp.meta.negotiator.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Negotiator} that asks a {@link LanguageModel} to judge candidate protocols
 * (spec/meta-protocol.md §4): the prompt (resources {@code org/anp/meta/llm/prompts/}) carries
 * the candidate, the peer's summary and the local side's capabilities (provider) or need
 * (requester), and asks for {@code {"action":"accept|counter|reject","protocol":…,"reason":…}}.
 *
 * <p>Nothing the model writes reaches the wire unchecked: the answer must be that JSON object
 * exactly; a counter-proposal must be a §6 protocol document (read with {@link ProtocolDocument})
 * with request and response schemas that compile as draft 2020-12, and is sent in the document's
 * canonical rendering. An unusable answer is asked again, up to {@code maxAttempts}; then, or if
 * the model cannot be reached, the candidate is rejected with the reason. A first candidate the
 * model cannot draft is the need itself, rendered as a document.
 *
 * <p>Test cases and fix-error verdicts are deterministic, from the same capabilities
 * ({@link SchemaNegotiator}): both are checked against schemas, which a model adds nothing to.
 * Calls block the calling thread for up to {@code maxAttempts} model replies. Thread-safe.
 */
public final class LanguageModelNegotiator implements Negotiator {
  private static final Logger log = LoggerFactory.getLogger(LanguageModelNegotiator.class);
  private static final Set<String> VERDICT_MEMBERS = Set.of("action", "protocol", "reason");

  private final ModelDialogue dialogue;
  private final List<LocalCapability> capabilities;
  private final SchemaNegotiator schemas;

  private LanguageModelNegotiator(Builder b) {
    this.dialogue = new ModelDialogue(b.model, b.maxAttempts, b.waitLimit);
    this.capabilities = b.capabilities;
    this.schemas = SchemaNegotiator.of(b.capabilities);
  }

  /** A builder for a negotiator asking {@code model}; no capabilities (a pure requester) by default. */
  public static Builder builder(LanguageModel model) {
    return new Builder(model);
  }

  @Override
  public String draft(String need) {
    String system = Prompts.fill("draft-system", Map.of("format", Prompts.load("protocol-format")));
    String user = Prompts.fill("draft-user", Map.of("need", need));
    try {
      return dialogue.ask("draft", List.of(ChatMessage.system(system), ChatMessage.user(user)),
          Set.of("protocol"), a -> wellFormed(ModelDialogue.text(a, "protocol", true)));
    } catch (MetaProtocolException e) {
      log.debug("draft: falling back to the need as written: {}", e.getMessage());
      return ProtocolDocument.parse(need).render();
    }
  }

  @Override
  public Verdict evaluate(Proposal proposal) {
    if (proposal.previousOwnCandidate().filter(proposal.candidate()::equals).isPresent()) {
      return Verdict.accept();
    }
    try {
      ProtocolDocument.parse(proposal.candidate());
    } catch (MetaProtocolException e) {
      return Verdict.reject("the candidate is not a protocol document: " + e.getMessage());
    }
    String system = Prompts.fill("negotiate-system", Map.of("format", Prompts.load("protocol-format")));
    String user = proposal.role() == Proposal.Role.PROVIDER
        ? Prompts.fill("negotiate-provider", Map.of(
            "round", Integer.toString(proposal.round()),
            "capabilities", describe(capabilities),
            "summary", proposal.modificationSummary().orElse(""),
            "candidate", proposal.candidate()))
        : Prompts.fill("negotiate-requester", Map.of(
            "round", Integer.toString(proposal.round()),
            "need", proposal.need().orElse(""),
            "previous", proposal.previousOwnCandidate().orElse(""),
            "summary", proposal.modificationSummary().orElse(""),
            "candidate", proposal.candidate()));
    try {
      return dialogue.ask("evaluate", List.of(ChatMessage.system(system), ChatMessage.user(user)),
          VERDICT_MEMBERS, a -> verdict(a, proposal.candidate()));
    } catch (MetaProtocolException e) {
      return Verdict.reject("this agent could not decide on the candidate: " + e.getMessage());
    }
  }

  private static Verdict verdict(JsonNode answer, String candidate) {
    String action = ModelDialogue.text(answer, "action", true);
    String reason = ModelDialogue.text(answer, "reason", false).strip();
    switch (action) {
      case "accept":
        return Verdict.accept();
      case "reject":
        return Verdict.reject(reason.isEmpty() ? "the candidate does not fit this agent" : reason);
      case "counter":
        String protocol = wellFormed(ModelDialogue.text(answer, "protocol", true));
        if (protocol.equals(ProtocolDocument.parse(candidate).render())) {
          return Verdict.accept();
        }
        if (reason.isEmpty()) {
          throw new BadAnswer("a counter-proposal needs a \"reason\" saying what changed");
        }
        return Verdict.counter(protocol, reason);
      default:
        throw new BadAnswer("\"action\" must be \"accept\", \"counter\" or \"reject\", not \"" + action + "\"");
    }
  }

  /** The canonical §6 text of a model-written document, or {@link BadAnswer} saying what is wrong. */
  private static String wellFormed(String text) {
    ProtocolDocument doc;
    try {
      doc = ProtocolDocument.parse(text);
    } catch (MetaProtocolException e) {
      throw new BadAnswer("\"protocol\" is not a protocol document: " + e.getMessage());
    }
    JsonNode request = doc.requestSchema()
        .orElseThrow(() -> new BadAnswer("\"protocol\" has no JSON Schema under '## Request Message Format'"));
    JsonNode response = doc.responseSchema()
        .orElseThrow(() -> new BadAnswer("\"protocol\" has no JSON Schema under '## Response Message Format'"));
    try {
      CompiledSchema.compile("request schema", request);
      CompiledSchema.compile("response schema", response);
    } catch (MetaProtocolException e) {
      throw new BadAnswer("\"protocol\": " + e.getMessage());
    }
    return doc.render();
  }

  private static String describe(List<LocalCapability> capabilities) {
    if (capabilities.isEmpty()) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder();
    for (LocalCapability c : capabilities) {
      sb.append("- ").append(c.name()).append(": ").append(c.description()).append('\n')
          .append("  request schema: ").append(json(c.requestSchema())).append('\n')
          .append("  response schema: ").append(json(c.responseSchema())).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  private static String json(JsonNode node) {
    try {
      return StrictJson.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  @Override
  public Optional<String> draftTestCases(String protocol) {
    return schemas.draftTestCases(protocol);
  }

  @Override
  public Verdict evaluateTestCases(String protocol, String testCases) {
    return schemas.evaluateTestCases(protocol, testCases);
  }

  @Override
  public FixVerdict evaluateFix(String protocol, String errorDescription) {
    return schemas.evaluateFix(protocol, errorDescription);
  }

  @Override
  public String answer(String question) {
    String system = Prompts.fill("answer-system", Map.of("capabilities", describe(capabilities)));
    try {
      return dialogue.ask("answer", List.of(ChatMessage.system(system), ChatMessage.user(question)),
          Set.of("answer"), a -> ModelDialogue.text(a, "answer", true));
    } catch (MetaProtocolException e) {
      return schemas.answer(question);
    }
  }

  @Override
  public String toString() {
    return "LanguageModelNegotiator[" + capabilities.size() + " capabilities]";
  }

  /** Builder: capabilities (none), attempts per question (3), longest wait for one reply (5 min). */
  public static final class Builder {
    private final LanguageModel model;
    private List<LocalCapability> capabilities = List.of();
    private int maxAttempts = 3;
    private Duration waitLimit = Duration.ofMinutes(5);

    private Builder(LanguageModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** What the local agent serves, as for {@link SchemaNegotiator}. */
    public Builder capabilities(List<LocalCapability> capabilities) {
      this.capabilities = List.copyOf(capabilities);
      return this;
    }

    /** Model requests per question before giving up, {@code >= 1}. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Longest wait for one reply, whatever the model's own timeout. */
    public Builder waitLimit(Duration waitLimit) {
      if (waitLimit.isNegative() || waitLimit.isZero()) {
        throw new IllegalArgumentException("waitLimit: " + waitLimit);
      }
      this.waitLimit = waitLimit;
      return this;
    }

    public LanguageModelNegotiator build() {
      return new LanguageModelNegotiator(this);
    }
  }
}
