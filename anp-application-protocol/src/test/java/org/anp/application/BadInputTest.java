package org.anp.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionSchemas;
import org.anp.application.discovery.CollectionPage;
import org.anp.application.interfaces.CallContext;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.JsonRpcInvoker;
import org.anp.application.interfaces.JsonRpcMethod;
import org.junit.jupiter.api.Test;

/**
 * Mutated inputs (bytes flipped, inserted, removed, truncated; seeded, so reproducible) never get
 * past the parsers as anything but a typed {@link ApplicationException}, and the JSON-RPC invoker
 * answers every one of them with a response or nothing.
 */
class BadInputTest {
  private static final int ROUNDS = 1500;

  private static byte[] resource(String name) {
    try (InputStream in = BadInputTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] out = input.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && out.length > 0; i++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out[at] = (byte) "{}[]\",:0-e.\\nt".charAt(random.nextInt(14));
        case 2 -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
        default -> {
          byte[] cut = new byte[at];
          System.arraycopy(out, 0, cut, 0, at);
          out = cut;
        }
      }
    }
    return out;
  }

  @Test
  void mutatedDescriptionsParseOrFailTyped() {
    byte[][] seeds = {
      resource("description/spec-examples/hotel-1.2-ad.json"),
      resource("description/spec-examples/hotel-jsonld-ad.json"),
      resource("description/spec-examples/coffee-shop-jsonld-ad.json")
    };
    Random random = new Random(20261207);
    int parsed = 0;
    int refused = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = mutate(seeds[i % seeds.length], random);
      try {
        AgentDescription d = AgentDescription.parse(input);
        DescriptionSchemas.standard().validate(d);
        d.toJson();
        parsed++;
      } catch (ApplicationException e) {
        assertThat(e.code()).isIn(
            ApplicationError.INVALID_DESCRIPTION, ApplicationError.SCHEMA_VIOLATION, ApplicationError.DESCRIPTION_TOO_LARGE);
        refused++;
      }
    }
    assertThat(parsed + refused).isEqualTo(ROUNDS);
    assertThat(refused).isPositive();
  }

  @Test
  void mutatedCollectionPagesParseOrFailTyped() {
    byte[] seed =
        CollectionPage.of(
                java.net.URI.create("https://a.test/.well-known/agent-descriptions"),
                java.util.List.of(
                    new org.anp.application.discovery.CollectionItem("A", java.net.URI.create("https://a.test/a/ad.json"))),
                Optional.of(java.net.URI.create("https://a.test/.well-known/agent-descriptions?page=2")))
            .toJson()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    Random random = new Random(7);
    for (int i = 0; i < ROUNDS; i++) {
      try {
        CollectionPage.parse(mutate(seed, random), CollectionPage.DEFAULT_MAX_BYTES).toJson();
      } catch (ApplicationException e) {
        assertThat(e.code()).isEqualTo(ApplicationError.INVALID_COLLECTION);
      }
    }
  }

  public static final class Echo {
    public record Item(String name, int count) {}

    @JsonRpcMethod
    public Item echo(Item item, java.util.List<Integer> numbers) {
      return item;
    }
  }

  @Test
  void mutatedJsonRpcRequestsAndBatchesAlwaysGetAnAnswerOrNothing() {
    JsonRpcInvoker invoker = JsonRpcInvoker.of(InterfaceDefinition.fromAnnotated(new Echo()));
    byte[][] seeds = {
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"item\":{\"name\":\"a\",\"count\":1},\"numbers\":[1,2]}}"
          .getBytes(StandardCharsets.UTF_8),
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[{\"name\":\"a\",\"count\":1},[3]]},{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[]}]"
          .getBytes(StandardCharsets.UTF_8)
    };
    Random random = new Random(42);
    int answered = 0;
    for (int i = 0; i < ROUNDS; i++) {
      Optional<JsonNode> response = invoker.handle(mutate(seeds[i % 2], random), CallContext.anonymous());
      if (response.isPresent()) {
        answered++;
        JsonNode r = response.get();
        for (JsonNode one : r.isArray() ? r : java.util.List.of(r)) {
          assertThat(one.get("jsonrpc").asText()).isEqualTo("2.0");
          assertThat(one.has("result") ^ one.has("error")).isTrue();
          if (one.has("error")) {
            assertThat(one.at("/error/code").asInt()).isIn(-32700, -32600, -32601, -32602, -32603);
          }
        }
      }
    }
    assertThat(answered).isPositive();
  }
}
