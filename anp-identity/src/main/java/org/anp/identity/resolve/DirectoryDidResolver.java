package org.anp.identity.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.json.StrictJson;
import org.anp.identity.wba.DidWba;
import org.anp.identity.wba.DidWbaDocumentVerifier;

/**
 * A resolver over a directory of DID document files, for tests and offline setups. Every regular
 * file named {@code *.json} directly in the directory or in one of its subdirectories (so a
 * directory of identity directories written by {@code anp did create} works) whose top-level
 * {@code id} is a DID serves that DID. Files that are not DID documents are ignored.
 *
 * <p>Freshness: a resolution that finds its DID checks that the file is unchanged (modification
 * time and size) and re-reads it otherwise; a resolution that misses rescans the directory. No
 * network, no background thread: the future is already complete when {@code resolve} returns.
 *
 * <p>Security: documents are checked as their method's resolver would: did:wba documents with
 * {@link DidWbaDocumentVerifier} (id, key binding, proof when present), did:all documents with
 * {@link DidAllDocumentVerifier} (address binding and proof). Documents of other methods are
 * parsed but trusted as written. A file whose document fails a check makes its DID fail with that
 * check's code; two files claiming one DID fail it with {@code INVALID_DOCUMENT}.
 *
 * <p>Errors: {@code DID_NOT_FOUND} when no file has the DID, {@code INVALID_DID} for a malformed
 * DID string, or the document's check failure. Use {@link #orElse} to put this resolver in front
 * of another one. Thread-safe.
 */
public final class DirectoryDidResolver implements DidResolver {
  private static final int MAX_DEPTH = 2;

  private final Path directory;
  private final int maxDocumentBytes;
  private final Map<Path, Entry> files = new HashMap<>();
  private final Map<Did, List<Entry>> byDid = new HashMap<>();

  private DirectoryDidResolver(Path directory, int maxDocumentBytes) {
    this.directory = directory;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /**
   * A resolver over {@code directory}, reading files of at most {@link
   * DidDocument#DEFAULT_MAX_BYTES}.
   *
   * @throws IllegalArgumentException if {@code directory} is not a directory
   */
  public static DirectoryDidResolver of(Path directory) {
    return of(directory, DidDocument.DEFAULT_MAX_BYTES);
  }

  /**
   * A resolver over {@code directory}; larger files than {@code maxDocumentBytes} are ignored.
   *
   * @throws IllegalArgumentException if {@code directory} is not a directory or the limit is not
   *     positive
   */
  public static DirectoryDidResolver of(Path directory, int maxDocumentBytes) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("not a directory: " + directory);
    }
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
    }
    return new DirectoryDidResolver(directory, maxDocumentBytes);
  }

  /** The directory this resolver reads. */
  public Path directory() {
    return directory;
  }

  @Override
  public CompletableFuture<DidDocument> resolve(Did did) {
    Objects.requireNonNull(did, "did");
    try {
      return CompletableFuture.completedFuture(lookUp(normalize(did)));
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A resolver that asks this one first and {@code next} only when this one fails with {@code
   * DID_NOT_FOUND}; any other failure of this one (a broken local file) is not hidden.
   */
  public DidResolver orElse(DidResolver next) {
    Objects.requireNonNull(next, "next");
    return did -> resolve(did).handle((doc, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(doc);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof IdentityException e && e.code() == IdentityError.DID_NOT_FOUND) {
        return next.resolve(did);
      }
      return CompletableFuture.<DidDocument>failedFuture(cause);
    }).thenCompose(f -> f);
  }

  private synchronized DidDocument lookUp(Did did) {
    List<Entry> found = byDid.get(did);
    if (found == null || found.size() != 1 || !unchanged(found.get(0))) {
      rescan();
      found = byDid.get(did);
    }
    if (found == null) {
      throw new IdentityException(IdentityError.DID_NOT_FOUND, "did: " + did + " has no document in " + directory);
    }
    if (found.size() > 1) {
      throw new IdentityException(IdentityError.INVALID_DOCUMENT,
          "id: " + did + " is claimed by " + found.get(0).path().getFileName() + " and " + found.get(1).path().getFileName());
    }
    Entry entry = found.get(0);
    if (entry.error().isPresent()) {
      IdentityException e = entry.error().get();
      String prefix = e.code().name() + ": ";
      String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      throw new IdentityException(e.code(), entry.path().getFileName() + ": " + detail, e);
    }
    return entry.document().orElseThrow();
  }

  private boolean unchanged(Entry entry) {
    Optional<BasicFileAttributes> now = attributes(entry.path());
    return now.isPresent() && now.get().lastModifiedTime().equals(entry.modified()) && now.get().size() == entry.size();
  }

  private void rescan() {
    List<Path> candidates;
    try (Stream<Path> walk = Files.walk(directory, MAX_DEPTH)) {
      candidates = walk.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IdentityException(IdentityError.RESOLUTION_FAILED, "directory: cannot list " + directory + ": " + e.getMessage(), e);
    }
    Map<Path, Entry> next = new LinkedHashMap<>();
    for (Path path : candidates) {
      Optional<BasicFileAttributes> attrs = attributes(path);
      if (attrs.isEmpty() || !attrs.get().isRegularFile() || attrs.get().size() > maxDocumentBytes) {
        continue;
      }
      Entry old = files.get(path);
      if (old != null && old.modified().equals(attrs.get().lastModifiedTime()) && old.size() == attrs.get().size()) {
        next.put(path, old);
      } else {
        read(path, attrs.get()).ifPresent(e -> next.put(path, e));
      }
    }
    files.clear();
    files.putAll(next);
    byDid.clear();
    for (Entry e : files.values()) {
      byDid.computeIfAbsent(e.did(), k -> new ArrayList<>()).add(e);
    }
  }

  /** The file's entry, or empty when it is not a DID document at all (no DID {@code id}). */
  private Optional<Entry> read(Path path, BasicFileAttributes attrs) {
    JsonNode json;
    try {
      json = StrictJson.parse(Files.readAllBytes(path), maxDocumentBytes);
    } catch (IOException | IdentityException e) {
      return Optional.empty();
    }
    JsonNode id = json.path("id");
    if (!id.isTextual()) {
      return Optional.empty();
    }
    Did did;
    try {
      did = normalize(Did.parse(id.asText()));
    } catch (IdentityException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Entry(path, attrs.lastModifiedTime(), attrs.size(), did, Optional.of(check(did, json)), Optional.empty()));
    } catch (IdentityException e) {
      return Optional.of(new Entry(path, attrs.lastModifiedTime(), attrs.size(), did, Optional.empty(), Optional.of(e)));
    }
  }

  private static DidDocument check(Did did, JsonNode json) {
    if (did.method().equals("all")) {
      DidAllDocumentVerifier.verify(json);
    }
    DidDocument document = DidDocument.fromJson(json);
    if (did.method().equals("wba")) {
      DidWbaDocumentVerifier.verify(document, did);
    }
    return document;
  }

  /** did:wba DIDs compare after host normalization (spec/README.md #41); others as written. */
  private static Did normalize(Did did) {
    return did.method().equals("wba") ? DidWba.parse(did.toString()).toDid() : did;
  }

  private static Optional<BasicFileAttributes> attributes(Path path) {
    try {
      return Optional.of(Files.readAttributes(path, BasicFileAttributes.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "DirectoryDidResolver[" + directory + "]";
  }

  private record Entry(
      Path path,
      FileTime modified,
      long size,
      Did did,
      Optional<DidDocument> document,
      Optional<IdentityException> error) {}
}
