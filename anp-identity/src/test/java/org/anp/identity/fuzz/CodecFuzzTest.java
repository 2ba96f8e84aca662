package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Base58Check;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.codec.Hex;
import org.anp.identity.codec.Multibase;
import org.anp.identity.codec.Multicodec;

/**
 * Fuzz targets for the text codecs: any exception other than {@link IdentityException} fails,
 * and whatever decodes must survive an encode/decode round trip unchanged.
 */
class CodecFuzzTest {

  @FuzzTest
  void hex(byte[] data) {
    byte[] decoded;
    try {
      decoded = Hex.decode(FuzzInput.utf8(data));
    } catch (IdentityException e) {
      return;
    }
    assertThat(Hex.decode(Hex.encode(decoded))).isEqualTo(decoded);
  }

  @FuzzTest
  void base64(byte[] data) {
    String text = FuzzInput.utf8(data);
    for (Base64Variant variant : Base64Variant.values()) {
      byte[] decoded;
      try {
        decoded = Base64Codec.decode(variant, text);
      } catch (IdentityException e) {
        continue;
      }
      assertThat(Base64Codec.decode(variant, Base64Codec.encode(variant, decoded)))
          .isEqualTo(decoded);
    }
  }

  @FuzzTest
  void base58(byte[] data) {
    String text = FuzzInput.utf8(data);
    byte[] decoded;
    try {
      decoded = Base58.decode(text);
    } catch (IdentityException e) {
      return;
    }
    // base58 has one spelling per byte string, so a decodable text re-encodes to itself.
    assertThat(Base58.encode(decoded)).isEqualTo(text);
  }

  @FuzzTest
  void base58Check(byte[] data) {
    String text = FuzzInput.utf8(data);
    byte[] payload;
    try {
      payload = Base58Check.decode(text);
    } catch (IdentityException e) {
      return;
    }
    assertThat(Base58Check.encode(payload)).isEqualTo(text);
  }

  @FuzzTest
  void multibase(byte[] data) {
    String text = FuzzInput.utf8(data);
    byte[] decoded;
    try {
      decoded = Multibase.decode(text);
    } catch (IdentityException e) {
      return;
    }
    Optional<Multicodec> codec = Multicodec.identify(decoded);
    codec.ifPresent(c -> assertThat(Multicodec.fromCode(c.code())).contains(c));
    if (decoded.length <= Base58.MAX_DECODE_LENGTH / 2) {
      assertThat(Multibase.decode(Multibase.encodeBase58Btc(decoded))).isEqualTo(decoded);
    }
    assertThat(Multibase.decode(Multibase.encodeBase64Url(decoded))).isEqualTo(decoded);
  }
}
