package org.anp.meta.negotiator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.negotiator.MarkdownJson;
import org.anp.meta.internal.negotiator.ObjectSchema;

/**
 * A candidate protocol in the markdown format of spec/meta-protocol.md §6, read into its parts:
 * the requirements, the flow, the data format notes with the request and response JSON Schemas,
 * other sections (kept verbatim, e.g. timeouts or the modifications of a protocol based on a
 * URI), the error handling. Reading is lenient (sections are found by heading words, a schema is
 * the first JSON object under a sub-heading naming the request or response format; an example
 * message instead of a schema is read as the schema of its shape); {@link #render()} writes the
 * full skeleton, with draft 2020-12 schemas in
 * fenced blocks, always the same text for the same parts. Immutable: schemas are copied in and
 * out.
 */
public final class ProtocolDocument {
  private static final String DEFAULT_FLOW =
      "The requester sends one request message; the provider answers with one response message"
          + " that echoes the request's messageId. A request without a response within 15"
          + " seconds has timed out.";
  private static final String DEFAULT_ERRORS =
      "Responses carry HTTP-style status codes: 2xx success, 4xx a client error (such as a"
          + " request that does not match the request format), 5xx a server error; the code"
          + " comes with a text message.";

  private static final Pattern HEADING_LINE = Pattern.compile("(?m)^# ");

  private static final String DEFAULT_DATA_FORMAT =
      "Request and response are JSON (RFC 8259) objects in UTF-8, described by JSON Schema draft"
          + " 2020-12.";

  private final String requirements;
  private final String flow;
  private final String dataFormat;
  private final Optional<JsonNode> requestSchema;
  private final Optional<JsonNode> responseSchema;
  private final String otherSections;
  private final String errorHandling;

  private ProtocolDocument(
      String requirements,
      String flow,
      String dataFormat,
      Optional<JsonNode> requestSchema,
      Optional<JsonNode> responseSchema,
      String otherSections,
      String errorHandling) {
    this.requirements = requirements;
    this.flow = flow;
    this.dataFormat = dataFormat;
    this.requestSchema = requestSchema.map(JsonNode::deepCopy);
    this.responseSchema = responseSchema.map(JsonNode::deepCopy);
    this.otherSections = otherSections;
    this.errorHandling = errorHandling;
  }

  /**
   * A document from its parts; empty flow or error handling get the default text.
   *
   * @param requirements what the protocol achieves, not empty
   */
  public static ProtocolDocument of(
      String requirements,
      String flow,
      Optional<JsonNode> requestSchema,
      Optional<JsonNode> responseSchema,
      String errorHandling) {
    return of(requirements, flow, "", requestSchema, responseSchema, "", errorHandling);
  }

  private static ProtocolDocument of(
      String requirements,
      String flow,
      String dataFormat,
      Optional<JsonNode> requestSchema,
      Optional<JsonNode> responseSchema,
      String otherSections,
      String errorHandling) {
    Objects.requireNonNull(requirements, "requirements");
    if (requirements.isBlank()) {
      throw new IllegalArgumentException("requirements: empty");
    }
    return new ProtocolDocument(
        prose(requirements),
        flow.isBlank() ? DEFAULT_FLOW : prose(flow),
        dataFormat.isBlank() ? DEFAULT_DATA_FORMAT : prose(dataFormat),
        requestSchema,
        responseSchema,
        otherSections.strip(),
        errorHandling.isBlank() ? DEFAULT_ERRORS : prose(errorHandling));
  }

  /**
   * Section text as rendered: stripped, and a line that would start a top-level section
   * ({@code # }) escaped as markdown does ({@code \# }), so that rendering and reading again
   * give the same document.
   */
  private static String prose(String text) {
    return HEADING_LINE.matcher(text.strip()).replaceAll("\\\\# ");
  }

  /**
   * Reads a markdown protocol document or need.
   *
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if it has no requirements
   *     section, no text before its first heading and no heading to take as the title
   */
  public static ProtocolDocument parse(String markdown) {
    Objects.requireNonNull(markdown, "markdown");
    StringBuilder req = new StringBuilder();
    StringBuilder flow = new StringBuilder();
    StringBuilder format = new StringBuilder();
    StringBuilder errors = new StringBuilder();
    StringBuilder other = new StringBuilder();
    StringBuilder requestPart = new StringBuilder();
    StringBuilder responsePart = new StringBuilder();
    String h1 = "requirements"; // text before any heading counts as the requirement
    String h2 = "";
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("# ")) {
        h1 = line.substring(2).strip().toLowerCase(Locale.ROOT);
        h2 = "";
        if (section(h1) == Section.OTHER) {
          other.append(line).append('\n');
        }
        continue;
      }
      if (line.startsWith("## ")) {
        h2 = line.substring(3).strip().toLowerCase(Locale.ROOT);
      }
      boolean formatPart =
          section(h1) == Section.DATA_FORMAT || h2.contains("format") || h2.contains("schema");
      if (formatPart && h2.contains("request")) {
        requestPart.append(line).append('\n');
      } else if (formatPart && h2.contains("response")) {
        responsePart.append(line).append('\n');
      } else {
        switch (section(h1)) {
          case REQUIREMENTS -> req.append(line).append('\n');
          case FLOW -> flow.append(line).append('\n');
          case DATA_FORMAT -> format.append(line).append('\n');
          case ERRORS -> errors.append(line).append('\n');
          case OTHER -> other.append(line).append('\n');
        }
      }
    }
    if (req.toString().isBlank()) {
      // No requirements section: the first heading names the protocol (model-written documents).
      markdown.lines().filter(l -> l.startsWith("# ")).findFirst()
          .map(l -> l.replaceAll("^[#\\s]+", "")).ifPresent(req::append);
    }
    if (req.toString().isBlank()) {
      throw new MetaProtocolException(
          MetaProtocolError.INVALID_PROTOCOL_DOCUMENT, "protocol document: no requirements and no title");
    }
    return of(
        req.toString(),
        flow.toString(),
        format.toString(),
        MarkdownJson.firstObject(requestPart.toString()).map(ProtocolDocument::asSchema),
        MarkdownJson.firstObject(responsePart.toString()).map(ProtocolDocument::asSchema),
        other.toString(),
        errors.toString());
  }

  /** The §6 sections, recognised by a word of their heading. */
  private enum Section { REQUIREMENTS, FLOW, DATA_FORMAT, ERRORS, OTHER }

  private static Section section(String h1) {
    if (h1.contains("requirement")) {
      return Section.REQUIREMENTS;
    } else if (h1.contains("flow") || h1.contains("process")) {
      return Section.FLOW;
    } else if (h1.contains("data") || h1.contains("format")) {
      return Section.DATA_FORMAT;
    } else if (h1.contains("error")) {
      return Section.ERRORS;
    }
    return Section.OTHER;
  }

  private static JsonNode asSchema(JsonNode node) {
    return ObjectSchema.isSchema(node) ? node : ObjectSchema.of(node).toJson(true);
  }

  public String requirements() {
    return requirements;
  }

  public String flow() {
    return flow;
  }

  /** A copy of the request message schema, if the document has one. */
  public Optional<JsonNode> requestSchema() {
    return requestSchema.map(JsonNode::deepCopy);
  }

  /** A copy of the response message schema, if the document has one. */
  public Optional<JsonNode> responseSchema() {
    return responseSchema.map(JsonNode::deepCopy);
  }

  public String errorHandling() {
    return errorHandling;
  }

  /** This document with other schemas. */
  public ProtocolDocument withSchemas(JsonNode request, JsonNode response) {
    return new ProtocolDocument(
        requirements, flow, dataFormat, Optional.of(request), Optional.of(response), otherSections, errorHandling);
  }

  /** The full §6 markdown text. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Requirements\n").append(requirements).append("\n\n");
    sb.append("# Protocol Flow\n").append(flow).append("\n\n");
    sb.append("# Data Format\n").append(dataFormat).append("\n\n");
    requestSchema.ifPresent(s -> section(sb, "## Request Message Format", s));
    responseSchema.ifPresent(s -> section(sb, "## Response Message Format", s));
    if (!otherSections.isEmpty()) {
      sb.append(otherSections).append("\n\n");
    }
    sb.append("# Error Handling\n").append(errorHandling).append('\n');
    return sb.toString();
  }

  private static void section(StringBuilder sb, String heading, JsonNode schema) {
    sb.append(heading).append("\n```json\n").append(pretty(schema)).append("\n```\n\n");
  }

  private static String pretty(JsonNode schema) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    ObjectWriter writer = StrictJson.mapper().writer(printer);
    try {
      return writer.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolDocument d && d.render().equals(render());
  }

  @Override
  public int hashCode() {
    return render().hashCode();
  }

  @Override
  public String toString() {
    return "ProtocolDocument[" + requirements.lines().findFirst().orElse("") + "]";
  }
}
