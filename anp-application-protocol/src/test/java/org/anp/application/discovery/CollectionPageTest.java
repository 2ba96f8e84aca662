package org.anp.application.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectionPageTest {
  /** The example of ANP-08 1.2 ("Active discovery"), as the spec prints it. */
  private static final String SPEC_EXAMPLE =
      "{\"@context\":{\"@vocab\":\"https://schema.org/\",\"did\":\"https://w3id.org/did#\","
          + "\"ad\":\"https://agent-network-protocol.com/ad#\"},"
          + "\"@type\":\"CollectionPage\","
          + "\"url\":\"https://agent-network-protocol.com/.well-known/agent-descriptions\","
          + "\"items\":[{\"@type\":\"ad:AgentDescription\",\"name\":\"Smart Assistant\","
          + "\"@id\":\"https://agent-network-protocol.com/agents/smartassistant/ad.json\"},"
          + "{\"@type\":\"ad:AgentDescription\",\"name\":\"Customer Support Agent\","
          + "\"@id\":\"https://agent-network-protocol.com/agents/customersupport/ad.json\"}],"
          + "\"next\":\"https://agent-network-protocol.com/.well-known/agent-descriptions?page=2\"}";

  private static CollectionPage parse(String json) {
    return CollectionPage.parse(json.getBytes(StandardCharsets.UTF_8), CollectionPage.DEFAULT_MAX_BYTES);
  }

  @Test
  void readsAndWritesTheSpecExample() throws Exception {
    CollectionPage page = parse(SPEC_EXAMPLE);

    assertThat(page.items()).extracting(CollectionItem::name)
        .containsExactly("Smart Assistant", "Customer Support Agent");
    assertThat(page.items().get(0).url())
        .isEqualTo(URI.create("https://agent-network-protocol.com/agents/smartassistant/ad.json"));
    assertThat(page.next())
        .contains(URI.create("https://agent-network-protocol.com/.well-known/agent-descriptions?page=2"));
    assertThat(page.toJson()).isEqualTo(new ObjectMapper().readTree(SPEC_EXAMPLE));
    assertThat(parse(page.toJson().toString())).isEqualTo(page);
  }

  @Test
  void builtPageHasTheWellKnownUrl() {
    URI first = CollectionPage.wellKnownUrl("books.test");
    assertThat(first).isEqualTo(URI.create("https://books.test/.well-known/agent-descriptions"));
    CollectionPage page =
        CollectionPage.of(first, List.of(new CollectionItem("Shelf", URI.create("https://books.test/a/ad.json"))), Optional.empty());
    assertThat(page.toJson().has("next")).isFalse();
    assertThat(parse(page.toJson().toString())).isEqualTo(page);
    assertThatThrownBy(() -> CollectionPage.wellKnownUrl("books.test/evil")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "nope",
        "{\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[]}",
        "{\"@context\":{},\"@type\":\"Collection\",\"url\":\"https://a.test/\",\"items\":[]}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"items\":[]}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\"}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":{}}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[{\"@type\":\"ad:AgentDescription\",\"name\":\"x\"}]}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[{\"@type\":\"Thing\",\"name\":\"x\",\"@id\":\"https://a.test/x\"}]}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[{\"@type\":\"ad:AgentDescription\",\"name\":\"x\",\"@id\":\"relative/ad.json\"}]}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[],\"next\":7}",
        "{\"@context\":{},\"@type\":\"CollectionPage\",\"url\":\"https://a.test/\",\"items\":[],\"next\":\"::\"}"
      })
  void malformedPagesAreRefused(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ApplicationException.class)
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.INVALID_COLLECTION);
  }

  @Test
  void oversizedPageIsRefused() {
    byte[] bytes = SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> CollectionPage.parse(bytes, bytes.length - 1))
        .extracting(e -> ((ApplicationException) e).code())
        .isEqualTo(ApplicationError.INVALID_COLLECTION);
  }
}
