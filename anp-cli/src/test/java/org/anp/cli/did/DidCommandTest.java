package org.anp.cli.did;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.anp.cli.CliRun;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityStore;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.did.AnpMessageService;
import org.anp.identity.did.DidDocument;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DataIntegrityProofs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidCommandTest {
  @TempDir Path dir;

  private CliRun last = new CliRun(0, "", "");

  private int anp(String... args) {
    last = CliRun.anp(args);
    return last.exitCode();
  }

  private String out() {
    return last.out().trim();
  }

  private String err() {
    return last.err().trim();
  }

  @ParameterizedTest
  @CsvSource({
    "secp256r1, , did:wba:agents.example%3A8443:alice",
    "secp256k1, , did:wba:agents.example%3A8443:alice:k1_",
    "secp256k1, plain-legacy, did:wba:agents.example%3A8443:alice",
    "ed25519, , did:wba:agents.example%3A8443:alice:e1_",
  })
  void createsAndVerifiesWba(String keyType, String profile, String didPrefix) throws IOException {
    Path target = dir.resolve("id");
    String[] args = profile == null
        ? new String[] {"did", "create", "--method", "wba", "--key-type", keyType, "--domain", "Agents.Example",
            "--port", "8443", "--path", "alice", "--out", target.toString()}
        : new String[] {"did", "create", "--method", "wba", "--key-type", keyType, "--profile", profile,
            "--domain", "agents.example", "--port", "8443", "--path", "alice", "--out", target.toString()};

    assertThat(anp(args)).as(err()).isZero();
    String did = out();
    assertThat(did).startsWith(didPrefix);
    assertThat(target.resolve("did.json")).exists();
    for (String key : new String[] {"key-1.pem", "key-2.pem", "key-3.pem"}) {
      Path pem = target.resolve(key);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");
      assertThat(PrivateKeyMaterial.fromPkcs8Pem(Files.readString(pem))).isNotNull();
    }

    assertThat(anp("did", "verify", target.resolve("did.json").toString())).as(err()).isZero();
    assertThat(out()).isEqualTo("valid: " + did);

    // refuses to overwrite
    assertThat(anp(args)).isEqualTo(1);
    assertThat(err()).contains("refusing to overwrite");
  }

  @ParameterizedTest
  @CsvSource({"ed25519, z6Mk", "secp256k1, zQ3s", "secp256r1, zDn"})
  void createsAndVerifiesDidKey(String keyType, String prefix) throws IOException {
    Path target = dir.resolve("key");
    assertThat(anp("did", "create", "--method", "key", "--key-type", keyType, "--out", target.toString())).as(err()).isZero();
    String did = out();
    assertThat(did).startsWith("did:key:" + prefix);
    String fragment = did.substring("did:key:".length());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve(fragment + ".pem"))))
        .isEqualTo("rw-------");

    assertThat(anp("did", "verify", target.resolve("did.json").toString())).as(err()).isZero();
    assertThat(out()).isEqualTo("valid: " + did);
    AgentIdentity loaded = IdentityStore.directory(target).load();
    assertThat(loaded.did().toString()).isEqualTo(did);
    assertThat(loaded.key(KeyRole.E2E).isPresent()).isEqualTo(keyType.equals("secp256r1"));

    assertThat(anp("did", "create", "--method", "key", "--domain", "a.example", "--out", dir.resolve("k2").toString()))
        .isEqualTo(2);
  }

  @Test
  void theIdentityDirectoryIsOwnerOnlyAndLoadsAsAnAgentIdentity() throws IOException {
    Path target = dir.resolve("new").resolve("alice");
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--path", "alice", "--out",
        target.toString())).as(err()).isZero();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("did.json")))).isEqualTo("rw-r--r--");
    AgentIdentity alice = IdentityStore.directory(target).load();
    assertThat(alice.did().toString()).isEqualTo(out());
    assertThat(alice.requireKey(KeyRole.AUTHENTICATION).fragment()).isEqualTo("key-1");
    assertThat(alice.requireKey(KeyRole.E2E).fragment()).isEqualTo("key-2");
  }

  @Test
  void verifyReportsTampering() throws IOException {
    Path target = dir.resolve("id");
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--out", target.toString())).isZero();
    Path doc = target.resolve("did.json");
    Files.writeString(doc, Files.readString(doc).replace("\"created\" : \"", "\"created\" : \"1"));

    assertThat(anp("did", "verify", doc.toString())).isEqualTo(1);
    assertThat(err()).startsWith("invalid: ").contains("proof");
    assertThat(out()).isEmpty();
  }

  @Test
  void verifyReportsUnreadableAndForeignFiles() throws IOException {
    assertThat(anp("did", "verify", dir.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(err()).contains("cannot read");
    Path foreign = Files.writeString(dir.resolve("x.json"), "{\"id\":\"did:web:example.com\"}");
    assertThat(anp("did", "verify", foreign.toString())).isEqualTo(1);
    Path garbage = Files.writeString(dir.resolve("y.json"), "{\"id\":");
    assertThat(anp("did", "verify", garbage.toString())).isEqualTo(1);
    assertThat(err()).startsWith("invalid: ");
  }

  @Test
  void createsAndVerifiesDidAll() throws IOException {
    Path target = dir.resolve("all");
    assertThat(anp("did", "create", "--method", "all", "--key-type", "secp256r1", "--host", "node.example",
        "--port", "8443", "--out", target.toString())).as(err()).isZero();
    String did = out();
    assertThat(did).startsWith("did:all:1").endsWith("@node.example:8443");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("keys-1.pem"))))
        .isEqualTo("rw-------");

    assertThat(anp("did", "verify", target.resolve("did.json").toString())).as(err()).isZero();
    assertThat(out()).isEqualTo("valid: " + did);

    Path doc = target.resolve("did.json");
    String json = Files.readString(doc);
    Files.writeString(doc, json.replace("\"publicKeyHex\" : \"04", "\"publicKeyHex\" : \"0404"));
    // the key is still read (doubled prefix), but the signed bytes changed
    assertThat(anp("did", "verify", doc.toString())).isEqualTo(1);
    assertThat(err()).contains("proof.proofValue");
  }

  @ParameterizedTest
  @CsvSource({"wba,e1", "wba,k1", "wba,plain-legacy", "all,"})
  void messageServiceWritesAnAnpMessageServiceEntryThatVerifiesAndReadsBack(String method, String profile)
      throws IOException {
    Path target = dir.resolve(method + "-" + profile);
    List<String> args = new ArrayList<>(List.of("did", "create", "--method", method, "--out", target.toString(),
        "--message-service", "https://agents.example.com/anp", "--message-service-did", "did:wba:agents.example.com"));
    if (method.equals("wba")) {
      args.addAll(List.of("--domain", "example.com", "--path", "agents/alice", "--profile", profile));
    }

    assertThat(anp(args.toArray(String[]::new))).as(err()).isZero();

    assertThat(anp("did", "verify", target.resolve("did.json").toString())).as(err()).isZero();
    DidDocument document = DidDocument.parse(Files.readAllBytes(target.resolve("did.json")));
    AnpMessageService service = AnpMessageService.of(document).orElseThrow();
    assertThat(service.endpoint()).isEqualTo(URI.create("https://agents.example.com/anp"));
    assertThat(service.serviceDid()).hasValue("did:wba:agents.example.com");
    assertThat(service.profiles()).containsExactly(AnpMessageService.CORE_PROFILE, AnpMessageService.DISCOVERY_PROFILE);
    assertThat(document.json().get("service").get(0).get("id").asText()).isEqualTo(document.id() + "#message");
    assertThat(IdentityStore.directory(target).load().document()).isEqualTo(document);
  }

  /**
   * Decision 0040: new e1 documents keep the earlier eddsa-jcs-2022 form (base64url proofValue,
   * configuration hashed without {@code @context}) that SDK 0.9.2 verifies, and the 1.2 reader
   * ({@link DataIntegrityProofs#verify}, which reads both forms) verifies them too.
   */
  @Test
  void newE1DocumentsKeepTheEarlierProofFormThatBothReadersVerify() throws IOException {
    Path target = dir.resolve("e1");
    assertThat(anp("did", "create", "--method", "wba", "--domain", "example.com", "--path", "agents/alice",
        "--profile", "e1", "--out", target.toString())).as(err()).isZero();

    DidDocument document = DidDocument.parse(Files.readAllBytes(target.resolve("did.json")));
    JsonNode proof = document.json().get("proof");
    assertThat(proof.get("cryptosuite").asText()).isEqualTo("eddsa-jcs-2022");
    assertThat(Base64.getUrlDecoder().decode(proof.get("proofValue").asText())).hasSize(64);
    String method = proof.get("verificationMethod").asText();
    assertThat(DataIntegrityProofs.verify(document.json(),
        document.verificationMethod(method).orElseThrow().publicKey(), "assertionMethod")).isEqualTo(method);
  }

  @Test
  void messageServiceUsageErrors() {
    assertThat(anp("did", "create", "--method", "key", "--out", dir.resolve("k").toString(),
        "--message-service", "https://a.example/anp")).isEqualTo(2);
    assertThat(err()).contains("a did:key document has no services");
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--out", dir.resolve("f").toString(),
        "--message-service", "ftp://a.example/anp")).isEqualTo(2);
    assertThat(err()).contains("serviceEndpoint must be an absolute https, wss, http or ws URL");
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--out", dir.resolve("d").toString(),
        "--message-service-did", "did:wba:a.example")).isEqualTo(2);
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--out", dir.resolve("s").toString(),
        "--message-service", "https://a.example/anp", "--message-service-did", "not-a-did")).isEqualTo(2);
    assertThat(dir.resolve("k")).doesNotExist();
    assertThat(dir.resolve("f")).doesNotExist();
    assertThat(dir.resolve("s")).doesNotExist();
  }

  @Test
  void badUsageExitsTwo() {
    Path target = dir.resolve("bad");
    assertThat(anp("did", "create", "--method", "all", "--key-type", "ed25519", "--out", target.toString())).isEqualTo(2);
    assertThat(anp("did", "create", "--method", "wba", "--out", target.toString())).isEqualTo(2);
    assertThat(err()).contains("--domain");
    assertThat(anp("did", "create", "--method", "web", "--domain", "a.example", "--out", target.toString())).isEqualTo(2);
    assertThat(anp("did", "create", "--method", "wba", "--domain", "10.1.2.3", "--out", target.toString())).isEqualTo(2);
    assertThat(anp("did", "create", "--method", "wba", "--domain", "a.example", "--key-type", "ed25519",
        "--profile", "k1", "--out", target.toString())).isEqualTo(2);
    assertThat(anp("did")).isEqualTo(2);
    assertThat(target).doesNotExist();
  }
}
