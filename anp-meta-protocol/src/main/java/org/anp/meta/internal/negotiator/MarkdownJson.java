package org.anp.meta.internal.negotiator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;

/**
 * Finds the first JSON object in a piece of markdown: inside a fenced code block if there is
 * one, else starting at the first line that begins with <code>{</code>, up to its balanced
 * closing brace (strings and escapes respected). Protocol documents written by models and by
 * the reference SDK use both forms (spec/meta-protocol.md §6). Stateless.
 */
public final class MarkdownJson {
  /** Largest JSON text looked at, in bytes. */
  static final int MAX_JSON_BYTES = 256 * 1024;

  private MarkdownJson() {}

  /** The first JSON object in {@code markdown} that parses, if any. */
  public static Optional<JsonNode> firstObject(String markdown) {
    int from = 0;
    while (true) {
      int fence = markdown.indexOf("```", from);
      if (fence < 0) {
        break;
      }
      int bodyStart = markdown.indexOf('\n', fence);
      int end = bodyStart < 0 ? -1 : markdown.indexOf("```", bodyStart);
      if (end < 0) {
        break;
      }
      Optional<JsonNode> found = parseObject(markdown.substring(bodyStart + 1, end).strip());
      if (found.isPresent()) {
        return found;
      }
      from = end + 3;
    }
    int lineStart = 0;
    while (lineStart < markdown.length()) {
      int i = lineStart;
      while (i < markdown.length() && (markdown.charAt(i) == ' ' || markdown.charAt(i) == '\t')) {
        i++;
      }
      if (i < markdown.length() && markdown.charAt(i) == '{') {
        int close = balancedEnd(markdown, i);
        if (close > 0) {
          Optional<JsonNode> found = parseObject(markdown.substring(i, close + 1));
          if (found.isPresent()) {
            return found;
          }
        }
      }
      int nl = markdown.indexOf('\n', lineStart);
      if (nl < 0) {
        break;
      }
      lineStart = nl + 1;
    }
    return Optional.empty();
  }

  private static int balancedEnd(String s, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<JsonNode> parseObject(String text) {
    if (!text.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = StrictJson.parse(text.getBytes(StandardCharsets.UTF_8), MAX_JSON_BYTES);
      return node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (IdentityException e) {
      return Optional.empty();
    }
  }
}
