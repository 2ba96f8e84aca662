package org.anp.identity.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidUrlTest {

  @Test
  void parsesAllComponents() {
    DidUrl url = DidUrl.parse("did:example:123/path/to%20x?service=agent&relativeRef=%2Fp#key-1");
    assertThat(url.did()).isEqualTo(Did.parse("did:example:123"));
    assertThat(url.path()).isEqualTo("/path/to%20x");
    assertThat(url.query()).contains("service=agent&relativeRef=%2Fp");
    assertThat(url.fragment()).contains("key-1");
    assertThat(url.toString()).isEqualTo("did:example:123/path/to%20x?service=agent&relativeRef=%2Fp#key-1");
  }

  @Test
  void bareDidIsADidUrl() {
    DidUrl url = DidUrl.parse("did:wba:example.com");
    assertThat(url.path()).isEmpty();
    assertThat(url.query()).isEmpty();
    assertThat(url.fragment()).isEmpty();
  }

  @Test
  void emptyQueryAndFragmentArePresentButEmpty() {
    DidUrl url = DidUrl.parse("did:example:1?#");
    assertThat(url.query()).contains("");
    assertThat(url.fragment()).contains("");
    assertThat(url.toString()).isEqualTo("did:example:1?#");
  }

  @Test
  void questionMarkAndSlashAllowedInsideFragment() {
    DidUrl url = DidUrl.parse("did:example:1#a/b?c=d");
    assertThat(url.fragment()).contains("a/b?c=d");
    assertThat(url.query()).isEmpty();
  }

  @Test
  void withFragmentBuildsVerificationMethodIds() {
    DidUrl url = DidUrl.withFragment(Did.parse("did:wba:example.com"), "key-1");
    assertThat(url.toString()).isEqualTo("did:wba:example.com#key-1");
    assertThat(url).isEqualTo(DidUrl.parse("did:wba:example.com#key-1"));
    assertThatThrownBy(() -> DidUrl.withFragment(Did.parse("did:wba:example.com"), "a b"))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID_URL));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "#key-1",
        "/path",
        "did:example_333",
        "did:Example:1#a",
        "did:example:1#a b",
        "did:example:1#a#b",
        "did:example:1?a b",
        "did:example:1/a b",
        "did:example:1/%zz",
        "did:example:1#%4",
        "did:example:1#\u00e9",
        "did:example:/path",
        "did:example:1#<x>"
      })
  void rejectsInvalidDidUrls(String text) {
    assertThatThrownBy(() -> DidUrl.parse(text))
        .isInstanceOfSatisfying(
            IdentityException.class, e -> assertThat(e.code()).isEqualTo(IdentityError.INVALID_DID_URL));
  }

  @Test
  void constructorValidatesComponents() {
    Did did = Did.parse("did:example:1");
    assertThatThrownBy(() -> new DidUrl(did, "no-slash", Optional.empty(), Optional.empty()))
        .hasMessageContaining("path");
    assertThatThrownBy(() -> new DidUrl(did, "", Optional.of("a\"b"), Optional.empty()))
        .hasMessageContaining("query");
  }
}
