package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.anp.identity.IdentityException;
import org.anp.identity.json.Jcs;
import org.anp.identity.json.PyCompactSortedJson;
import org.anp.identity.json.StrictJson;

/**
 * Fuzz target for {@link StrictJson} and the two canonical forms over whatever it accepts: only
 * {@link IdentityException} may escape, and each canonical form must be a fixed point (its output
 * parses and canonicalizes to itself).
 */
class JsonFuzzTest {
  private static final int LIMIT = 64 * 1024;

  @FuzzTest
  void strictJson(byte[] data) {
    JsonNode tree;
    try {
      tree = StrictJson.parse(data, LIMIT);
    } catch (IdentityException e) {
      return;
    }
    // The String overload must agree with the byte overload on valid UTF-8.
    assertThat(StrictJson.parse(new String(data, StandardCharsets.UTF_8), LIMIT)).isEqualTo(tree);
    try {
      String jcs = Jcs.canonicalize(tree);
      assertThat(Jcs.canonicalize(StrictJson.parse(jcs, Integer.MAX_VALUE))).isEqualTo(jcs);
    } catch (IdentityException e) {
      // unpaired surrogates and similar are rejected by JCS by design
    }
    try {
      String py = PyCompactSortedJson.serialize(tree);
      assertThat(PyCompactSortedJson.serialize(StrictJson.parse(py, Integer.MAX_VALUE)))
          .isEqualTo(py);
    } catch (IdentityException e) {
      // non-finite numbers are rejected by design
    }
  }
}
