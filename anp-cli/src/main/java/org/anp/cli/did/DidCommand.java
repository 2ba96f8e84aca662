package org.anp.cli.did;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.anp.identity.IdentityException;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.wba.DidWbaDocumentVerifier;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.InputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anp did create} writes a new identity (DID document and private keys); {@code anp did
 * verify FILE} checks a document file. Exit codes: 0 success, 1 a check failed or a file could
 * not be written, 2 bad usage. Used once, from one thread.
 */
@Command(
    name = "did",
    mixinStandardHelpOptions = true,
    description = "Create and verify DID documents (did:wba, legacy did:all).",
    subcommands = {DidCommand.Create.class, DidCommand.Verify.class})
public final class DidCommand implements Callable<Integer> {
  /** Largest document file {@code verify} reads. */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Mixin private CommandOutput io;

  @Override
  public Integer call() {
    throw io.usage("Missing required subcommand");
  }

  /** {@code anp did create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a DID and prints it.",
        "Writes DIR/did.json and one PKCS#8 PEM file per private key (DIR/<fragment>.pem, owner"
            + " read/write only). Existing files are never overwritten."
      })
  static final class Create implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Option(names = "--method", required = true, description = "wba or all")
    private String method;

    @Option(
        names = "--key-type",
        description = "secp256r1, secp256k1 or ed25519 (did:all: secp256r1 only)")
    private String keyType;

    @Option(names = "--domain", description = "did:wba: the host name")
    private String domain;

    @Option(names = "--port", description = "did:wba: DID port; did:all: hosting node port")
    private Integer port;

    @Option(names = "--path", description = "did:wba: path segments, e.g. users/alice")
    private String path;

    @Option(names = "--host", description = "did:all: the hosting node (@host suffix)")
    private String host;

    @Option(names = "--profile", description = "did:wba: e1, k1 or plain-legacy")
    private String profile;

    @Option(names = "--out", required = true, description = "output directory (created if needed)")
    private Path out;

    @Override
    public Integer call() {
      Map<String, String> files = new LinkedHashMap<>();
      String did;
      try {
        switch (method.toLowerCase(Locale.ROOT)) {
          case "wba" -> did = createWba(files);
          case "all" -> did = createAll(files);
          default -> throw io.usage("--method must be wba or all, not " + method);
        }
      } catch (IllegalArgumentException | IllegalStateException | IdentityException e) {
        throw io.usage(e.getMessage());
      }
      try {
        writeAll(out, files);
      } catch (IOException e) {
        return io.fail("did create: " + e.getMessage());
      }
      io.println(did);
      return 0;
    }

    private String createWba(Map<String, String> files) {
      if (domain == null) {
        throw io.usage("--domain is required for did:wba");
      }
      if (host != null) {
        throw io.usage("--host is for did:all; use --domain for did:wba");
      }
      DidWbaIdentity.Builder builder = DidWbaIdentity.builder().host(domain);
      if (port != null) {
        builder.port(port);
      }
      if (path != null) {
        builder.path(path);
      }
      if (keyType != null) {
        builder.keyType(parseKeyType(keyType));
      }
      if (profile != null) {
        builder.profile(parseProfile(profile));
      }
      DidWbaIdentity identity = builder.build();
      files.put("did.json", pretty(identity.document().json()));
      for (Map.Entry<String, PrivateKeyMaterial> key : identity.privateKeys().entrySet()) {
        files.put(key.getKey() + ".pem", key.getValue().toPkcs8PemInsecure());
      }
      return identity.did().toString();
    }

    private String createAll(Map<String, String> files) {
      if (keyType != null && parseKeyType(keyType) != KeyType.SECP256R1) {
        throw io.usage("did:all supports only --key-type secp256r1");
      }
      if (domain != null || path != null || profile != null) {
        throw io.usage("--domain, --path and --profile are for did:wba");
      }
      if (port != null && host == null) {
        throw io.usage("--port needs --host for did:all");
      }
      DidAllIdentity.Builder builder = DidAllIdentity.builder();
      if (host != null) {
        builder.host(host);
      }
      if (port != null) {
        builder.port(port);
      }
      DidAllIdentity identity = builder.build();
      files.put("did.json", pretty(identity.document()));
      files.put("keys-1.pem", identity.privateKey().toPkcs8PemInsecure());
      return identity.did().toString();
    }

    private KeyType parseKeyType(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "secp256r1", "p-256" -> KeyType.SECP256R1;
        case "secp256k1" -> KeyType.SECP256K1;
        case "ed25519" -> KeyType.ED25519;
        default -> throw io.usage("--key-type must be secp256r1, secp256k1 or ed25519, not " + name);
      };
    }

    private DidWbaProfile parseProfile(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "e1" -> DidWbaProfile.E1;
        case "k1" -> DidWbaProfile.K1;
        case "plain-legacy", "plain_legacy" -> DidWbaProfile.PLAIN_LEGACY;
        default -> throw io.usage("--profile must be e1, k1 or plain-legacy, not " + name);
      };
    }
  }

  /** {@code anp did verify FILE}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verifies a DID document file.",
        "Checks its structure, key binding (e1_/k1_, did:all address) and proof. Prints"
            + " 'valid: <did>', or the reason on standard error."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Parameters(paramLabel = "FILE", description = "the DID document (JSON)")
    private Path file;

    @Override
    public Integer call() {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        return io.fail("invalid: cannot read " + file + ": " + InputFiles.reason(e));
      }
      try {
        JsonNode json = StrictJson.parse(bytes, MAX_DOCUMENT_BYTES);
        String id = json.path("id").asText("");
        String did;
        if (id.startsWith("did:all:")) {
          did = DidAllDocumentVerifier.verify(json).did().toString();
        } else if (id.startsWith("did:wba:")) {
          DidDocument document = DidDocument.fromJson(json);
          did = DidWbaDocumentVerifier.verify(document, document.id()).did().toString();
        } else {
          return io.fail("invalid: id: not a did:wba or did:all DID");
        }
        io.println("valid: " + did);
        return 0;
      } catch (IdentityException e) {
        return io.fail("invalid: " + e.getMessage());
      }
    }
  }

  private static String pretty(JsonNode json) {
    try {
      return PRETTY.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a JSON tree always serializes", e);
    }
  }

  /**
   * Writes the files, refusing if any of them exists. Private key files ({@code .pem}) are created
   * with owner-only permissions, atomically where the file system supports POSIX permissions.
   */
  static void writeAll(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    for (String name : files.keySet()) {
      if (Files.exists(dir.resolve(name))) {
        throw new FileAlreadyExistsException(dir.resolve(name) + " exists; refusing to overwrite");
      }
    }
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    List<FileAttribute<?>> attributes = new ArrayList<>();
    if (posix) {
      attributes.add(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      if (file.getKey().endsWith(".pem")) {
        Files.createFile(target, attributes.toArray(new FileAttribute<?>[0]));
      } else {
        Files.createFile(target);
      }
      Files.write(target, file.getValue().getBytes(StandardCharsets.UTF_8));
    }
  }
}
