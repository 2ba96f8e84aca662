package org.anp.meta.negotiator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.internal.negotiator.MarkdownJson;

/**
 * The test cases of a {@code testCasesNegotiation} (spec/meta-protocol.md §2.3, §8) in the
 * spec's markdown layout: one {@code # Test Case N} section per case, with
 * {@code - **Test Request Data**:} followed by a JSON request, optionally
 * {@code - **Test Response Data**:} with the expected response, and
 * {@code - **Expected Test Result**:} in words. Immutable.
 *
 * @param cases the cases, in order; not empty
 */
public record TestCases(List<TestCase> cases) {
  /** Most cases read from one text. */
  public static final int MAX_CASES = 100;

  public TestCases {
    cases = List.copyOf(cases);
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("no test cases");
    }
  }

  /**
   * One case. Immutable: the JSON is copied in and out.
   *
   * @param request the request to send
   * @param expectedResponse fields the response must contain (their presence is checked, not
   *     their values, which depend on the provider's data)
   * @param expectedResult the expected outcome in words
   */
  public record TestCase(JsonNode request, Optional<JsonNode> expectedResponse, String expectedResult) {
    public TestCase {
      request = request.deepCopy();
      expectedResponse = expectedResponse.map(JsonNode::deepCopy);
      Objects.requireNonNull(expectedResult, "expectedResult");
    }

    @Override
    public JsonNode request() {
      return request.deepCopy();
    }

    @Override
    public Optional<JsonNode> expectedResponse() {
      return expectedResponse.map(JsonNode::deepCopy);
    }
  }

  /**
   * Reads test cases text.
   *
   * @throws MetaProtocolException {@code INVALID_PROTOCOL_DOCUMENT} if a case has no JSON
   *     request, or there is no case, or more than {@link #MAX_CASES}
   */
  public static TestCases parse(String markdown) {
    List<StringBuilder> sections = new ArrayList<>();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("# ")) {
        if (sections.size() == MAX_CASES) {
          throw invalid("more than " + MAX_CASES + " test cases");
        }
        sections.add(new StringBuilder());
      } else if (!sections.isEmpty()) {
        sections.get(sections.size() - 1).append(line).append('\n');
      }
    }
    List<TestCase> cases = new ArrayList<>();
    for (StringBuilder section : sections) {
      String s = section.toString();
      JsonNode request = MarkdownJson.firstObject(part(s, "Test Request Data"))
          .orElseThrow(() -> invalid("test case " + (cases.size() + 1) + ": no JSON request"));
      cases.add(new TestCase(
          request,
          MarkdownJson.firstObject(part(s, "Test Response Data")),
          part(s, "Expected Test Result").strip()));
    }
    if (cases.isEmpty()) {
      throw invalid("no test case");
    }
    return new TestCases(cases);
  }

  /** The text after {@code **label**} up to the next {@code - **} item of the section. */
  private static String part(String section, String label) {
    int at = section.indexOf("**" + label + "**");
    if (at < 0) {
      return "";
    }
    int start = section.indexOf('\n', at);
    if (start < 0) {
      return "";
    }
    int end = section.indexOf("\n- **", start);
    return section.substring(start + 1, end < 0 ? section.length() : end + 1);
  }

  /** The markdown text, in the layout {@link #parse} reads. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cases.size(); i++) {
      TestCase c = cases.get(i);
      sb.append("# Test Case ").append(i + 1).append("\n\n");
      sb.append("- **Test Request Data**:\n").append(json(c.request())).append("\n\n");
      c.expectedResponse().ifPresent(r -> sb.append("- **Test Response Data**:\n").append(json(r)).append("\n\n"));
      sb.append("- **Expected Test Result**:\n").append(c.expectedResult()).append("\n\n");
    }
    return sb.toString().stripTrailing() + "\n";
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
}
