package org.anp.cli.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.transport.messenger.LocalIdentity;

/**
 * Reads an identity directory as {@code anp did create} writes it: {@code did.json} and one
 * PKCS#8 PEM file per private key, named after the key's fragment. The E2E key is the P-256
 * {@code key-2} (did:wba) or else the first P-256 key of the document; the register entry is
 * signed with {@code key-1} / {@code keys-1}, the key that signs the document.
 */
final class IdentityDirectory {
  private static final int MAX_FILE_BYTES = 1024 * 1024;

  private IdentityDirectory() {}

  /** Thrown for a directory that does not hold a usable identity; the message says why. */
  static final class InvalidIdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidIdentityException(String message, Throwable cause) {
      super(message, cause);
    }

    InvalidIdentityException(String message) {
      super(message);
    }
  }

  static LocalIdentity load(Path dir) throws InvalidIdentityException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidIdentityException(dir + ": not a directory");
    }
    DidDocument document;
    try {
      document = DidDocument.parse(read(dir.resolve("did.json")), MAX_FILE_BYTES);
    } catch (IOException e) {
      throw new InvalidIdentityException(dir.resolve("did.json") + ": cannot read: " + e.getMessage(), e);
    } catch (IdentityException e) {
      throw new InvalidIdentityException(dir.resolve("did.json") + ": " + e.getMessage(), e);
    }
    String did = document.id().toString();
    Map<String, PrivateKeyMaterial> keys = new TreeMap<>();
    try (DirectoryStream<Path> pems = Files.newDirectoryStream(dir, "*.pem")) {
      for (Path pem : pems) {
        String name = pem.getFileName().toString();
        String fragment = name.substring(0, name.length() - ".pem".length());
        if (document.verificationMethod(fragment).isEmpty()) {
          continue;
        }
        try {
          keys.put(fragment, PrivateKeyMaterial.fromPkcs8Pem(new String(read(pem), StandardCharsets.US_ASCII)));
        } catch (IdentityException e) {
          throw new InvalidIdentityException(pem + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new InvalidIdentityException(dir + ": cannot list key files: " + e.getMessage(), e);
    }
    Optional<String> e2e = pick(keys, List.of("key-2", "keys-1", "key-1"), true)
        .or(() -> keys.entrySet().stream().filter(k -> k.getValue().type() == KeyType.SECP256R1).map(Map.Entry::getKey).findFirst());
    if (e2e.isEmpty()) {
      throw new InvalidIdentityException(dir + ": no P-256 private key (key-2.pem) for end-to-end encryption");
    }
    Optional<String> router = pick(keys, List.of("key-1", "keys-1"), false).or(() -> e2e);
    return LocalIdentity.of(document.id(), keys.get(e2e.get()), did + "#" + e2e.get(), document.id(), keys.get(router.get()), did + "#" + router.get());
  }

  private static Optional<String> pick(Map<String, PrivateKeyMaterial> keys, List<String> names, boolean p256) {
    return names.stream()
        .filter(keys::containsKey)
        .filter(n -> !p256 || keys.get(n).type() == KeyType.SECP256R1)
        .findFirst();
  }

  private static byte[] read(Path file) throws IOException, InvalidIdentityException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new InvalidIdentityException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
