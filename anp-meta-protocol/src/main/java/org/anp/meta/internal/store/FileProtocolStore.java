package org.anp.meta.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.json.StrictJson;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;

/**
 * {@link ProtocolStore} on files: {@code <hash>.json} per protocol in one directory. A write goes
 * to a temporary file in the same directory, is forced to disk and then moved over the entry
 * atomically, so a reader (or a restart after a crash) sees the old entry or the new one, never
 * a torn one. Every read checks that the text still hashes to the file's name. Thread-safe:
 * writers of the same hash race only on which complete entry wins.
 */
public final class FileProtocolStore implements ProtocolStore {
  /** Version of the entry format. */
  static final int FORMAT = 1;

  /** Largest entry file read. */
  static final int MAX_ENTRY_BYTES = 4 << 20;

  private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{64}\\.json");

  private final Path directory;

  private FileProtocolStore(Path directory) {
    this.directory = directory;
  }

  /** Opens (creating if needed) the store in {@code directory}. */
  public static FileProtocolStore open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw failed("cannot create the protocol store directory", e);
    }
    return new FileProtocolStore(directory);
  }

  @Override
  public void put(StoredProtocol protocol) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format", FORMAT);
    o.put("hash", protocol.hash().hex());
    o.put("protocol", protocol.protocol());
    o.set("handlerForm", protocol.handlerForm());
    o.put("peer", protocol.peer().toString());
    o.put("agreedAt", protocol.agreedAt().toString());
    o.put("lastUsedAt", protocol.lastUsedAt().toString());
    byte[] bytes;
    try {
      bytes = StrictJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    Path target = entry(protocol.hash());
    Path temp = null;
    try {
      temp = Files.createTempFile(directory, ".tmp-" + protocol.hash().hex().substring(0, 8), ".json");
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw failed("cannot write the entry of " + protocol.hash(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed; a stray temporary file is harmless and not an entry.
        }
      }
    }
  }

  @Override
  public Optional<StoredProtocol> find(ProtocolHash hash) {
    byte[] bytes;
    try {
      Path p = entry(hash);
      if (Files.size(p) > MAX_ENTRY_BYTES) {
        throw failed("the entry of " + hash + " is larger than " + MAX_ENTRY_BYTES + " bytes", null);
      }
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("cannot read the entry of " + hash, e);
    }
    return Optional.of(decode(hash, bytes));
  }

  private static StoredProtocol decode(ProtocolHash hash, byte[] bytes) {
    try {
      JsonNode o = StrictJson.parse(bytes, MAX_ENTRY_BYTES);
      if (o.path("format").asInt() != FORMAT || !o.path("protocol").isTextual() || !o.path("handlerForm").isObject()) {
        throw failed("the entry of " + hash + " is not a format " + FORMAT + " entry", null);
      }
      StoredProtocol p =
          StoredProtocol.of(
              o.get("protocol").textValue(),
              o.get("handlerForm"),
              Did.parse(o.path("peer").asText("")),
              Instant.parse(o.path("agreedAt").asText("")),
              Instant.parse(o.path("lastUsedAt").asText("")));
      if (!p.hash().equals(hash)) {
        throw failed("the entry of " + hash + " is damaged: its text has another hash", null);
      }
      return p;
    } catch (IdentityException | DateTimeParseException | IllegalArgumentException e) {
      throw failed("the entry of " + hash + " cannot be read", e);
    }
  }

  @Override
  public boolean evict(ProtocolHash hash) {
    try {
      return Files.deleteIfExists(entry(hash));
    } catch (IOException e) {
      throw failed("cannot remove the entry of " + hash, e);
    }
  }

  @Override
  public List<StoredProtocol> list() {
    List<StoredProtocol> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (ENTRY.matcher(name).matches()) {
          find(new ProtocolHash(name.substring(0, 64))).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw failed("cannot list the protocol store", e);
    }
    out.sort(Comparator.comparing(p -> p.hash().hex()));
    return out;
  }

  private Path entry(ProtocolHash hash) {
    return directory.resolve(hash.hex() + ".json");
  }

  private static MetaProtocolException failed(String message, Throwable cause) {
    return cause == null
        ? new MetaProtocolException(MetaProtocolError.STORE_FAILED, message)
        : new MetaProtocolException(MetaProtocolError.STORE_FAILED, message, cause);
  }
}
