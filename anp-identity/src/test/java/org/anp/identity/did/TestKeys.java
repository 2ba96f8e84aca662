package org.anp.identity.did;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.anp.identity.codec.Hex;

/**
 * Public keys taken from the did-method-key and W3C did-test-suite vectors (see
 * src/test/resources/vectors/did/), with encodings worked out independently in Python.
 */
public final class TestKeys {
  /** Ed25519 key of did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp. */
  public static final byte[] ED25519 = Hex.decode("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
  public static final String ED25519_B58 = "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS";
  public static final String ED25519_MB_RAW = "z4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS";
  public static final String ED25519_MB_PREFIXED = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
  public static final String ED25519_JWK_X = "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik";

  /** The X25519 key derived from it in the same vector. */
  public static final byte[] X25519 = Hex.decode("5bf55c73b82ebe22be80f3430667af570fae2556a6415e6b30d4065300aa947d");
  public static final String X25519_B58 = "7By6kV2t2d188odEM4ExAve1UithKT6dLva4dwsDT3ak";
  public static final String X25519_MB_RAW = "z7By6kV2t2d188odEM4ExAve1UithKT6dLva4dwsDT3ak";
  public static final String X25519_MB_PREFIXED = "z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW";
  public static final String X25519_JWK_X = "W_Vcc7guviK-gPNDBmevVw-uJVamQV5rMNQGUwCqlH0";

  /** secp256k1 key of did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme. */
  public static final String K1_COMPRESSED_HEX = "03874c15c7fda20e539c6e5ba573c139884c351188799f5458b4b41f7924f235cd";
  public static final String K1_UNCOMPRESSED_HEX =
      "04874c15c7fda20e539c6e5ba573c139884c351188799f5458b4b41f7924f235cd"
          + "3b61004c819bbba0decca169b63e6c7002119ed81f79c6a754d5f16add6b9f01";
  public static final String K1_B58 = "23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv";
  public static final String K1_MB_RAW = "z23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv";
  public static final String K1_MB_PREFIXED = "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme";
  public static final String K1_JWK_X = "h0wVx_2iDlOcblulc8E5iEw1EYh5n1RYtLQfeSTyNc0";
  public static final String K1_JWK_Y = "O2EATIGbu6DezKFptj5scAIRntgfecanVNXxat1rnwE";

  /** P-256 key of did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169 (did-key-spruce). */
  public static final String P256_UNCOMPRESSED_HEX =
      "047f235830dd3defa722ef1aa249d6a0ddbba4f990b0817538933f573640653542"
          + "856da88d335f1fb25b8bcfbe089528dce09b1f7cb99fdd60f88300f4c2cc6d35";
  public static final String P256_COMPRESSED_HEX = "037f235830dd3defa722ef1aa249d6a0ddbba4f990b0817538933f573640653542";
  public static final String P256_JWK_X = "fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI";
  public static final String P256_JWK_Y = "hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU";
  public static final String P256_DID_KEY = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";

  private TestKeys() {}

  public static ObjectNode okpJwk(String crv, String x) {
    ObjectNode jwk = JsonNodeFactory.instance.objectNode();
    jwk.put("kty", "OKP").put("crv", crv).put("x", x);
    return jwk;
  }

  public static ObjectNode ecJwk(String crv, String x, String y) {
    ObjectNode jwk = JsonNodeFactory.instance.objectNode();
    jwk.put("kty", "EC").put("crv", crv).put("x", x).put("y", y);
    return jwk;
  }

  /** A verification method object {@code {id, type, controller}} for {@code did:example:123#<fragment>}. */
  public static ObjectNode vm(String fragment, String type) {
    ObjectNode vm = JsonNodeFactory.instance.objectNode();
    vm.put("id", "did:example:123#" + fragment).put("type", type).put("controller", "did:example:123");
    return vm;
  }
}
