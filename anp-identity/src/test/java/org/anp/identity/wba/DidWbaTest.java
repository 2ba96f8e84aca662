package org.anp.identity.wba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DidWbaTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // spec/identity.md 1.2 table
    "did:wba:agents.test, https://agents.test/.well-known/did.json",
    "did:wba:agents.test:u:bob, https://agents.test/u/bob/did.json",
    "did:wba:agents.test%3A9443:u:bob, https://agents.test:9443/u/bob/did.json",
    // reference SDK identities
    "did:wba:agents.example.com%3A8800:user:alice, https://agents.example.com:8800/user/alice/did.json",
  })
  void documentUrlFollowsTheSpecTable(String did, String url) {
    assertThat(DidWba.parse(did).documentUrl()).hasToString(url);
  }

  @Test
  void parsesParts() {
    DidWba wba = DidWba.parse("did:wba:agents.test%3A9443:u:bob");
    assertThat(wba.host()).isEqualTo("agents.test");
    assertThat(wba.port()).isEqualTo(OptionalInt.of(9443));
    assertThat(wba.path()).containsExactly("u", "bob");
    assertThat(wba.lastSegment()).contains("bob");
    assertThat(wba.toDid()).isEqualTo(Did.parse("did:wba:agents.test%3A9443:u:bob"));
  }

  @Test
  void normalizesHostCaseAndPortEncoding() {
    DidWba wba = DidWba.parse("did:wba:Agents.EXAMPLE.com%3a8800:User:Alice");
    assertThat(wba).hasToString("did:wba:agents.example.com%3A8800:User:Alice");
    assertThat(wba).isEqualTo(DidWba.parse("did:wba:agents.example.com%3A8800:User:Alice"));
    assertThat(DidWba.parse(Did.parse("did:wba:a.test"))).isEqualTo(DidWba.of("A.test", OptionalInt.empty(), List.of()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "did:web:example.com",
        "did:wba:",
        "did:wba:192.168.1.1",
        "did:wba:127.0.0.1%3A8080",
        "did:wba:[::1]",
        "did:wba:example.com::alice",
        "did:wba:example.com:alice:",
        "did:wba:example.com%3A",
        "did:wba:example.com%3A0",
        "did:wba:example.com%3A65536",
        "did:wba:example.com%3Aabc",
        "did:wba:-bad.example.com",
        "did:wba:exa_mple.com",
        "did:wba:example..com",
        "did:wba:example.com:a/b",
        "did:wba:example.com:%zz",
        "did:wba:example.com:..",
      })
  void rejectsInvalidDids(String did) {
    assertThatThrownBy(() -> DidWba.parse(did))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID))
        .hasMessageContaining("did:wba");
  }
}
