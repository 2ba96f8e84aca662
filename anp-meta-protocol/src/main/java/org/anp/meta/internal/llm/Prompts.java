package org.anp.meta.internal.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt templates in {@code src/main/resources/org/anp/meta/llm/prompts/}: markdown with
 * {@code {{name}}} placeholders, filled in one pass (a value is never scanned for placeholders,
 * so text from the peer cannot pull in other values). Stateless.
 */
public final class Prompts {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  private Prompts() {}

  /**
   * The template {@code name}.md with {@code values} filled in.
   *
   * @throws IllegalStateException if the template is missing or names a value not given (a bug)
   */
  public static String fill(String name, Map<String, String> values) {
    String template = load(name);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("prompt " + name + ": no value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The template {@code name}.md as is. */
  public static String load(String name) {
    String path = "/org/anp/meta/llm/prompts/" + name + ".md";
    try (InputStream in = Prompts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing prompt resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
