package org.anp.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.anp.identity.codec.Hex;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/** Loads test vectors copied under {@code src/test/resources/vectors/} from the class path. */
final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  static JsonNode json(String path) {
    String resource = "/vectors/" + path;
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      assertThat(in).as("test vector resource %s", resource).isNotNull();
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode wycheproof(String file) {
    return json("wycheproof/testvectors_v1/" + file);
  }

  static byte[] hex(JsonNode node) {
    return Hex.decode(node.asText());
  }

  /** A big-endian integer in hex (Wycheproof may add a leading 00) as exactly 32 bytes. */
  static byte[] scalar32(JsonNode node) {
    byte[] magnitude = new BigInteger(node.asText(), 16).toByteArray();
    int start = magnitude.length > 32 && magnitude[0] == 0 ? 1 : 0;
    assertThat(magnitude.length - start).as("scalar length").isLessThanOrEqualTo(32);
    byte[] out = new byte[32];
    System.arraycopy(magnitude, start, out, 32 - (magnitude.length - start), magnitude.length - start);
    return out;
  }

  static String name(JsonNode test) {
    return "tcId " + test.get("tcId").asInt() + " " + test.get("comment").asText() + " "
        + test.get("flags");
  }

  static boolean hasFlag(JsonNode test, String flag) {
    for (JsonNode f : test.get("flags")) {
      if (f.asText().equals(flag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Collects one dynamic test per Wycheproof case and appends a last test that checks that every
   * case ran and that their number equals the file's {@code numberOfTests}.
   */
  static final class Run {
    private final JsonNode root;
    private final List<DynamicTest> tests = new ArrayList<>();
    private final AtomicInteger executed = new AtomicInteger();

    Run(JsonNode root) {
      this.root = root;
    }

    void add(JsonNode test, Executable body) {
      tests.add(
          DynamicTest.dynamicTest(
              name(test),
              () -> {
                executed.incrementAndGet();
                body.execute();
              }));
    }

    Stream<DynamicTest> stream() {
      int expected = root.get("numberOfTests").asInt();
      assertThat(tests).as("cases in file").hasSize(expected);
      DynamicTest count =
          DynamicTest.dynamicTest(
              "all " + expected + " cases ran",
              () -> assertThat(executed.get()).isEqualTo(expected));
      return Stream.concat(tests.stream(), Stream.of(count));
    }
  }
}
