package org.anp.identity.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.proof.DocumentProofs;
import org.anp.identity.wba.DidWbaIdentity;
import org.anp.identity.wba.DidWbaProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The directory store on a real file system (POSIX permissions, as on the build machines). */
class IdentityStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path tmp;

  static Stream<Arguments> everyMethodAndKeyType() {
    return Stream.of(
        Arguments.of("did:wba Ed25519 (e1_)", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidWbaIdentity.builder().host("agents.example").path("alice").random(RANDOM).build())),
        Arguments.of("did:wba secp256k1 (k1_)", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidWbaIdentity.builder().host("agents.example").path("bob").keyType(KeyType.SECP256K1).random(RANDOM).build())),
        Arguments.of("did:wba secp256k1 plain legacy", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidWbaIdentity.builder().host("agents.example").profile(DidWbaProfile.PLAIN_LEGACY).random(RANDOM).build())),
        Arguments.of("did:wba P-256 with port", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidWbaIdentity.builder().host("agents.example").port(8443).keyType(KeyType.SECP256R1).random(RANDOM).build())),
        Arguments.of("did:wba P-256 without E2E keys", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidWbaIdentity.builder().host("agents.example").keyType(KeyType.SECP256R1).e2eeKeys(false).random(RANDOM).build())),
        Arguments.of("did:all", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidAllIdentity.builder().random(RANDOM).build())),
        Arguments.of("did:all hosted, messageService", (Supplier<AgentIdentity>) () -> AgentIdentity.from(
            DidAllIdentity.builder().host("node.example").port(8443).messageService("wss://relay.example/ws", "")
                .random(RANDOM).build())),
        Arguments.of("did:key Ed25519", (Supplier<AgentIdentity>) () -> AgentIdentity.generateDidKey(KeyType.ED25519, RANDOM)),
        Arguments.of("did:key secp256k1", (Supplier<AgentIdentity>) () -> AgentIdentity.generateDidKey(KeyType.SECP256K1, RANDOM)),
        Arguments.of("did:key P-256", (Supplier<AgentIdentity>) () -> AgentIdentity.generateDidKey(KeyType.SECP256R1, RANDOM)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyMethodAndKeyType")
  void roundTripsWithOwnerOnlyFiles(String name, Supplier<AgentIdentity> create) throws IOException {
    AgentIdentity identity = create.get();
    Path dir = tmp.resolve("nested").resolve("id");
    IdentityStore store = IdentityStore.directory(dir);

    store.create(identity);
    AgentIdentity loaded = store.load();

    assertThat(loaded.did()).isEqualTo(identity.did());
    assertThat(loaded.document()).isEqualTo(identity.document());
    assertThat(loaded.privateKeys().keySet()).containsExactlyElementsOf(identity.privateKeys().keySet());
    for (KeyRole role : KeyRole.values()) {
      assertThat(loaded.key(role).map(k -> k.privateKey().publicKey()))
          .as(role.name())
          .isEqualTo(identity.key(role).map(k -> k.privateKey().publicKey()));
    }
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("did.json"))).isEqualTo("rw-r--r--");
    for (String fragment : identity.privateKeys().keySet()) {
      assertThat(mode(dir.resolve(fragment + ".pem"))).as(fragment).isEqualTo("rw-------");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary file is left behind")
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(Stream.of("did.json"), identity.privateKeys().keySet().stream().map(f -> f + ".pem")).toList());
    }
    // the layout anp did create writes: a pretty-printed document, PKCS#8 PEM keys
    assertThat(Files.readString(dir.resolve("did.json"))).startsWith("{\n").endsWith("}\n");
    String firstKey = identity.privateKeys().keySet().iterator().next();
    assertThat(PrivateKeyMaterial.fromPkcs8Pem(Files.readString(dir.resolve(firstKey + ".pem"))).publicKey())
        .isEqualTo(identity.privateKeys().get(firstKey).publicKey());
  }

  @Test
  void aLoadedIdentitySignsWhatTheStoredDocumentVerifies() throws IOException {
    Path dir = tmp.resolve("alice");
    IdentityStore.directory(dir).create(AgentIdentity.from(
        DidWbaIdentity.builder().host("agents.example").path("alice").random(RANDOM).build()));
    AgentIdentity loaded = IdentityStore.directory(dir).load();
    DidDocument stored = DidDocument.parse(Files.readAllBytes(dir.resolve("did.json")));

    String header = AgentIdentityTest.authenticator(loaded).authorizationHeader(URI.create("https://api.example/x"));
    assertThat(DidWbaVerifier.verifySignature(DidWbaAuthHeader.parse(header), stored, "api.example").id())
        .isEqualTo(loaded.did() + "#key-1");

    // and a document it signs again after a change verifies with the key it holds
    AgentIdentity changed = loaded.toBuilder().service("ad", "AgentDescription", "https://agents.example/ad.json").build();
    IdentityStore.directory(dir).store(changed);
    DidDocument restored = DidDocument.parse(Files.readAllBytes(dir.resolve("did.json")));
    assertThat(DocumentProofs.verify(restored).verificationMethod().publicKey())
        .isEqualTo(loaded.requireKey(KeyRole.ASSERTION).privateKey().publicKey());
  }

  @Test
  void aRotatedKeyIsStoredAndLoaded() throws IOException {
    Path dir = tmp.resolve("bob");
    IdentityStore store = IdentityStore.directory(dir);
    AgentIdentity bob = AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").path("bob").random(RANDOM).build());
    store.create(bob);

    AgentIdentity rotated = store.load().toBuilder().rotateKey(KeyRole.E2E).build();
    store.store(rotated);
    AgentIdentity loaded = store.load();

    assertThat(loaded.requireKey(KeyRole.E2E).privateKey().publicKey())
        .isEqualTo(rotated.requireKey(KeyRole.E2E).privateKey().publicKey())
        .isNotEqualTo(bob.requireKey(KeyRole.E2E).privateKey().publicKey());
    assertThat(loaded.document()).isEqualTo(rotated.document());
    assertThat(mode(dir.resolve("key-2.pem"))).isEqualTo("rw-------");
  }

  @Test
  void modesAreSetExplicitlyWhateverThePermissionsBefore() throws IOException {
    // Files left open (say by an older anp under umask 000) are replaced by files with the
    // store's own modes; the child-JVM test below covers the umask itself.
    Path dir = tmp.resolve("open");
    IdentityStore store = IdentityStore.directory(dir);
    AgentIdentity carol = AgentIdentity.from(DidAllIdentity.builder().random(RANDOM).build());
    store.create(carol);
    Files.setPosixFilePermissions(dir.resolve("did.json"), PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setPosixFilePermissions(dir.resolve("keys-1.pem"), PosixFilePermissions.fromString("rw-rw-rw-"));

    store.store(carol.toBuilder().service("communication", "messageService", "wss://relay.example/ws").build());

    assertThat(mode(dir.resolve("did.json"))).isEqualTo("rw-r--r--");
    assertThat(mode(dir.resolve("keys-1.pem"))).isEqualTo("rw-------");
    assertThat(store.load().document().services()).hasSize(1);
  }

  @Test
  void modesDoNotFollowAPermissiveUmask() throws Exception {
    // a child JVM under umask 000, where a plain createDirectory gives 0777 and a file 0666
    Path dir = tmp.resolve("umask").resolve("id");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(
            "sh", "-c", "umask 000 && exec \"$0\" -cp \"$1\" " + UmaskProbe.class.getName() + " \"$2\"",
            java, System.getProperty("java.class.path"), dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile())
        .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();

    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("did.json"))).isEqualTo("rw-r--r--");
    assertThat(mode(dir.resolve("keys-1.pem"))).isEqualTo("rw-------");
    assertThat(mode(dir.getParent())).as("a parent the store had to create follows the umask").isEqualTo("rwxrwxrwx");
    assertThat(IdentityStore.directory(dir).load().did().method()).isEqualTo("all");
  }

  @Test
  void aGroupOrWorldReadableKeyFileIsRefused() throws IOException {
    Path dir = tmp.resolve("dave");
    IdentityStore store = IdentityStore.directory(dir);
    store.create(AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").random(RANDOM).build()));
    for (String mode : new String[] {"rw-r-----", "rw----r--", "rw--w----", "rw-r--r--"}) {
      Files.setPosixFilePermissions(dir.resolve("key-2.pem"), PosixFilePermissions.fromString(mode));
      assertThatThrownBy(store::load)
          .as(mode)
          .isInstanceOfSatisfying(IdentityException.class,
              e -> assertThat(e.code()).isEqualTo(IdentityError.KEY_FILE_INSECURE))
          .hasMessageContaining("key-2.pem")
          .hasMessageContaining(mode)
          .hasMessageContaining("chmod 600");
    }
    Files.setPosixFilePermissions(dir.resolve("key-2.pem"), PosixFilePermissions.fromString("r--------"));
    assertThat(store.load().requireKey(KeyRole.E2E).fragment()).isEqualTo("key-2");
  }

  @Test
  void aCorruptedKeyFileIsRefused() throws IOException {
    Path dir = tmp.resolve("erin");
    IdentityStore store = IdentityStore.directory(dir);
    store.create(AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").random(RANDOM).build()));
    Path pem = dir.resolve("key-1.pem");
    String good = Files.readString(pem);

    Files.writeString(pem, good.substring(0, good.length() / 2));
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT))
        .hasMessageStartingWith("IDENTITY_CORRUPT: " + pem + ": pem:");

    // a well-formed key that is not the key of key-1
    Files.writeString(pem, PrivateKeyMaterial.generate(KeyType.ED25519, RANDOM).toPkcs8PemInsecure());
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT))
        .hasMessageContaining("key-1: the private key is not the key of");

    Files.write(pem, new byte[] {0, 1, 2, (byte) 0xff});
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT));
  }

  @Test
  void aTamperedOrMissingDocumentIsReported() throws IOException {
    Path dir = tmp.resolve("frank");
    IdentityStore store = IdentityStore.directory(dir);
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_NOT_FOUND));
    store.create(AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").random(RANDOM).build()));
    Path doc = dir.resolve("did.json");
    Files.writeString(doc, Files.readString(doc).replace("agents.example", "agents.evil"));
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT))
        .hasMessageContaining("proof");
    Files.writeString(doc, "{\"id\":");
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT))
        .hasMessageStartingWith("IDENTITY_CORRUPT: " + doc + ": json:");
    Files.delete(doc);
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_NOT_FOUND))
        .hasMessageContaining("did.json");
  }

  @Test
  void aDocumentWithoutAnyKeyFileIsRefused() throws IOException {
    Path dir = tmp.resolve("gina");
    IdentityStore store = IdentityStore.directory(dir);
    store.create(AgentIdentity.from(DidAllIdentity.builder().random(RANDOM).build()));
    Files.delete(dir.resolve("keys-1.pem"));
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_CORRUPT))
        .hasMessageContaining("no private key file");
  }

  @Test
  void createNeverOverwritesAndStoreNeverReplacesAnotherDid() throws IOException {
    Path dir = tmp.resolve("henry");
    IdentityStore store = IdentityStore.directory(dir);
    AgentIdentity first = AgentIdentity.from(DidWbaIdentity.builder().host("agents.example").random(RANDOM).build());
    AgentIdentity second = AgentIdentity.from(DidWbaIdentity.builder().host("other.example").random(RANDOM).build());
    store.create(first);
    String before = Files.readString(dir.resolve("did.json"));

    assertThatThrownBy(() -> store.create(first))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_EXISTS))
        .hasMessageContaining("refusing to overwrite");
    assertThatThrownBy(() -> store.store(second))
        .isInstanceOfSatisfying(IdentityException.class,
            e -> assertThat(e.code()).isEqualTo(IdentityError.IDENTITY_EXISTS))
        .hasMessageContaining(first.did().toString());
    assertThat(Files.readString(dir.resolve("did.json"))).isEqualTo(before);

    // a store in a directory that exists already (e.g. created by the user) leaves its mode alone
    Path existing = Files.createDirectory(tmp.resolve("mine"));
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
    IdentityStore.directory(existing).store(second);
    assertThat(mode(existing)).isEqualTo("rwxr-x---");
    assertThat(new String(Files.readAllBytes(existing.resolve("did.json")), StandardCharsets.UTF_8)).contains("other.example");
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
