package org.anp.transport.hosting;

import java.nio.file.Path;
import java.util.Optional;
import org.anp.identity.did.Did;
import org.anp.transport.internal.hosting.FileDidDocumentStore;
import org.anp.transport.internal.hosting.InMemoryDidDocumentStore;

/**
 * Where a hosting server keeps DID documents: the exact bytes that were accepted, by DID. The
 * hosting classes verify documents before they store them; a store only keeps bytes.
 *
 * <p>Implementations are thread-safe; a read never sees a partly written document, and {@link
 * #create} is atomic (of concurrent creates of one DID exactly one succeeds). Methods may block
 * on I/O, so call them off event loops (hosting handlers run on the server's workers). I/O
 * failures surface as {@link java.io.UncheckedIOException}.
 */
public interface DidDocumentStore {

  /** A copy of the stored document of {@code did}. */
  Optional<byte[]> get(Did did);

  /** Stores {@code document} unless {@code did} already has one; false if it had. */
  boolean create(Did did, byte[] document);

  /** Stores {@code document}, replacing any earlier one. */
  void put(Did did, byte[] document);

  /** Removes the document of {@code did}; false if there was none. */
  boolean delete(Did did);

  /**
   * The default store: one file per DID under {@code directory} (created if missing), written to
   * a temporary file in the same directory, flushed to disk and atomically renamed, so a crash
   * leaves either the old or the new document. File names are derived from the DID by
   * percent-encoding (a hash for very long DIDs), so no DID can name a path outside the
   * directory. Documents larger than {@code maxDocumentBytes} are refused on write and read.
   *
   * @throws java.io.UncheckedIOException if the directory cannot be created or read
   */
  static DidDocumentStore inDirectory(Path directory, int maxDocumentBytes) {
    return new FileDidDocumentStore(directory, maxDocumentBytes);
  }

  /** A store in memory, for tests and throw-away servers. */
  static DidDocumentStore inMemory() {
    return new InMemoryDidDocumentStore();
  }
}
