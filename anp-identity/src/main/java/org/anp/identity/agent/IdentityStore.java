package org.anp.identity.agent;

import java.nio.file.Path;
import org.anp.identity.internal.agent.DirectoryIdentityStore;

/**
 * Where one agent's identity (DID document and private keys) lives. Implementations decide the
 * format; {@link #directory(Path)} is the layout {@code anp did create} writes. Implementations
 * are thread-safe, but two processes writing one store at once are not coordinated.
 *
 * <p>Errors: {@link org.anp.identity.IdentityException} with {@code IDENTITY_NOT_FOUND}, {@code
 * IDENTITY_EXISTS}, {@code IDENTITY_CORRUPT}, {@code KEY_FILE_INSECURE} or {@code
 * IDENTITY_STORE_FAILED}; the message names the file and the reason.
 */
public interface IdentityStore {
  /**
   * The directory store: {@code did.json} (the document, pretty-printed, mode 0644) and one PKCS#8
   * PEM file per private key, {@code <fragment>.pem} (mode 0600), in a directory created with
   * mode 0700. Modes are set explicitly, whatever the umask, on file systems with POSIX
   * permissions. Each file is written to a temporary file in the directory, flushed to disk and
   * moved into place, so a reader sees the old file or the new one, never a part. Loading refuses
   * a key file the group or others may read or write ({@code KEY_FILE_INSECURE}), as ssh does.
   */
  static IdentityStore directory(Path dir) {
    return DirectoryIdentityStore.of(dir);
  }

  /**
   * Loads the identity and checks it as {@link AgentIdentity#of} does.
   *
   * @throws org.anp.identity.IdentityException {@code IDENTITY_NOT_FOUND} if the store holds none,
   *     {@code IDENTITY_CORRUPT} for a file that does not parse or an identity that fails its
   *     checks, {@code KEY_FILE_INSECURE}, {@code IDENTITY_STORE_FAILED}
   */
  AgentIdentity load();

  /**
   * Stores a new identity; refuses if the store holds an identity or any file it would write.
   *
   * @throws org.anp.identity.IdentityException {@code IDENTITY_EXISTS}, {@code
   *     IDENTITY_STORE_FAILED}
   */
  void create(AgentIdentity identity);

  /**
   * Stores {@code identity}, replacing the stored identity of the same DID (after {@link
   * AgentIdentity#toBuilder()} changes) or creating it.
   *
   * @throws org.anp.identity.IdentityException {@code IDENTITY_EXISTS} if the store holds another
   *     DID, {@code IDENTITY_CORRUPT} if what it holds cannot be read, {@code
   *     IDENTITY_STORE_FAILED}
   */
  void store(AgentIdentity identity);
}
