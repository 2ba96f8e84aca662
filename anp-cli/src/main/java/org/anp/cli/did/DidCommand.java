package org.anp.cli.did;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.anp.identity.IdentityException;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.did.AnpMessageService;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllDocumentVerifier;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
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
 * {@code anp did create} writes a new identity (DID document and private keys) through the
 * directory {@link IdentityStore}; {@code anp did verify FILE} checks a document file. Exit codes: 0 success, 1 a check failed or a file could
 * not be written, 2 bad usage. Used once, from one thread.
 */
@Command(
    name = "did",
    mixinStandardHelpOptions = true,
    description = "Create and verify DID documents (did:wba, did:key, did:all).",
    subcommands = {DidCommand.Create.class, DidCommand.Verify.class})
public final class DidCommand implements Callable<Integer> {
  /** Largest document file {@code verify} reads. */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

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
        "Writes DIR/did.json (mode 0644) and one PKCS#8 PEM file per private key (DIR/<fragment>.pem,"
            + " mode 0600, owner read/write only) into DIR (created with mode 0700). Existing files"
            + " are never overwritten."
      })
  static final class Create implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Option(names = "--method", required = true, description = "wba, all or key")
    private String method;

    @Option(
        names = "--key-type",
        description = "secp256r1, secp256k1 or ed25519 (did:all: secp256r1 only; default ed25519, did:all secp256r1)")
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

    @Option(
        names = "--message-service",
        paramLabel = "URL",
        description = "did:wba, did:all: add an ANPMessageService entry (ANP 1.2 P2) naming this P1"
            + " endpoint, e.g. https://agents.example.com/anp")
    private String messageService;

    @Option(
        names = "--message-service-did",
        paramLabel = "DID",
        description = "with --message-service: the serviceDid of the service at that endpoint (needed"
            + " when it is another domain's)")
    private String messageServiceDid;

    @Override
    public Integer call() {
      AgentIdentity identity;
      try {
        identity = switch (method.toLowerCase(Locale.ROOT)) {
          case "wba" -> createWba();
          case "all" -> createAll();
          case "key" -> createKey();
          default -> throw io.usage("--method must be wba, all or key, not " + method);
        };
        identity = withMessageService(identity);
      } catch (IllegalArgumentException | IllegalStateException | IdentityException e) {
        throw io.usage(e.getMessage());
      }
      try {
        IdentityStore.directory(out).create(identity);
      } catch (IdentityException e) {
        return io.fail("did create: " + e.getMessage());
      }
      io.println(identity.did().toString());
      return 0;
    }

    private AgentIdentity withMessageService(AgentIdentity identity) {
      if (messageService == null) {
        if (messageServiceDid != null) {
          throw io.usage("--message-service-did needs --message-service");
        }
        return identity;
      }
      if (method.equalsIgnoreCase("key")) {
        throw io.usage("--message-service is for did:wba and did:all: a did:key document has no services");
      }
      AnpMessageService service;
      try {
        service = AnpMessageService.at(new URI(messageService));
      } catch (URISyntaxException e) {
        throw io.usage("--message-service: not a URL: " + messageService);
      }
      if (messageServiceDid != null) {
        service = service.withServiceDid(Did.parse(messageServiceDid));
      }
      return identity.toBuilder().service(service.toJson(identity.did())).build();
    }

    private AgentIdentity createWba() {
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
      return AgentIdentity.from(builder.build());
    }

    private AgentIdentity createAll() {
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
      return AgentIdentity.from(builder.build());
    }

    private AgentIdentity createKey() {
      if (domain != null || path != null || profile != null || host != null || port != null) {
        throw io.usage("did:key takes only --key-type: the DID is the key");
      }
      KeyType type = keyType == null ? KeyType.ED25519 : parseKeyType(keyType);
      return AgentIdentity.generateDidKey(type, new SecureRandom());
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
        "Checks its structure, key binding (e1_/k1_, did:all address) and proof; a did:key document"
            + " must be the one its DID expands to. Prints 'valid: <did>', or the reason on standard"
            + " error."
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
        } else if (id.startsWith("did:key:")) {
          DidDocument document = DidDocument.fromJson(json);
          if (!DidKey.document(document.id()).equals(document)) {
            return io.fail("invalid: document: differs from the document did:key derives from " + id);
          }
          did = document.id().toString();
        } else {
          return io.fail("invalid: id: not a did:wba, did:key or did:all DID");
        }
        io.println("valid: " + did);
        return 0;
      } catch (IdentityException e) {
        return io.fail("invalid: " + e.getMessage());
      }
    }
  }
}
