package org.anp.identity.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidDocument;
import org.anp.identity.didall.DidAllIdentity;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.keys.KeyType;
import org.anp.identity.wba.DidWbaIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryDidResolverTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private static DidWbaIdentity wba(String host) {
    return DidWbaIdentity.builder().host(host).keyType(KeyType.SECP256R1).random(RANDOM).build();
  }

  private static void write(Path file, JsonNode json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static IdentityException failure(CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(IdentityException.class);
      return (IdentityException) e.getCause();
    }
    throw new AssertionError("future did not fail");
  }

  @Test
  void resolvesWbaAndAllDocumentsAtTopLevelAndInIdentityDirectories() throws IOException {
    DidWbaIdentity alice = wba("alice.test");
    DidAllIdentity bob = DidAllIdentity.builder().random(RANDOM).build();
    write(dir.resolve("alice.json"), alice.document().json());
    write(dir.resolve("bob").resolve("did.json"), bob.document());
    DirectoryDidResolver resolver = DirectoryDidResolver.of(dir);

    DidDocument a = resolver.resolve(alice.did()).join();
    DidDocument b = resolver.resolve(bob.did().toString()).join();

    assertThat(a.id()).isEqualTo(alice.did());
    assertThat(a.verificationMethod("key-2")).isPresent();
    assertThat(b.id().toString()).isEqualTo(bob.did().toString());
  }

  @Test
  void didWbaLookupNormalizesTheHostCase() throws IOException {
    DidWbaIdentity alice = wba("alice.test");
    write(dir.resolve("alice.json"), alice.document().json());

    DidDocument doc = DirectoryDidResolver.of(dir).resolve("did:wba:ALICE.test").join();

    assertThat(doc.id()).isEqualTo(alice.did());
  }

  @Test
  void aMissFailsWithDidNotFoundAndAFileAddedLaterIsFound() throws IOException {
    DidWbaIdentity carol = wba("carol.test");
    DirectoryDidResolver resolver = DirectoryDidResolver.of(dir);

    IdentityException miss = failure(resolver.resolve(carol.did()));
    assertThat(miss.code()).isEqualTo(IdentityError.DID_NOT_FOUND);
    assertThat(miss.getMessage()).contains(carol.did().toString());

    write(dir.resolve("carol.json"), carol.document().json());
    assertThat(resolver.resolve(carol.did()).join().id()).isEqualTo(carol.did());
  }

  @Test
  void aChangedFileIsReread() throws IOException {
    DidWbaIdentity first = wba("dave.test");
    DidWbaIdentity second = wba("dave.test");
    assertThat(second.did()).isEqualTo(first.did());
    Path file = dir.resolve("dave.json");
    write(file, first.document().json());
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
    DirectoryDidResolver resolver = DirectoryDidResolver.of(dir);
    assertThat(resolver.resolve(first.did()).join()).isEqualTo(first.document());

    write(file, second.document().json());
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-02T00:00:00Z")));

    assertThat(resolver.resolve(first.did()).join()).isEqualTo(second.document());
  }

  @Test
  void aDeletedFileIsNoLongerServed() throws IOException {
    DidWbaIdentity erin = wba("erin.test");
    Path file = dir.resolve("erin.json");
    write(file, erin.document().json());
    DirectoryDidResolver resolver = DirectoryDidResolver.of(dir);
    assertThat(resolver.resolve(erin.did()).join().id()).isEqualTo(erin.did());

    Files.delete(file);

    assertThat(failure(resolver.resolve(erin.did())).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void aTamperedWbaDocumentFailsWithItsProofErrorNamingTheFile() throws IOException {
    DidWbaIdentity frank = wba("frank.test");
    ObjectNode json = frank.document().json();
    json.putArray("service").addObject().put("id", frank.did() + "#x").put("type", "X").put("serviceEndpoint", "https://x.test");
    write(dir.resolve("frank.json"), json);

    IdentityException e = failure(DirectoryDidResolver.of(dir).resolve(frank.did()));

    assertThat(e.code()).isEqualTo(IdentityError.INVALID_PROOF);
    assertThat(e.getMessage()).startsWith("INVALID_PROOF: frank.json: proof.proofValue");
  }

  @Test
  void aDidAllDocumentWhoseAddressDoesNotMatchItsKeyIsRejected() throws IOException {
    DidAllIdentity one = DidAllIdentity.builder().random(RANDOM).build();
    DidAllIdentity other = DidAllIdentity.builder().random(RANDOM).build();
    ObjectNode json = one.document();
    json.put("id", other.did().toString());
    write(dir.resolve("forged.json"), json);

    IdentityException e = failure(DirectoryDidResolver.of(dir).resolve(other.did().toString()));

    assertThat(e.code()).isIn(IdentityError.KEY_BINDING_MISMATCH, IdentityError.INVALID_DOCUMENT, IdentityError.INVALID_PROOF);
    assertThat(e.getMessage()).startsWith(e.code().name() + ": forged.json: ");
  }

  @Test
  void twoFilesClaimingOneDidMakeItFail() throws IOException {
    DidWbaIdentity gina = wba("gina.test");
    write(dir.resolve("a.json"), gina.document().json());
    write(dir.resolve("b.json"), gina.document().json());

    IdentityException e = failure(DirectoryDidResolver.of(dir).resolve(gina.did()));

    assertThat(e.code()).isEqualTo(IdentityError.INVALID_DOCUMENT);
    assertThat(e.getMessage()).contains("a.json").contains("b.json");
  }

  @Test
  void filesThatAreNotDidDocumentsAreIgnored() throws IOException {
    DidWbaIdentity hank = wba("hank.test");
    write(dir.resolve("hank.json"), hank.document().json());
    Files.writeString(dir.resolve("garbage.json"), "{not json");
    Files.writeString(dir.resolve("array.json"), "[1,2]");
    Files.writeString(dir.resolve("noid.json"), "{\"name\":\"x\"}");
    Files.writeString(dir.resolve("badid.json"), "{\"id\":\"not-a-did\"}");
    Files.writeString(dir.resolve("hank.txt"), hank.document().json().toString());

    DirectoryDidResolver resolver = DirectoryDidResolver.of(dir);

    assertThat(resolver.resolve(hank.did()).join().id()).isEqualTo(hank.did());
    assertThat(failure(resolver.resolve("did:wba:other.test")).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void filesAboveTheSizeLimitAreIgnoredAndTheLimitItselfIsAccepted() throws IOException {
    DidWbaIdentity ida = wba("ida.test");
    byte[] bytes = ida.document().json().toString().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("ida.json"), bytes);

    assertThat(DirectoryDidResolver.of(dir, bytes.length).resolve(ida.did()).join().id()).isEqualTo(ida.did());
    assertThat(failure(DirectoryDidResolver.of(dir, bytes.length - 1).resolve(ida.did())).code())
        .isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void filesDeeperThanOneSubdirectoryAreNotRead() throws IOException {
    DidWbaIdentity jo = wba("jo.test");
    write(dir.resolve("a").resolve("b").resolve("did.json"), jo.document().json());

    assertThat(failure(DirectoryDidResolver.of(dir).resolve(jo.did())).code()).isEqualTo(IdentityError.DID_NOT_FOUND);
  }

  @Test
  void aMalformedDidFailsTheFutureWithInvalidDid() {
    IdentityException e = failure(DirectoryDidResolver.of(dir).resolve("did:wba:"));

    assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID);
  }

  @Test
  void orElseFallsBackOnlyWhenTheDirectoryHasNoDocument() throws IOException {
    Did key = Did.parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
    AtomicInteger fallbackCalls = new AtomicInteger();
    DidResolver fallback = did -> {
      fallbackCalls.incrementAndGet();
      return CompletableFuture.completedFuture(DidKey.document(did));
    };
    DidWbaIdentity kim = wba("kim.test");
    write(dir.resolve("kim.json"), kim.document().json());
    DidWbaIdentity lee = wba("lee.test");
    ObjectNode tampered = lee.document().json();
    tampered.put("alsoKnownAs", "x");
    write(dir.resolve("lee.json"), tampered);
    DidResolver resolver = DirectoryDidResolver.of(dir).orElse(fallback);

    assertThat(resolver.resolve(kim.did()).join().id()).isEqualTo(kim.did());
    assertThat(fallbackCalls).hasValue(0);
    assertThat(resolver.resolve(key).join().id()).isEqualTo(key);
    assertThat(fallbackCalls).hasValue(1);
    assertThat(failure(resolver.resolve(lee.did())).code()).isEqualTo(IdentityError.INVALID_PROOF);
    assertThat(fallbackCalls).hasValue(1);
  }

  @Test
  void rejectsANonDirectoryAndABadLimit() throws IOException {
    Path file = Files.writeString(dir.resolve("f.json"), "{}");

    assertThatThrownBy(() -> DirectoryDidResolver.of(file)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectoryDidResolver.of(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DirectoryDidResolver.of(dir).orElse(null)).isInstanceOf(NullPointerException.class);
  }
}
