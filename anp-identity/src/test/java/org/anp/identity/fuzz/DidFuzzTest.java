package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.identity.did.DidUrl;
import org.anp.identity.didall.DidAll;
import org.anp.identity.didkey.DidKey;
import org.anp.identity.wba.DidWba;

/**
 * Fuzz targets for DID and DID URL syntax and the method-specific parsers (did:wba, did:all,
 * did:key): only {@link IdentityException} may escape, and what parses must print to text that
 * parses to the same value.
 */
class DidFuzzTest {

  @FuzzTest
  void did(byte[] data) {
    String text = FuzzInput.utf8(data);
    Did did;
    try {
      did = Did.parse(text);
    } catch (IdentityException e) {
      return;
    }
    assertThat(Did.parse(did.toString())).isEqualTo(did);
    try {
      DidWba wba = DidWba.parse(did);
      assertThat(DidWba.parse(wba.toString())).isEqualTo(wba);
      assertThat(wba.documentUrl().isAbsolute()).isTrue();
    } catch (IdentityException e) {
      // not did:wba, or not a valid one
    }
    try {
      DidAll all = DidAll.parse(text);
      assertThat(DidAll.parse(all.toString())).isEqualTo(all);
    } catch (IdentityException e) {
      // not did:all, or not a valid one
    }
    try {
      assertThat(DidKey.from(DidKey.publicKey(did))).isEqualTo(did);
    } catch (IdentityException e) {
      // not did:key, or not a valid one
    }
  }

  @FuzzTest
  void didUrl(byte[] data) {
    DidUrl url;
    try {
      url = DidUrl.parse(FuzzInput.utf8(data));
    } catch (IdentityException e) {
      return;
    }
    assertThat(DidUrl.parse(url.toString())).isEqualTo(url);
  }
}
