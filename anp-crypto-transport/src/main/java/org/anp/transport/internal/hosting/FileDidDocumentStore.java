package org.anp.transport.internal.hosting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Hex;
import org.anp.identity.did.Did;
import org.anp.transport.hosting.DidDocumentStore;

/**
 * One file per DID under a directory (see {@link DidDocumentStore#inDirectory}). Writes go to a
 * hidden temporary file in the same directory, are forced to disk and renamed over the target
 * atomically, then the directory itself is forced; reads are plain reads of whole files, so
 * they see the old or the new document, never a mix. Writers are serialized by one lock
 * (hosting writes are rare); readers take no lock. Temporary files left by a crash are removed
 * when a store opens the directory. Thread-safe.
 */
public final class FileDidDocumentStore implements DidDocumentStore {
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int MAX_READABLE_NAME = 200;

  private final Path directory;
  private final int maxDocumentBytes;
  private final Runnable beforeRename;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final SecureRandom random = new SecureRandom();

  /** A store in {@code directory} (created if missing). */
  public FileDidDocumentStore(Path directory, int maxDocumentBytes) {
    this(directory, maxDocumentBytes, () -> {});
  }

  /** As above; {@code beforeRename} runs between the temporary write and the rename (tests). */
  FileDidDocumentStore(Path directory, int maxDocumentBytes, Runnable beforeRename) {
    Objects.requireNonNull(directory, "directory");
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
    }
    this.directory = directory.toAbsolutePath().normalize();
    this.maxDocumentBytes = maxDocumentBytes;
    this.beforeRename = beforeRename;
    try {
      Files.createDirectories(this.directory);
      try (DirectoryStream<Path> stale = Files.newDirectoryStream(this.directory, ".*" + TEMP_SUFFIX)) {
        for (Path p : stale) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the document directory " + this.directory, e);
    }
  }

  /**
   * The file name of a DID: every byte outside {@code [A-Za-z0-9._-]} percent-encoded, plus
   * {@code .json}; names that would be longer than 200 characters become {@code sha256-<hex>.json}.
   * Since {@code :} is always encoded, a name never is {@code .}, {@code ..} or contains a
   * separator.
   */
  static String fileName(Did did) {
    String text = did.toString();
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    if (out.length() > MAX_READABLE_NAME) {
      try {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return "sha256-" + Hex.encode(hash) + ".json";
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }
    return out.append(".json").toString();
  }

  @Override
  public Optional<byte[]> get(Did did) {
    Path file = fileOf(did);
    try {
      long size = Files.size(file);
      if (size > maxDocumentBytes) {
        throw tooLarge(size);
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the document of " + did, e);
    }
  }

  @Override
  public boolean create(Did did, byte[] document) {
    checkSize(document);
    writeLock.lock();
    try {
      if (Files.exists(fileOf(did))) {
        return false;
      }
      write(did, document);
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void put(Did did, byte[] document) {
    checkSize(document);
    writeLock.lock();
    try {
      write(did, document);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public boolean delete(Did did) {
    writeLock.lock();
    try {
      boolean deleted = Files.deleteIfExists(fileOf(did));
      if (deleted) {
        forceDirectory();
      }
      return deleted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the document of " + did, e);
    } finally {
      writeLock.unlock();
    }
  }

  private void write(Did did, byte[] document) {
    Path target = fileOf(did);
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    Path temp = directory.resolve("." + target.getFileName() + "." + Hex.encode(suffix) + TEMP_SUFFIX);
    boolean renamed = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(document);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      beforeRename.run();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the document of " + did, e);
    } finally {
      if (!renamed) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the next store opening the directory removes it
        }
      }
    }
  }

  /** Makes the rename durable; some platforms cannot open a directory, and then it is skipped. */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Directories cannot be opened as channels on every OS (Windows); the rename is atomic anyway.
    }
  }

  private Path fileOf(Did did) {
    return directory.resolve(fileName(Objects.requireNonNull(did, "did")));
  }

  private void checkSize(byte[] document) {
    Objects.requireNonNull(document, "document");
    if (document.length > maxDocumentBytes) {
      throw tooLarge(document.length);
    }
  }

  private IdentityException tooLarge(long size) {
    return new IdentityException(
        IdentityError.INPUT_TOO_LARGE,
        "document: " + size + " bytes, more than " + maxDocumentBytes);
  }
}
