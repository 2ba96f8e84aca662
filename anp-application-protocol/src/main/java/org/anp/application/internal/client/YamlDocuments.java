package org.anp.application.internal.client;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads interface documents written in YAML or JSON, strictly: a size limit, no duplicate keys,
 * bounded nesting, no anchors or aliases (so no "billion laughs"), one document, no trailing
 * content. YAML is
 * read into a JSON tree only; no Java type is ever instantiated from it. A document that starts
 * with <code>{</code> is read as JSON.
 */
public final class YamlDocuments {
  private YamlDocuments() {}

  /**
   * The tree of {@code bytes}; {@code INVALID_DESCRIPTION} for anything that is not one
   * well-formed document within {@code maxBytes}.
   */
  public static JsonNode parse(byte[] bytes, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw invalid("interface document: larger than " + maxBytes + " bytes");
    }
    if (looksLikeJson(bytes)) {
      try {
        return StrictJson.parse(bytes, maxBytes);
      } catch (IdentityException e) {
        throw invalid("interface document: not JSON (" + e.code().name() + ")");
      }
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(1);
    options.setNestingDepthLimit(StrictJson.MAX_DEPTH);
    options.setCodePointLimit(maxBytes);
    options.setAllowRecursiveKeys(false);
    YAMLFactory factory = YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(StrictJson.MAX_DEPTH).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    ObjectMapper mapper = new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    JsonNode tree;
    try {
      refuseAnchorsAndAliases(factory, bytes);
      tree = mapper.readTree(bytes);
    } catch (ApplicationException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports limits (aliases, code points, depth) as unchecked exceptions.
      throw invalid("interface document: not well-formed YAML (" + e.getClass().getSimpleName() + ")");
    }
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw invalid("interface document: expected a mapping at the top");
    }
    return tree;
  }

  /**
   * Jackson's YAML parser does not resolve aliases (it would read {@code *a} as the text "a"), so
   * a document using anchors would be misread: they are refused. Interface documents do not need
   * them, and no expansion can then blow up.
   */
  private static void refuseAnchorsAndAliases(YAMLFactory factory, byte[] bytes) throws IOException {
    try (YAMLParser parser = (YAMLParser) factory.createParser(bytes)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias() || parser.getCurrentAnchor() != null) {
          throw invalid("interface document: YAML anchors and aliases are not read");
        }
      }
    }
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{';
    }
    return false;
  }

  private static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }
}
