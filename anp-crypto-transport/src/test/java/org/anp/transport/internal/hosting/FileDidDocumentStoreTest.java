package org.anp.transport.internal.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.transport.hosting.DidDocumentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDidDocumentStoreTest {
  private static final Did ALICE = Did.parse("did:wba:example.com%3A8443:u:alice");

  @TempDir Path dir;

  private static byte[] doc(String marker) {
    return ("{\"id\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void storesOneFileNamedSafelyFromTheDid() throws IOException {
    DidDocumentStore store = new FileDidDocumentStore(dir, 1024);
    assertThat(store.get(ALICE)).isEmpty();
    assertThat(store.create(ALICE, doc("a"))).isTrue();
    assertThat(store.create(ALICE, doc("b"))).isFalse();
    assertThat(store.get(ALICE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(doc("a")));
    store.put(ALICE, doc("c"));
    assertThat(store.get(ALICE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(doc("c")));
    assertThat(files()).extracting(p -> p.getFileName().toString())
        .containsExactly("did%3Awba%3Aexample.com%253A8443%3Au%3Aalice.json");
    assertThat(store.delete(ALICE)).isTrue();
    assertThat(store.delete(ALICE)).isFalse();
    assertThat(store.get(ALICE)).isEmpty();
    assertThat(files()).isEmpty();
  }

  @Test
  void fileNamesNeverLeaveTheDirectory() {
    for (String did : List.of(
        "did:wba:example.com:..:..:etc",
        "did:example:a%2F..%2F..%2Fetc%2Fpasswd",
        "did:example:..",
        "did:all:1DjLZEbNmg8TZKnoActpJ36xPTmBPJXECW@node.test:9000")) {
      String name = FileDidDocumentStore.fileName(Did.parse(did));
      assertThat(name).doesNotContain("/").doesNotContain("\\").doesNotContain(":")
          .isNotIn(".", "..").startsWith("did%3A").endsWith(".json");
      assertThat(dir.resolve(name).normalize().getParent()).isEqualTo(dir);
    }
  }

  @Test
  void veryLongDidsGetAHashedName() {
    Did longDid = Did.parse("did:example:" + "x".repeat(400));
    String name = FileDidDocumentStore.fileName(longDid);
    assertThat(name).matches("sha256-[0-9a-f]{64}\\.json");
    DidDocumentStore store = new FileDidDocumentStore(dir, 1024);
    store.put(longDid, doc("long"));
    assertThat(store.get(longDid)).hasValueSatisfying(b -> assertThat(b).isEqualTo(doc("long")));
  }

  @Test
  void aCrashBetweenTemporaryWriteAndRenameLeavesTheOldDocument() throws IOException {
    new FileDidDocumentStore(dir, 1024).put(ALICE, doc("old"));
    DidDocumentStore crashing =
        new FileDidDocumentStore(dir, 1024, () -> {
          throw new IllegalStateException("simulated crash before rename");
        });
    assertThatThrownBy(() -> crashing.put(ALICE, doc("new"))).hasMessageContaining("simulated crash");
    assertThat(crashing.get(ALICE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(doc("old")));
    // a process that died there leaves its temporary file; the next store ignores and removes it
    Path leftover = dir.resolve(".did%3Awba%3Aexample.com%253A8443%3Au%3Aalice.json.0011223344556677.tmp");
    Files.write(leftover, "{\"id\":\"ne".getBytes(StandardCharsets.UTF_8));
    DidDocumentStore reopened = new FileDidDocumentStore(dir, 1024);
    assertThat(reopened.get(ALICE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(doc("old")));
    assertThat(files()).hasSize(1);
  }

  @Test
  void concurrentPutsLeaveOneCompleteDocumentAndNoTemporaryFiles() throws Exception {
    DidDocumentStore store = new FileDidDocumentStore(dir, 64 * 1024);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    // Readers check against it while the loop still adds: a concurrent set.
    Set<String> written = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    for (int i = 0; i < 64; i++) {
      String marker = "writer-" + i + "-" + "p".repeat(1000 + i * 37);
      written.add("{\"id\":\"" + marker + "\"}");
      all.add(CompletableFuture.runAsync(() -> store.put(ALICE, doc(marker)), pool));
      all.add(CompletableFuture.runAsync(() -> store.get(ALICE).ifPresent(b -> {
        // a reader sees some writer's whole document, never a mix
        assertThat(written).contains(new String(b, StandardCharsets.UTF_8));
        reads.incrementAndGet();
      }), pool));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(written).contains(new String(store.get(ALICE).orElseThrow(), StandardCharsets.UTF_8));
    assertThat(files()).hasSize(1);
  }

  @Test
  void concurrentCreatesOfOneDidHaveExactlyOneWinner() throws Exception {
    DidDocumentStore store = new FileDidDocumentStore(dir, 1024);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<Boolean>> all = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      String marker = "c" + i;
      all.add(CompletableFuture.supplyAsync(() -> store.create(ALICE, doc(marker)), pool));
    }
    long winners = 0;
    for (CompletableFuture<Boolean> f : all) {
      winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
  }

  @Test
  void documentsOverTheLimitAreRefused() throws IOException {
    DidDocumentStore store = new FileDidDocumentStore(dir, 10);
    store.put(ALICE, new byte[10]);
    assertThatThrownBy(() -> store.put(ALICE, new byte[11]))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.INPUT_TOO_LARGE));
    Files.write(dir.resolve(FileDidDocumentStore.fileName(ALICE)), new byte[11]);
    assertThatThrownBy(() -> store.get(ALICE)).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> new FileDidDocumentStore(dir, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
