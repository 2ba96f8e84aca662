package org.anp.meta.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.negotiation.NegotiationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolStoreTest {
  private static final Did BOB = Did.parse("did:wba:example.com:bob");
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private static final JsonNode FORM =
      StrictJson.parse("{\"kind\":\"jsonSchema\",\"capability\":\"getWeather\",\"requestSchema\":{},\"responseSchema\":{}}", 1000);

  @TempDir Path dir;

  static Stream<String> kinds() {
    return Stream.of("memory", "files");
  }

  private ProtocolStore store(String kind) {
    return kind.equals("memory") ? ProtocolStore.inMemory() : ProtocolStore.onFiles(dir.resolve("protocols"));
  }

  private static StoredProtocol entry(String text) {
    return StoredProtocol.agreed(text, FORM, BOB, T0);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void putFindEvictByHash(String kind) {
    ProtocolStore store = store(kind);
    StoredProtocol p = entry("# Requirements\nWeather, é 世.\n");
    assertThat(store.find(p.hash())).isEmpty();
    store.put(p);
    assertThat(store.find(ProtocolHash.of("# Requirements\nWeather, é 世.\n"))).contains(p);
    assertThat(store.find(p.hash()).orElseThrow().handlerForm()).isEqualTo(FORM);

    StoredProtocol used = p.usedAt(T0.plusSeconds(60));
    store.put(used);
    assertThat(store.find(p.hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.find(p.hash()).orElseThrow().agreedAt()).isEqualTo(T0);

    StoredProtocol other = entry("# Requirements\nStock.\n");
    store.put(other);
    assertThat(store.list()).extracting(StoredProtocol::hash).containsExactlyInAnyOrder(p.hash(), other.hash());
    assertThat(store.evict(p.hash())).isTrue();
    assertThat(store.evict(p.hash())).isFalse();
    assertThat(store.find(p.hash())).isEmpty();
    assertThat(store.list()).containsExactly(other);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void anAcceptedFixEvictsTheProtocol(String kind) {
    ProtocolStore store = store(kind);
    StoredProtocol p = entry("# Requirements\nWeather.\n");
    store.put(p);
    store.onEvent(new NegotiationEvent.Ready(p.protocol(), p.hash()));
    assertThat(store.find(p.hash())).isPresent();
    store.onEvent(new NegotiationEvent.FixAccepted(p.hash(), false));
    assertThat(store.find(p.hash())).isEmpty();
  }

  @Test
  void fileStoreSurvivesARestartAndLeavesNoTemporaryFiles() throws IOException {
    Path d = dir.resolve("protocols");
    StoredProtocol p = entry("# Requirements\nWeather.\n");
    ProtocolStore.onFiles(d).put(p);
    ProtocolStore.onFiles(d).put(p.usedAt(T0.plusSeconds(5)));

    ProtocolStore reopened = ProtocolStore.onFiles(d);
    assertThat(reopened.find(p.hash())).contains(p.usedAt(T0.plusSeconds(5)));
    try (Stream<Path> files = Files.list(d)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(p.hash().hex() + ".json");
    }
    // A temporary file left by a crash mid-write is not an entry.
    Files.writeString(d.resolve(".tmp-12345678abc.json"), "{\"format\":");
    assertThat(reopened.list()).containsExactly(p.usedAt(T0.plusSeconds(5)));
  }

  @Test
  void damagedEntriesAreReportedNotServed() throws IOException {
    Path d = dir.resolve("protocols");
    ProtocolStore store = ProtocolStore.onFiles(d);
    StoredProtocol p = entry("# Requirements\nWeather.\n");
    store.put(p);
    Path file = d.resolve(p.hash().hex() + ".json");

    List<Function<String, String>> damages = List.of(
        s -> s.replace("Weather.", "Weather!"),
        s -> s.replace("\"format\" : 1", "\"format\" : 2"),
        s -> s.replace("did:wba:example.com:bob", "bob"),
        s -> s.replace("2026-12-07T12:00:00Z", "yesterday"),
        s -> s.substring(0, s.length() / 2));
    String good = Files.readString(file);
    for (Function<String, String> damage : damages) {
      String bad = damage.apply(good);
      assertThat(bad).isNotEqualTo(good);
      Files.writeString(file, bad, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> store.find(p.hash()))
          .as(bad)
          .isInstanceOfSatisfying(MetaProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(MetaProtocolError.STORE_FAILED));
    }
  }

  @Test
  void unusableDirectoryIsATypedFailure() throws IOException {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> ProtocolStore.onFiles(notADir.resolve("protocols")))
        .isInstanceOfSatisfying(MetaProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(MetaProtocolError.STORE_FAILED));
  }

  @Test
  void storedProtocolIsImmutableAndHashesItsText() {
    StoredProtocol p = entry("# P\n");
    ((com.fasterxml.jackson.databind.node.ObjectNode) p.handlerForm()).put("kind", "changed");
    assertThat(p.handlerForm()).isEqualTo(FORM);
    assertThat(p.hash()).isEqualTo(ProtocolHash.of("# P\n"));
    assertThat(p.usedAt(T0.minusSeconds(1)).lastUsedAt()).isEqualTo(T0);
    assertThatThrownBy(() -> StoredProtocol.of("# P\n", FORM, BOB, T0, T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
