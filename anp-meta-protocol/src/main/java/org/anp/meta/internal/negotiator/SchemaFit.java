package org.anp.meta.internal.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fits a candidate protocol's message schemas to a local capability's, top-level property by
 * property, and says what had to change. The rules (issue 14, decision 0030):
 *
 * <ul>
 *   <li>request: a field the capability takes is kept (required if either side requires it;
 *       the capability's type wins); a field it knows under a similar name is renamed; any
 *       other field is dropped; a field the capability requires and the candidate lacks is
 *       added as required;
 *   <li>response: a field the capability returns is kept, made optional if the capability does
 *       not always return it; a similar name is renamed; any other field is dropped, and if it
 *       was required it is recorded as lost;
 *   <li>envelope fields ({@code messageId}, {@code type}, {@code messageType}, {@code action})
 *       are always kept: every handler echoes or sets them.
 * </ul>
 *
 * Not thread-safe; one instance per evaluation.
 */
public final class SchemaFit {
  /** Fields of the message envelope of spec §6, served whatever the capability. */
  public static final Set<String> ENVELOPE = ObjectSchema.ENVELOPE;

  private final List<String> changes = new ArrayList<>();
  private final List<String> lostRequired = new ArrayList<>();
  private int matched;

  /** Fits the candidate's request schema to what the capability takes. */
  public ObjectSchema request(ObjectSchema candidate, ObjectSchema local) {
    ObjectSchema out = new ObjectSchema();
    out.title(titleOf(candidate, local));
    for (String name : candidate.names()) {
      JsonNode theirs = candidate.property(name).orElseThrow();
      if (ENVELOPE.contains(name) && local.property(name).isEmpty()) {
        out.put(name, theirs, candidate.isRequired(name));
        continue;
      }
      Optional<String> own = local.match(name).filter(o -> !out.names().contains(o));
      if (own.isEmpty()) {
        changes.add("dropped request field `" + name + "`: this agent does not use it");
        continue;
      }
      matched++;
      String o = own.get();
      boolean req = candidate.isRequired(name) || local.isRequired(o);
      if (!o.equals(name)) {
        changes.add("renamed request field `" + name + "` to `" + o + "`");
      } else if (req && !candidate.isRequired(name)) {
        changes.add("made request field `" + name + "` required: this agent needs it");
      }
      typeChange("request", name, candidate.typeOf(name), local.typeOf(o));
      out.put(o, local.property(o).orElseThrow(), req);
    }
    for (String o : local.names()) {
      if (local.isRequired(o) && !out.names().contains(o)) {
        changes.add("added required request field `" + o + "`: this agent needs it");
        out.put(o, local.property(o).orElseThrow(), true);
      }
    }
    return out;
  }

  /** Fits the candidate's response schema to what the capability returns. */
  public ObjectSchema response(ObjectSchema candidate, ObjectSchema local) {
    ObjectSchema out = new ObjectSchema();
    out.title(titleOf(candidate, local));
    for (String name : candidate.names()) {
      JsonNode theirs = candidate.property(name).orElseThrow();
      if (ENVELOPE.contains(name) && local.property(name).isEmpty()) {
        out.put(name, theirs, candidate.isRequired(name));
        continue;
      }
      Optional<String> own = local.match(name).filter(o -> !out.names().contains(o));
      if (own.isEmpty()) {
        changes.add("dropped response field `" + name + "`: this agent cannot produce it");
        if (candidate.isRequired(name)) {
          lostRequired.add(name);
        }
        continue;
      }
      matched++;
      String o = own.get();
      boolean req = candidate.isRequired(name) && local.isRequired(o);
      if (!o.equals(name)) {
        changes.add("renamed response field `" + name + "` to `" + o + "`");
      }
      if (candidate.isRequired(name) && !req) {
        changes.add("made response field `" + o + "` optional: this agent does not always return it");
      }
      typeChange("response", name, candidate.typeOf(name), local.typeOf(o));
      out.put(o, local.property(o).orElseThrow(), req);
    }
    return out;
  }

  private void typeChange(String side, String name, String theirs, String ours) {
    if (!theirs.isEmpty() && !ours.isEmpty() && !theirs.equals(ours)) {
      changes.add("changed " + side + " field `" + name + "` from " + theirs + " to " + ours);
    }
  }

  private static String titleOf(ObjectSchema candidate, ObjectSchema local) {
    String t = candidate.toJson(false).path("title").asText("");
    return t.isEmpty() ? local.toJson(false).path("title").asText("") : t;
  }

  /** Record a change decided outside the field rules (e.g. a format added). */
  public void note(String change) {
    changes.add(change);
  }

  /** What changed, in order; empty if the candidate fits as it is. */
  public List<String> changes() {
    return List.copyOf(changes);
  }

  /** Required response fields that had to be dropped. */
  public List<String> lostRequired() {
    return List.copyOf(lostRequired);
  }

  /** How many non-envelope fields matched the capability: the fit's score. */
  public int matched() {
    return matched;
  }
}
