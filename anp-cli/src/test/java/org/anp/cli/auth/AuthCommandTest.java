package org.anp.cli.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.anp.cli.CliRun;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.AuthRequest;
import org.anp.identity.auth.AuthVersion;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.HttpSignatureVerifier;
import org.anp.identity.did.DidDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code anp auth header} against an {@code anp did create} directory, and {@code anp auth verify}. */
class AuthCommandTest {
  @TempDir Path dir;

  private CliRun last = new CliRun(0, "", "");

  private int run(String... args) {
    last = CliRun.anp(args);
    return last.exitCode();
  }

  private String out() {
    return last.out().strip();
  }

  private Path createIdentity(String keyType) {
    Path id = dir.resolve("id-" + keyType);
    assertThat(run("did", "create", "--method", "wba", "--domain", "alice.example.com", "--path", "agents/alice",
        "--key-type", keyType, "--out", id.toString())).as(last.err()).isZero();
    return id;
  }

  @Test
  void didwbaHeaderFromADidCreateDirectoryVerifies() {
    for (String keyType : new String[] {"ed25519", "secp256k1", "secp256r1"}) {
      Path id = createIdentity(keyType);
      assertThat(run("auth", "header", "--scheme", "didwba", "--identity", id.toString(),
          "--url", "https://API.example.com:8443/rpc")).isZero();
      String header = out();
      DidWbaAuthHeader parsed = DidWbaAuthHeader.parse(header);
      assertThat(parsed.version()).contains(AuthVersion.V1_1);
      assertThat(header).doesNotContain("PRIVATE");
      String at = parsed.timestamp();
      assertThat(run("auth", "verify", "--header", header, "--did-document", id.resolve("did.json").toString(),
          "--domain", "api.example.com", "--at", at)).isZero();
      assertThat(out()).isEqualTo(parsed.did().toString());
      assertThat(run("auth", "verify", "--header", header, "--did-document", id.resolve("did.json").toString(),
          "--domain", "other.example.com", "--at", at)).isEqualTo(1);
      assertThat(out()).startsWith("AUTH_SIGNATURE_INVALID (invalid_signature): ");
      assertThat(out().split("AUTH_SIGNATURE_INVALID", -1)).as("the code is printed once").hasSize(2);
      String later = Instant.parse(at).plusSeconds(301).toString();
      assertThat(run("auth", "verify", "--header", header, "--did-document", id.resolve("did.json").toString(),
          "--domain", "api.example.com", "--at", later)).isEqualTo(1);
      assertThat(out()).startsWith("AUTH_TIMESTAMP_OUT_OF_WINDOW");
    }
  }

  /** The default scheme: RFC 9421 headers that the 1.2 verifier accepts for that very request. */
  @Test
  void rfc9421HeadersAreTheDefaultAndVerifyForTheSignedRequest() throws Exception {
    for (String keyType : new String[] {"ed25519", "secp256k1", "secp256r1"}) {
      Path id = createIdentity(keyType);
      Path body = Files.writeString(dir.resolve("body.json"), "{\"order\":42}");
      URI target = URI.create("https://api.example.com/orders?x=1");

      assertThat(run("auth", "header", "--identity", id.toString(), "--url", target.toString(),
          "--body", body.toString())).as(last.err()).isZero();

      Map<String, String> headers = headers(out());
      assertThat(headers).containsOnlyKeys("Content-Digest", "Signature-Input", "Signature");
      assertThat(headers.get("Signature-Input"))
          .startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\")")
          .contains("keyid=\"" + didOf(id) + "#key-1\"");
      HttpSignatureVerifier verifier = verifierFor(id);
      byte[] bytes = Files.readAllBytes(body);
      assertThat(verifier.verify(AuthRequest.of("POST", target, headers, bytes)).join().did().toString())
          .isEqualTo(didOf(id));
      assertThatThrownBy(() -> verifier.verify(AuthRequest.of("POST", target, headers, "{}".getBytes(UTF_8))).join())
          .hasCauseInstanceOf(IdentityException.class)
          .cause().extracting(e -> ((IdentityException) e).code())
          .isEqualTo(IdentityError.AUTH_CONTENT_DIGEST_INVALID);
      assertThatThrownBy(() -> verifier.verify(AuthRequest.of("PUT", target, headers, bytes)).join())
          .hasCauseInstanceOf(IdentityException.class);
    }
  }

  @Test
  void rfc9421WithoutABodySignsTheMethodAndTargetOnly() throws Exception {
    Path id = createIdentity("ed25519");
    URI target = URI.create("https://api.example.com/status");

    assertThat(run("auth", "header", "--scheme", "rfc9421", "--method", "delete", "--identity", id.toString(),
        "--url", target.toString())).as(last.err()).isZero();

    Map<String, String> headers = headers(out());
    assertThat(headers).containsOnlyKeys("Signature-Input", "Signature");
    assertThat(verifierFor(id).verify(AuthRequest.of("DELETE", target, headers, new byte[0])).join().did().toString())
        .isEqualTo(didOf(id));
  }

  @Test
  void optionsOfTheOtherSchemeAreUsageErrors() {
    Path id = createIdentity("ed25519");
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://a.example/",
        "--auth-version", "1.1")).isEqualTo(2);
    assertThat(last.err()).contains("--auth-version applies to --scheme didwba only");
    assertThat(run("auth", "header", "--scheme", "didwba", "--identity", id.toString(), "--url", "https://a.example/",
        "--method", "POST")).isEqualTo(2);
    assertThat(run("auth", "header", "--scheme", "jwt", "--identity", id.toString(), "--url", "https://a.example/"))
        .isEqualTo(2);
    assertThat(last.err()).contains("--scheme must be rfc9421 or didwba, not jwt");
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://a.example/",
        "--method", "GET /x")).isEqualTo(2);
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://a.example/",
        "--body", dir.resolve("none.bin").toString())).isEqualTo(1);
    assertThat(last.err().strip()).isEqualTo("auth header: " + dir.resolve("none.bin") + ": not found");
  }

  private static Map<String, String> headers(String printed) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : printed.lines().toList()) {
      int colon = line.indexOf(": ");
      assertThat(colon).as(line).isPositive();
      headers.put(line.substring(0, colon), line.substring(colon + 2));
    }
    return headers;
  }

  private static String didOf(Path id) throws Exception {
    return DidDocument.parse(Files.readAllBytes(id.resolve("did.json"))).id().toString();
  }

  private static HttpSignatureVerifier verifierFor(Path id) throws Exception {
    DidDocument document = DidDocument.parse(Files.readAllBytes(id.resolve("did.json")));
    return HttpSignatureVerifier.builder()
        .resolver(did -> CompletableFuture.completedFuture(document))
        .build();
  }

  @Test
  void authVersionOptionAndErrors() throws Exception {
    Path id = createIdentity("ed25519");
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://api.example.com/", "--scheme", "didwba",
        "--auth-version", "1.1")).isZero();
    assertThat(DidWbaAuthHeader.parse(out()).version()).contains(AuthVersion.V1_1);
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://api.example.com/", "--scheme", "didwba",
        "--auth-version", "2")).isEqualTo(2);
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "not a url")).isEqualTo(2);
    assertThat(run("auth", "header", "--identity", dir.resolve("missing").toString(), "--url", "https://a.example/")).isEqualTo(1);
    Files.delete(id.resolve("key-1.pem"));
    assertThat(run("auth", "header", "--identity", id.toString(), "--url", "https://a.example/")).isEqualTo(1);
    assertThat(last.err()).contains("no authentication key");

    assertThat(run("auth", "verify", "--header", "garbage", "--did-document", id.resolve("did.json").toString(),
        "--domain", "api.example.com")).isEqualTo(1);
    assertThat(out()).startsWith("AUTH_MALFORMED_HEADER (invalid_request): authorization: ");
    assertThat(run("auth", "verify", "--header", "x", "--did-document", id.resolve("did.json").toString(),
        "--domain", "api.example.com", "--at", "yesterday")).isEqualTo(2);
    assertThat(run("auth", "verify", "--header", "x", "--did-document", dir.resolve("none.json").toString(),
        "--domain", "api.example.com")).isEqualTo(1);
    assertThat(run("auth")).isEqualTo(2);
  }

  @Test
  void theVersionOptionIsStillTheAnpVersion() {
    assertThat(run("auth", "header", "--version")).isZero();

    assertThat(out()).matches("anp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void aMissingFileIsNamedOnceWithTheReason() {
    Path missing = dir.resolve("missing");

    assertThat(run("auth", "header", "--identity", missing.toString(), "--url", "https://a.example/")).isEqualTo(1);
    assertThat(last.err().strip()).isEqualTo("auth header: " + missing + ": not found");

    assertThat(run("auth", "verify", "--header", "x", "--did-document", missing.resolve("did.json").toString(),
        "--domain", "api.example.com")).isEqualTo(1);
    assertThat(last.err().strip()).isEqualTo("auth verify: " + missing.resolve("did.json") + ": not found");

    assertThat(run("auth", "verify", "--header", "x", "--did-document", dir.toString(), "--domain", "a.example"))
        .isEqualTo(1);
    assertThat(last.err().strip()).isEqualTo("auth verify: " + dir + ": is a directory, not a file");
  }

  @Test
  void anIdentityWithoutDidJsonSaysWhichFileIsMissing() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertThat(run("auth", "header", "--identity", empty.toString(), "--url", "https://a.example/")).isEqualTo(1);

    assertThat(last.err().strip()).isEqualTo("auth header: " + empty.resolve("did.json") + ": not found");
  }

  @Test
  void aBrokenDocumentPrintsItsCodeOnce() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"id\": 5}");

    assertThat(run("auth", "verify", "--header", "x", "--did-document", broken.toString(), "--domain", "a.example"))
        .isEqualTo(1);

    assertThat(last.err()).startsWith("auth verify: " + broken + ": INVALID_DOCUMENT (");
    assertThat(last.err().split("INVALID_DOCUMENT", -1)).hasSize(2);
  }

  @Test
  void anUnknownOptionIsNamedEvenWhenARequiredOneIsMissing() {
    assertThat(run("auth", "verify", "--heder", "x", "--did-document", "d.json", "--domain", "a.example"))
        .isEqualTo(2);

    assertThat(last.err()).contains("Unknown option: '--heder'").contains("Missing required option: '--header=VALUE'");
    assertThat(last.err()).contains("Usage: anp auth verify").contains("Run 'anp auth verify --help'");
  }
}
