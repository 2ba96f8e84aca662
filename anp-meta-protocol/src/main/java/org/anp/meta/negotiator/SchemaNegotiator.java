package org.anp.meta.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.negotiator.ObjectSchema;
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

  @Override
  public String answer(String question) {
    StringBuilder sb = new StringBuilder("This agent negotiates from JSON Schemas and serves:\n");
    capabilities.forEach(c -> sb.append("- ").append(c.name()).append(": ").append(c.description()).append('\n'));
    return sb.toString().strip();
  }
}
