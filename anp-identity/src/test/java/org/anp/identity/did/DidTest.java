package org.anp.identity.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "did:example:123",
        "did:wba:example.com",
        "did:wba:agents.test%3A9443:u:bob",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        "did:web:did.actor:healthcare:doctor:robert",
        "did:example::abc",
        "did:a1:A-b_c.d",
        "did:all:14qQqsnEPZy2wcpRuLy2xeR737ptkE2Www",
        "did:example:%C3%A9t%c3%a9"
      })
  void parsesValidDidsAndRoundTrips(String text) {
    Did did = Did.parse(text);
    assertThat(did.toString()).isEqualTo(text);
    assertThat(Did.parse(did.toString())).isEqualTo(did);
    assertThat("did:" + did.method() + ":" + did.methodSpecificId()).isEqualTo(text);
  }

  @Test
  void splitsMethodAndMethodSpecificId() {
    Did did = Did.parse("did:wba:example.com%3A8800:user:alice");
    assertThat(did.method()).isEqualTo("wba");
    assertThat(did.methodSpecificId()).isEqualTo("example.com%3A8800:user:alice");
    assertThat(did).isEqualTo(new Did("wba", "example.com%3A8800:user:alice"));
    assertThat(did).isNotEqualTo(Did.parse("did:wba:example.com%3a8800:user:alice"));
  }

  @Test
  void acceptsTheDidAllHostSuffixOnlyForDidAll() {
    Did did = Did.parse("did:all:1CRpesoYFjaAZsLccGWrDqzbxD5LNuyLJu@alice-host.example.com:443");
    assertThat(did.methodSpecificId())
        .isEqualTo("1CRpesoYFjaAZsLccGWrDqzbxD5LNuyLJu@alice-host.example.com:443");
    assertThat(DidUrl.parse(did + "#keys-1").did()).isEqualTo(did);

    for (String bad :
        new String[] {
          "did:wba:example.com@host", "did:all:@host", "did:all:1abc@", "did:all:1abc@h@k"
        }) {
      assertThatThrownBy(() -> Did.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              IdentityException.class,
              e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "did",
        "did:",
        "DID:example:123",
        "dId:example:123",
        "urn:example:123",
        "did:example",
        "did::123",
        "did:Example:123",
        "did:exa-mple:123",
        "did:example_222",
        "did:example:",
        "did:example:123:",
        "did:example:12 3",
        "did:example:12%3",
        "did:example:12%G0",
        "did:example:12/3",
        "did:example:12#3",
        "did:example:12?3",
        "did:example:caf\u00e9",
        "did:example:\u0000"
      })
  void rejectsInvalidDids(String text) {
    assertThatThrownBy(() -> Did.parse(text))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
  }

  @Test
  void messagesNameTheOffendingPart() {
    assertThatThrownBy(() -> Did.parse("did:Example:1")).hasMessageContaining("method-name");
    assertThatThrownBy(() -> Did.parse("did:ex:a b")).hasMessageContaining("method-specific-id");
    assertThatThrownBy(() -> Did.parse("dud:ex:ab")).hasMessageContaining("scheme");
    assertThatThrownBy(() -> Did.parse("did:ex:a\u0001b")).hasMessageContaining("U+0001");
  }

  @Test
  void constructorChecksParts() {
    assertThatThrownBy(() -> new Did("wba", ""))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID));
    assertThatThrownBy(() -> new Did("", "x")).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> Did.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
