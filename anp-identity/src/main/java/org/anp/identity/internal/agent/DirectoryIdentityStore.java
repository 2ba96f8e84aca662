package org.anp.identity.internal.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.PrivateKeyMaterial;

/**
 * The identity directory of {@code anp did create}: {@code did.json} and {@code <fragment>.pem}
 * (see {@link IdentityStore#directory}). Thread-safe (no state beyond the path); concurrent
 * writers of one directory are not coordinated.
 */
public final class DirectoryIdentityStore implements IdentityStore {
  /** The document file. */
  public static final String DOCUMENT = "did.json";
  /** Largest {@code did.json} read. */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
  /** Largest key file read (a PKCS#8 PEM of our key types is under 300 bytes). */
  static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DOCUMENT_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
  // A fragment becomes a file name: no separators, no leading dot, nothing a shell would mangle.
  private static final Pattern FILE_SAFE_FRAGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Path dir;

  private DirectoryIdentityStore(Path dir) {
    this.dir = dir;
  }

  /** The store of this directory (which need not exist yet). */
  public static DirectoryIdentityStore of(Path dir) {
    return new DirectoryIdentityStore(Objects.requireNonNull(dir, "dir"));
  }

  @Override
  public AgentIdentity load() {
    if (!Files.isDirectory(dir)) {
      throw new IdentityException(IdentityError.IDENTITY_NOT_FOUND, dir + ": not a directory");
    }
    Path documentFile = dir.resolve(DOCUMENT);
    if (!Files.exists(documentFile)) {
      throw new IdentityException(IdentityError.IDENTITY_NOT_FOUND, documentFile + ": no such file");
    }
    DidDocument document = parse(documentFile);
    boolean posix = supportsPosix(dir);
    Map<String, PrivateKeyMaterial> keys = new LinkedHashMap<>();
    for (VerificationMethod method : OwnMethods.of(document)) {
      String fragment = method.fragment();
      Path pem = dir.resolve(fragment + ".pem");
      if (!FILE_SAFE_FRAGMENT.matcher(fragment).matches() || !Files.exists(pem)) {
        continue;
      }
      if (posix) {
        checkOwnerOnly(pem);
      }
      String text = new String(read(pem, MAX_KEY_FILE_BYTES), StandardCharsets.US_ASCII);
      try {
        keys.put(fragment, PrivateKeyMaterial.fromPkcs8Pem(text));
      } catch (IdentityException e) {
        throw corrupt(pem, e);
      }
    }
    if (keys.isEmpty()) {
      throw new IdentityException(
          IdentityError.IDENTITY_CORRUPT,
          dir + ": no private key file (<fragment>.pem) for a verification method of " + document.id());
    }
    try {
      return AgentIdentity.of(document, keys);
    } catch (IdentityException e) {
      throw new IdentityException(IdentityError.IDENTITY_CORRUPT, dir + ": " + detail(e), e);
    }
  }

  @Override
  public void create(AgentIdentity identity) {
    Map<String, byte[]> files = files(identity);
    for (String name : files.keySet()) {
      if (Files.exists(dir.resolve(name))) {
        throw new IdentityException(
            IdentityError.IDENTITY_EXISTS, dir.resolve(name) + " exists; refusing to overwrite");
      }
    }
    write(files, false);
  }

  @Override
  public void store(AgentIdentity identity) {
    Map<String, byte[]> files = files(identity);
    Path documentFile = dir.resolve(DOCUMENT);
    if (Files.exists(documentFile)) {
      DidDocument stored = parse(documentFile);
      if (!stored.id().equals(identity.did())) {
        throw new IdentityException(
            IdentityError.IDENTITY_EXISTS,
            documentFile + " holds " + stored.id() + ", not " + identity.did() + "; refusing to overwrite");
      }
    }
    write(files, true);
  }

  @Override
  public String toString() {
    return "DirectoryIdentityStore[" + dir + "]";
  }

  /** File name to content: the key files first, the document last. */
  private static Map<String, byte[]> files(AgentIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<String, PrivateKeyMaterial> key : identity.privateKeys().entrySet()) {
      if (!FILE_SAFE_FRAGMENT.matcher(key.getKey()).matches()) {
        throw new IdentityException(
            IdentityError.IDENTITY_STORE_FAILED, key.getKey() + ": this fragment cannot be a file name");
      }
      files.put(key.getKey() + ".pem", key.getValue().toPkcs8PemInsecure().getBytes(StandardCharsets.US_ASCII));
    }
    files.put(DOCUMENT, pretty(identity.document()));
    return files;
  }

  // Every file goes to a temporary file first, all of them are flushed, and only then are they
  // moved into place, keys before the document: a crash can leave a directory whose keys are newer
  // than its document only in the instant between two renames.
  private void write(Map<String, byte[]> files, boolean replace) {
    List<Path> temporaries = new ArrayList<>();
    try {
      boolean posix = ensureDirectory();
      Map<Path, Path> moves = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        boolean key = !file.getKey().equals(DOCUMENT);
        Path temporary = posix
            ? Files.createTempFile(dir, "." + file.getKey() + ".", ".tmp", PosixFilePermissions.asFileAttribute(KEY_MODE))
            : Files.createTempFile(dir, "." + file.getKey() + ".", ".tmp");
        temporaries.add(temporary);
        if (posix) {
          // the umask may have taken bits away from the creation mode; the final mode is set here
          Files.setPosixFilePermissions(temporary, key ? KEY_MODE : DOCUMENT_MODE);
        }
        writeFlushed(temporary, file.getValue());
        moves.put(temporary, dir.resolve(file.getKey()));
      }
      for (Map.Entry<Path, Path> move : moves.entrySet()) {
        if (replace) {
          Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.move(move.getKey(), move.getValue());
        }
        temporaries.remove(move.getKey());
      }
      if (posix) {
        flushDirectory();
      }
    } catch (FileAlreadyExistsException e) {
      throw new IdentityException(IdentityError.IDENTITY_EXISTS, e.getFile() + " exists; refusing to overwrite", e);
    } catch (IOException e) {
      throw new IdentityException(IdentityError.IDENTITY_STORE_FAILED, dir + ": cannot write: " + describe(e), e);
    } finally {
      for (Path temporary : temporaries) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // best effort: a leftover hidden .tmp file holds nothing the directory does not
        }
      }
    }
  }

  /** Creates the directory owner-only if it does not exist; true if it has POSIX permissions. */
  private boolean ensureDirectory() throws IOException {
    if (Files.isDirectory(dir)) {
      return supportsPosix(dir);
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean posix = supportsPosix(parent != null ? parent : dir);
    List<FileAttribute<?>> attributes = new ArrayList<>();
    if (posix) {
      attributes.add(PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
    }
    Files.createDirectory(dir, attributes.toArray(new FileAttribute<?>[0]));
    if (posix) {
      Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
    }
    return posix;
  }

  private void checkOwnerOnly(Path pem) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(pem);
    } catch (IOException e) {
      throw new IdentityException(IdentityError.IDENTITY_STORE_FAILED, pem + ": cannot read its permissions: " + describe(e), e);
    }
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(mode);
    open.retainAll(NOT_FOR_OTHERS);
    if (!open.isEmpty()) {
      throw new IdentityException(
          IdentityError.KEY_FILE_INSECURE,
          pem + ": a private key file the group or others may read or write (mode "
              + PosixFilePermissions.toString(mode) + "); not used. Restrict it with chmod 600");
    }
  }

  private static DidDocument parse(Path documentFile) {
    byte[] bytes = read(documentFile, MAX_DOCUMENT_BYTES);
    try {
      return DidDocument.parse(bytes, MAX_DOCUMENT_BYTES);
    } catch (IdentityException e) {
      throw corrupt(documentFile, e);
    }
  }

  private static byte[] read(Path file, int maxBytes) {
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new IdentityException(IdentityError.IDENTITY_CORRUPT, file + ": " + size + " bytes, more than " + maxBytes);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IdentityException(IdentityError.IDENTITY_STORE_FAILED, file + ": cannot read: " + describe(e), e);
    }
  }

  private static void writeFlushed(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  // Makes the renames durable. Linux allows opening a directory for reading; where that fails the
  // renames still happened, only their durability across a power loss is not forced.
  private void flushDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // not supported here
    }
  }

  private static boolean supportsPosix(Path path) {
    try {
      return Files.getFileStore(path).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] pretty(DidDocument document) {
    try {
      return (PRETTY.writeValueAsString(document.json()) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  private static IdentityException corrupt(Path file, IdentityException cause) {
    return new IdentityException(IdentityError.IDENTITY_CORRUPT, file + ": " + detail(cause), cause);
  }

  // The cause's message without its code prefix: the code is said once, by the outer exception.
  private static String detail(IdentityException e) {
    String message = e.getMessage();
    String prefix = e.code().name() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
