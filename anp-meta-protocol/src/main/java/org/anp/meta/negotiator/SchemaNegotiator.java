package org.anp.meta.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.handler.CompiledSchema;
import org.anp.meta.internal.negotiator.ObjectSchema;
import org.anp.meta.internal.negotiator.SampleRequests;
import org.anp.meta.internal.negotiator.SchemaFit;

/**
 * The default negotiator: deterministic, offline, built on the JSON Schemas in the protocol
 * documents (spec/meta-protocol.md §6). Same input, same answer, no model.
 *
 * <p>As a <b>provider</b> it reads the candidate's request and response schemas and fits them to
 * the best-matching {@link LocalCapability} (the one with most matching fields): if nothing has
 * to change it accepts; otherwise it counter-proposes the full document with fitted schemas,
 * listing each change (fields it cannot serve dropped or renamed to its own similar names,
 * response fields it does not always return made optional, fields it needs made or added as
 * required); it refuses when no capability matches any field, or when it cannot return any of
 * the required response fields. A candidate without schemas gets the best capability's schemas.
 *
 * <p>As a <b>requester</b> its need is a §6 document: the request schema says what it can send,
 * the response schema what it needs back. It drafts the need as a full document, and accepts a
 * counter-proposal if it can supply every field the candidate requires in requests and the
 * candidate still returns every response field the need requires (under the same or a similar
 * name); otherwise it refuses, naming the fields.
 *
 * <p>Test cases: it proposes up to {@link #TEST_CASES} made from the agreed request schema and
 * accepts a peer's cases whose requests match it (see {@link #draftTestCases}).
 *
 * <p>Only top-level properties are compared; nested schemas are taken whole from the capability.
 * Thread-safe (immutable). See decision record 0030.
 */
public final class SchemaNegotiator implements Negotiator {
  private final List<LocalCapability> capabilities;

  private SchemaNegotiator(List<LocalCapability> capabilities) {
    this.capabilities = List.copyOf(capabilities);
  }

  /** A negotiator serving {@code capabilities} (may be empty for a pure requester). */
  public static SchemaNegotiator of(List<LocalCapability> capabilities) {
    return new SchemaNegotiator(Objects.requireNonNull(capabilities, "capabilities"));
  }

  /** The capabilities this negotiator serves. */
  public List<LocalCapability> capabilities() {
    return capabilities;
  }

  /**
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if the need has no
   *     requirements
   */
  @Override
  public String draft(String need) {
    return ProtocolDocument.parse(need).render();
  }

  @Override
  public Verdict evaluate(Proposal proposal) {
    ProtocolDocument candidate = ProtocolDocument.parse(proposal.candidate());
    return proposal.role() == Proposal.Role.PROVIDER
        ? asProvider(candidate)
        : asRequester(candidate, proposal);
  }

  private Verdict asProvider(ProtocolDocument candidate) {
    if (capabilities.isEmpty()) {
      return Verdict.reject("this agent serves no capability");
    }
    Fitted best = null;
    for (LocalCapability c : capabilities) {
      Fitted f = fit(candidate, c);
      if (best == null || f.score() > best.score()) {
        best = f;
      }
    }
    if (best.score() == 0) {
      return Verdict.reject(
          "none of this agent's capabilities ("
              + String.join(", ", capabilities.stream().map(LocalCapability::name).toList())
              + ") matches the candidate");
    }
    SchemaFit fit = best.fit();
    if (!fit.lostRequired().isEmpty() && fit.lostRequired().size() == best.requiredResponses()) {
      return Verdict.reject(
          "this agent cannot return the required response fields " + fit.lostRequired());
    }
    if (fit.changes().isEmpty()) {
      return Verdict.accept();
    }
    String text = best.document().render();
    StringBuilder summary = new StringBuilder("Fitted to this agent's capability `")
        .append(best.capability().name()).append("`:\n");
    fit.changes().forEach(c -> summary.append("- ").append(c).append('\n'));
    return Verdict.counter(text, summary.toString().strip());
  }

  private record Fitted(
      LocalCapability capability, SchemaFit fit, ProtocolDocument document, int score, int requiredResponses) {}

  private static Fitted fit(ProtocolDocument candidate, LocalCapability c) {
    SchemaFit fit = new SchemaFit();
    ObjectSchema localRequest = ObjectSchema.of(c.requestSchema());
    ObjectSchema localResponse = ObjectSchema.of(c.responseSchema());
    JsonNode request;
    JsonNode response;
    int score = 0;
    int requiredResponses = 0;
    if (candidate.requestSchema().isPresent()) {
      request = fit.request(ObjectSchema.of(candidate.requestSchema().get()), localRequest).toJson(true);
    } else {
      fit.note("added the request format of `" + c.name() + "`");
      request = localRequest.toJson(true);
    }
    if (candidate.responseSchema().isPresent()) {
      ObjectSchema theirs = ObjectSchema.of(candidate.responseSchema().get());
      requiredResponses = (int) theirs.names().stream()
          .filter(theirs::isRequired).filter(n -> !SchemaFit.ENVELOPE.contains(n)).count();
      response = fit.response(theirs, localResponse).toJson(true);
    } else {
      fit.note("added the response format of `" + c.name() + "`");
      response = localResponse.toJson(true);
    }
    score = fit.matched();
    if (candidate.requestSchema().isEmpty() && candidate.responseSchema().isEmpty()) {
      score = mentions(candidate.requirements(), c) ? 1 : 0;
    }
    boolean unchanged = fit.changes().isEmpty();
    ProtocolDocument out = unchanged ? candidate : candidate.withSchemas(request, response);
    return new Fitted(c, fit, out, score, requiredResponses);
  }

  /** Whether the requirement text names the capability or shares a long word with it. */
  private static boolean mentions(String requirement, LocalCapability c) {
    String text = requirement.toLowerCase(Locale.ROOT);
    if (text.contains(c.name().toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String word : (c.name() + " " + c.description()).toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (word.length() >= 5 && text.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static Verdict asRequester(ProtocolDocument candidate, Proposal proposal) {
    if (proposal.previousOwnCandidate().filter(proposal.candidate()::equals).isPresent()) {
      return Verdict.accept();
    }
    ProtocolDocument need = ProtocolDocument.parse(proposal.need().orElseThrow());
    List<String> problems = new ArrayList<>();
    Optional<JsonNode> theirRequest = candidate.requestSchema();
    Optional<JsonNode> canSend = need.requestSchema();
    if (theirRequest.isPresent() && canSend.isPresent()) {
      ObjectSchema theirs = ObjectSchema.of(theirRequest.get());
      ObjectSchema mine = ObjectSchema.of(canSend.get());
      for (String name : theirs.names()) {
        if (theirs.isRequired(name) && !SchemaFit.ENVELOPE.contains(name) && mine.match(name).isEmpty()) {
          problems.add("cannot supply required request field `" + name + "`");
        }
      }
    }
    Optional<JsonNode> theirResponse = candidate.responseSchema();
    Optional<JsonNode> needs = need.responseSchema();
    if (needs.isPresent()) {
      ObjectSchema mine = ObjectSchema.of(needs.get());
      ObjectSchema theirs = theirResponse.map(ObjectSchema::of).orElseGet(ObjectSchema::new);
      for (String name : mine.names()) {
        if (mine.isRequired(name) && !SchemaFit.ENVELOPE.contains(name) && theirs.match(name).isEmpty()) {
          problems.add("needs response field `" + name + "`, which the candidate does not return");
        }
      }
    }
    return problems.isEmpty() ? Verdict.accept() : Verdict.reject(String.join("; ", problems));
  }

  /** Proposed test cases (3 at most), when the agreed protocol has a request schema. */
  public static final int TEST_CASES = 3;

  /**
   * Three test cases made from the agreed request schema (the required fields; every field; the
   * required fields with other values), each expected to be answered in the agreed response
   * format; samples the schema rejects are left out, and duplicates merged.
   */
  @Override
  public Optional<String> draftTestCases(String protocol) {
    ProtocolDocument doc = ProtocolDocument.parse(protocol);
    if (doc.requestSchema().isEmpty()) {
      return Optional.empty();
    }
    JsonNode schema = doc.requestSchema().get();
    CompiledSchema compiled;
    try {
      compiled = CompiledSchema.compile("request schema", schema);
    } catch (MetaProtocolException e) {
      return Optional.empty();
    }
    boolean echo = doc.responseSchema().map(r -> r.path("properties").has("messageId")).orElse(false);
    String expected = "The provider answers with a response in the agreed response format"
        + (echo ? " that echoes the request's messageId." : ".");
    List<TestCases.TestCase> cases = new ArrayList<>();
    List<JsonNode> seen = new ArrayList<>();
    for (int variant = 1; variant <= TEST_CASES; variant++) {
      JsonNode request = SampleRequests.sample(schema, variant);
      if (compiled.violations(request).isEmpty() && !seen.contains(request)) {
        seen.add(request);
        cases.add(new TestCases.TestCase(request, Optional.empty(), expected));
      }
    }
    return cases.isEmpty() ? Optional.empty() : Optional.of(new TestCases(cases).render());
  }

  /**
   * Accepts test cases whose requests all match the agreed request format; counters with the
   * ones that do when some do not; refuses cases it cannot read or of which none match.
   */
  @Override
  public Verdict evaluateTestCases(String protocol, String testCases) {
    TestCases proposed;
    try {
      proposed = TestCases.parse(testCases);
    } catch (MetaProtocolException e) {
      return Verdict.reject("the test cases cannot be read: " + e.getMessage());
    }
    Optional<JsonNode> schema = ProtocolDocument.parse(protocol).requestSchema();
    if (schema.isEmpty()) {
      return Verdict.accept();
    }
    CompiledSchema compiled = CompiledSchema.compile("request schema", schema.get());
    List<TestCases.TestCase> kept = new ArrayList<>();
    StringBuilder dropped = new StringBuilder();
    for (int i = 0; i < proposed.cases().size(); i++) {
      TestCases.TestCase c = proposed.cases().get(i);
      List<String> wrong = compiled.violations(c.request());
      if (wrong.isEmpty()) {
        kept.add(c);
      } else {
        dropped.append("- dropped test case ").append(i + 1)
            .append(": its request does not match the agreed request format (")
            .append(wrong.get(0)).append(")\n");
      }
    }
    if (kept.size() == proposed.cases().size()) {
      return Verdict.accept();
    }
    if (kept.isEmpty()) {
      return Verdict.reject("no test case has a request in the agreed format");
    }
    return Verdict.counter(new TestCases(kept).render(), dropped.toString().strip());
  }

  @Override
  public String answer(String question) {
    StringBuilder sb = new StringBuilder("This agent negotiates from JSON Schemas and serves:\n");
    capabilities.forEach(c -> sb.append("- ").append(c.name()).append(": ").append(c.description()).append('\n'));
    return sb.toString().strip();
  }
}
