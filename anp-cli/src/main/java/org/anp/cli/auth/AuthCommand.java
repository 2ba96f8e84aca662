package org.anp.cli.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthenticator;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.auth.HttpSignatureAuthenticator;
import org.anp.identity.auth.VerifiedCaller;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.did.VerificationRelationship;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.cli.internal.CommandOutput;
import org.anp.cli.internal.ErrorLines;
import org.anp.cli.internal.InputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code anp auth header} prints the headers that authenticate one request (ANP-02 1.2 RFC 9421
 * signature headers by default, or a {@code DIDWba} Authorization header) for an identity
 * directory written by {@code anp did create}; {@code anp auth verify} checks a {@code DIDWba}
 * header against a DID document.
 * Exit codes: 0 success, 1 invalid header or unreadable input, 2 bad usage. Used once, from one
 * thread. Private keys are read, used and destroyed; they are never printed.
 */
@Command(
    name = "auth",
    mixinStandardHelpOptions = true,
    description = "Makes DID authentication headers (RFC 9421 or DIDWba) and checks DIDWba ones.",
    subcommands = {AuthCommand.Header.class, AuthCommand.Verify.class})
public final class AuthCommand implements Callable<Integer> {
  /** Largest did.json or key file read. */
  static final int MAX_FILE_BYTES = 1024 * 1024;
  /** Largest request body signed by {@code auth header --body}. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  @Mixin private CommandOutput io;

  @Override
  public Integer call() {
    throw io.usage("Missing required subcommand");
  }

  /** {@code anp auth header}. */
  @Command(
      name = "header",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the authentication headers for a request to a URL.",
        "With --scheme rfc9421 (the default, ANP-02 1.2): the Signature-Input and Signature headers"
            + " (and Content-Digest for a --body), one 'Name: value' per line. With --scheme didwba:"
            + " the DIDWba Authorization header value alone. Signed with the first authentication"
            + " key of DIR/did.json that has a private key file DIR/<fragment>.pem (as 'anp did"
            + " create' writes them)."
      })
  static final class Header implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Option(names = "--identity", required = true, paramLabel = "DIR", description = "Directory of did.json and <fragment>.pem.")
    private Path identity;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The target URL; its host is the signed domain.")
    private String url;

    @Option(
        names = "--scheme",
        paramLabel = "rfc9421|didwba",
        defaultValue = "rfc9421",
        description = "rfc9421: RFC 9421 + RFC 9530 signature headers (ANP-02 1.2); didwba: the"
            + " DIDWba Authorization header. Default: ${DEFAULT-VALUE}.")
    private String scheme;

    @Option(
        names = "--method",
        paramLabel = "METHOD",
        description = "The request's HTTP method (rfc9421 signs it). Default: GET, or POST with --body.")
    private String method;

    @Option(
        names = "--body",
        paramLabel = "FILE",
        description = "The request body (rfc9421 signs its Content-Digest). Default: no body.")
    private Path body;

    // Not --version: that is the standard option printing the anp version, and the two clashed.
    @Option(
        names = "--auth-version",
        paramLabel = "1.0|1.1",
        description = "With --scheme didwba, the v to send: 1.0 signs 'service', 1.1 signs 'aud'."
            + " Default: 1.1.")
    private String version;

    @Override
    public Integer call() {
      URI target = parseUrl(io, url);
      boolean rfc9421 = switch (scheme) {
        case "rfc9421" -> true;
        case "didwba" -> false;
        default -> throw io.usage("--scheme must be rfc9421 or didwba, not " + scheme);
      };
      Optional<AuthVersion> v = Optional.empty();
      if (rfc9421 && version != null) {
        throw io.usage("--auth-version applies to --scheme didwba only");
      }
      if (!rfc9421 && (method != null || body != null)) {
        throw io.usage("--method and --body apply to --scheme rfc9421 only (DIDWba signs neither)");
      }
      if (version != null) {
        if (!version.equals("1.0") && !version.equals("1.1")) {
          throw io.usage("--auth-version must be 1.0 or 1.1, not " + version);
        }
        v = AuthVersion.fromWire(version);
      }
      if (method != null && !method.matches("[A-Za-z]{1,20}")) {
        throw io.usage("--method is not an HTTP method: " + method);
      }
      byte[] bodyBytes = new byte[0];
      DidDocument document;
      try {
        if (body != null) {
          bodyBytes = InputFiles.read(body, MAX_BODY_BYTES);
        }
        InputFiles.requireDirectory(identity);
        document = DidDocument.parse(InputFiles.read(identity.resolve("did.json"), MAX_FILE_BYTES));
      } catch (InputFiles.UnusableInputException e) {
        return io.fail("auth header: " + e.getMessage());
      } catch (IdentityException e) {
        return io.fail("auth header: " + identity.resolve("did.json") + ": " + ErrorLines.of(e));
      }
      for (VerificationMethod key : document.methods(VerificationRelationship.AUTHENTICATION)) {
        Path pem = identity.resolve(key.fragment() + ".pem");
        if (!Files.isRegularFile(pem)) {
          continue;
        }
        PrivateKeyMaterial privateKey;
        try {
          privateKey = PrivateKeyMaterial.fromPkcs8Pem(new String(InputFiles.read(pem, MAX_FILE_BYTES), StandardCharsets.UTF_8));
        } catch (InputFiles.UnusableInputException e) {
          return io.fail("auth header: " + e.getMessage());
        } catch (IdentityException e) {
          return io.fail("auth header: " + pem + ": " + ErrorLines.of(e));
        }
        try {
          if (!privateKey.publicKey().equals(key.publicKey())) {
            return io.fail("auth header: " + pem + " is not the key of " + key.id());
          }
          if (rfc9421) {
            String verb = method != null ? method.toUpperCase(Locale.ROOT) : body != null ? "POST" : "GET";
            HttpSignatureAuthenticator.builder().did(document.id()).signingKey(key.fragment(), privateKey)
                .build().sign(verb, target, bodyBytes)
                .forEach((name, value) -> io.println(name + ": " + value));
          } else {
            DidWbaAuthenticator.Builder b =
                DidWbaAuthenticator.builder().did(document.id()).signingKey(key.fragment(), privateKey);
            v.ifPresent(b::version);
            io.println(b.build().authorizationHeader(target));
          }
          return 0;
        } finally {
          privateKey.destroy();
        }
      }
      return io.fail("auth header: no authentication key of " + document.id() + " has a .pem file in " + identity);
    }
  }

  /** {@code anp auth verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verifies an Authorization header against a DID document.",
        "Checks the header as a server for HOST would, at a given time (default: now). Prints the"
            + " caller's DID and exits 0, or prints 'CODE (wire name): reason' and exits 1."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin private CommandOutput io;

    @Option(names = "--header", required = true, paramLabel = "VALUE", description = "The header value, without 'Authorization:'.")
    private String header;

    @Option(names = "--did-document", required = true, paramLabel = "FILE", description = "The caller's DID document (JSON).")
    private Path didDocument;

    @Option(names = "--domain", required = true, paramLabel = "HOST", description = "This server's host name (the audience the header must be signed for).")
    private String domain;

    @Option(names = "--at", paramLabel = "ISO-INSTANT", description = "Verify as of this instant, e.g. 2026-01-02T03:04:05Z. Default: now.")
    private String at;

    @Override
    public Integer call() {
      Clock clock = Clock.systemUTC();
      if (at != null) {
        try {
          clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw io.usage("--at is not an ISO-8601 instant: " + at);
        }
      }
      URI target = parseUrl(io, "https://" + domain + "/");
      DidDocument document;
      try {
        document = DidDocument.parse(InputFiles.read(didDocument, MAX_FILE_BYTES));
      } catch (InputFiles.UnusableInputException e) {
        return io.fail("auth verify: " + e.getMessage());
      } catch (IdentityException e) {
        return io.fail("auth verify: " + didDocument + ": " + ErrorLines.of(e));
      }
      DidWbaVerifier verifier;
      try {
        verifier = DidWbaVerifier.builder()
            .resolver(did -> did.equals(document.id())
                ? CompletableFuture.completedFuture(document)
                : CompletableFuture.failedFuture(new IdentityException(
                    org.anp.identity.IdentityError.DID_NOT_FOUND, "the document is for " + document.id())))
            .audience(domain)
            .clock(clock)
            .build();
      } catch (IllegalArgumentException e) {
        throw io.usage("--domain: " + e.getMessage());
      }
      try {
        VerifiedCaller caller =
            verifier.verify(AuthRequest.of("GET", target, Map.of("Authorization", header), new byte[0])).join();
        io.println(caller.did().toString());
        return 0;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof IdentityException failure)) {
          throw e;
        }
        io.println(ErrorLines.of(failure));
        return 1;
      }
    }
  }

  private static URI parseUrl(CommandOutput io, String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null || !uri.isAbsolute()) {
        throw io.usage("not an absolute URL with a host: " + text);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw io.usage("not a URL: " + text);
    }
  }
}
