package org.anp.transport.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.anp.identity.did.Did;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DidDocumentStoreTest {
  @TempDir static Path dir;

  static Stream<DidDocumentStore> stores() {
    return Stream.of(DidDocumentStore.inMemory(), DidDocumentStore.inDirectory(dir, 1024));
  }

  @ParameterizedTest
  @MethodSource("stores")
  void keepsBytesByDidAndCopiesInAndOut(DidDocumentStore store) {
    Did did = Did.parse("did:example:contract");
    byte[] doc = {'{', '}'};
    assertThat(store.create(did, doc)).isTrue();
    doc[0] = 'x';
    byte[] read = store.get(did).orElseThrow();
    assertThat(read).containsExactly('{', '}');
    read[1] = 'y';
    assertThat(store.get(did).orElseThrow()).containsExactly('{', '}');
    assertThat(store.create(did, new byte[] {'[', ']'})).isFalse();
    store.put(did, new byte[] {'[', ']'});
    assertThat(store.get(did).orElseThrow()).containsExactly('[', ']');
    assertThat(store.get(Did.parse("did:example:other"))).isEmpty();
    assertThat(store.delete(did)).isTrue();
    assertThat(store.get(did)).isEmpty();
  }
}
