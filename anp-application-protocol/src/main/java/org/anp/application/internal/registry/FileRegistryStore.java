package org.anp.application.internal.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.registry.ProtocolPackage;

/**
 * The registry's packages as files, one per package, named by its content hash and written
 * atomically (a temporary file moved into place), so a crash leaves either the whole package or
 * none. The index (name to versions to hash, name to owner) is rebuilt from the files when the
 * store opens; files that do not parse or clash with an earlier one are skipped.
 *
 * <p>Thread-safe: writes are serialized.
 */
public final class FileRegistryStore {
  private static final String SUFFIX = ".json";

  private final Path directory;
  private final Map<String, ProtocolPackage> byHash = new HashMap<>();
  private final Map<String, TreeMap<String, String>> versions = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();

  private FileRegistryStore(Path directory) {
    this.directory = directory;
  }

  /** Opens (creating if needed) the store in {@code directory} and reads what it holds. */
  public static FileRegistryStore open(Path directory) {
    try {
      Files.createDirectories(directory);
      FileRegistryStore store = new FileRegistryStore(directory);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "sha256-*" + SUFFIX)) {
        List<Path> sorted = new ArrayList<>();
        files.forEach(sorted::add);
        sorted.sort(null);
        for (Path f : sorted) {
          try {
            store.index(ProtocolPackage.parse(Files.readAllBytes(f)));
          } catch (ApplicationException e) {
            // A damaged or clashing file is left on disk and not served.
          }
        }
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("registry store " + directory, e);
    }
  }

  /**
   * Stores a verified package.
   *
   * @return true if it was new, false if the same package was already stored
   * @throws ApplicationException {@code CONFLICT} if the name belongs to another publisher or the
   *     version exists with other content
   */
  public synchronized boolean put(ProtocolPackage pkg) {
    String hash = pkg.contentHash();
    if (byHash.containsKey(hash)) {
      return false;
    }
    check(pkg);
    Path target = directory.resolve(fileName(hash));
    try {
      Path temp = Files.createTempFile(directory, "incoming-", ".tmp");
      try {
        Files.write(temp, pkg.toBytes());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("registry store: writing " + target.getFileName(), e);
    }
    index(pkg);
    return true;
  }

  /** The package with this content hash. */
  public synchronized Optional<ProtocolPackage> byHash(String hash) {
    return Optional.ofNullable(byHash.get(hash));
  }

  /** The package {@code name} at {@code version}. */
  public synchronized Optional<ProtocolPackage> get(String name, String version) {
    TreeMap<String, String> v = versions.get(name);
    return v == null ? Optional.empty() : Optional.ofNullable(v.get(version)).map(byHash::get);
  }

  /** The versions of {@code name} and their hashes, sorted by version text. */
  public synchronized Map<String, String> versions(String name) {
    TreeMap<String, String> v = versions.get(name);
    return v == null ? Map.of() : Map.copyOf(v);
  }

  /** The names and their publishers. */
  public synchronized Map<String, String> names() {
    return Map.copyOf(owners);
  }

  private void check(ProtocolPackage pkg) {
    String owner = owners.get(pkg.name());
    if (owner != null && !owner.equals(pkg.publisher())) {
      throw new ApplicationException(ApplicationError.CONFLICT, "name: " + pkg.name() + " belongs to another publisher");
    }
    TreeMap<String, String> v = versions.get(pkg.name());
    if (v != null && v.containsKey(pkg.version())) {
      throw new ApplicationException(ApplicationError.CONFLICT,
          "version: " + pkg.name() + " " + pkg.version() + " is already published with other content");
    }
  }

  private void index(ProtocolPackage pkg) {
    check(pkg);
    String hash = pkg.contentHash();
    byHash.put(hash, pkg);
    owners.putIfAbsent(pkg.name(), pkg.publisher());
    versions.computeIfAbsent(pkg.name(), n -> new TreeMap<>()).put(pkg.version(), hash);
  }

  private static String fileName(String hash) {
    return hash.replace(':', '-') + SUFFIX;
  }
}
