package org.anp.meta.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.anp.meta.internal.selection.Wire;

/**
 * {@code body.intent} of {@code anp.negotiate} (ANP-06 §7.4): what the caller wants, as structured
 * tags and, optionally, natural language. Every member is optional ({@code {}} is a valid intent);
 * unknown members are kept. Disclose the minimum: a summary, no payment or identity data.
 *
 * @param name {@code name}
 * @param description {@code description}
 * @param intentTags {@code intentTags}
 * @param inputSummary {@code inputSummary}
 * @param extensions the other members
 */
public record Intent(
    Optional<String> name,
    Optional<String> description,
    Optional<List<String>> intentTags,
    Optional<ObjectNode> inputSummary,
    ObjectNode extensions) {
  private static final Set<String> KNOWN = Set.of("name", "description", "intentTags", "inputSummary");

  /** Copies the parts. */
  public Intent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    intentTags = intentTags.map(List::copyOf);
    inputSummary = inputSummary.map(ObjectNode::deepCopy);
    extensions = extensions.deepCopy();
  }

  /** An intent with a name and tags. */
  public static Intent of(String name, List<String> intentTags) {
    return new Intent(Optional.of(name), Optional.empty(), Optional.of(intentTags), Optional.empty(),
        JsonNodeFactory.instance.objectNode());
  }

  /** This intent with a description. */
  public Intent withDescription(String text) {
    return new Intent(name, Optional.of(text), intentTags, inputSummary, extensions);
  }

  @Override
  public Optional<ObjectNode> inputSummary() {
    return inputSummary.map(ObjectNode::deepCopy);
  }

  @Override
  public ObjectNode extensions() {
    return extensions.deepCopy();
  }

  /** The tags, empty when absent. */
  public List<String> tags() {
    return intentTags.orElse(List.of());
  }

  /**
   * Reads {@code intent}.
   *
   * @throws org.anp.transport.p1.RpcException {@code INVALID_PARAMS} naming the member
   */
  public static Intent parse(JsonNode node, String path) {
    Wire.Reader r = Wire.reader(node, path, KNOWN);
    return new Intent(r.string("name"), r.string("description"), r.strings("intentTags"),
        r.object("inputSummary"), r.extensions());
  }

  /** The wire object. */
  public ObjectNode toJson() {
    return Wire.writer()
        .put("name", name)
        .put("description", description)
        .putStrings("intentTags", intentTags)
        .putJson("inputSummary", inputSummary)
        .extensions(extensions)
        .build();
  }
}
