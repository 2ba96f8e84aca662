package org.anp.identity.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import org.anp.identity.keys.KeyType;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;

/**
 * Fuzz targets for the key decoders (JWK, SPKI and PKCS#8 in DER and PEM, raw bytes): only
 * {@link IdentityException} may escape, and a decoded key must re-encode to an equal key.
 */
class KeysFuzzTest {

  @FuzzTest
  void jwk(byte[] data) {
    JsonNode jwk;
    try {
      jwk = StrictJson.parse(data, 8192);
    } catch (IdentityException e) {
      return;
    }
    try {
      PublicKeyMaterial key = PublicKeyMaterial.fromJwk(jwk);
      assertThat(PublicKeyMaterial.fromJwk(key.toJwk())).isEqualTo(key);
      assertThat(key.jwkThumbprint()).isNotEmpty();
    } catch (IdentityException e) {
      // rejected: fine
    }
    try {
      PrivateKeyMaterial key = PrivateKeyMaterial.fromJwk(jwk);
      assertThat(key.publicKey()).isEqualTo(PublicKeyMaterial.fromJwk(key.publicKey().toJwk()));
    } catch (IdentityException e) {
      // rejected: fine
    }
  }

  @FuzzTest
  void der(byte[] data) {
    try {
      PublicKeyMaterial key = PublicKeyMaterial.fromSpkiDer(data);
      assertThat(PublicKeyMaterial.fromSpkiDer(key.toSpkiDer())).isEqualTo(key);
    } catch (IdentityException e) {
      // rejected: fine
    }
    try {
      PrivateKeyMaterial key = PrivateKeyMaterial.fromPkcs8Der(data);
      assertThat(key.publicKey().raw()).isNotEmpty();
    } catch (IdentityException e) {
      // rejected: fine
    }
  }

  @FuzzTest
  void pem(byte[] data) {
    String text = FuzzInput.utf8(data);
    try {
      PublicKeyMaterial key = PublicKeyMaterial.fromSpkiPem(text);
      assertThat(PublicKeyMaterial.fromSpkiPem(key.toSpkiPem())).isEqualTo(key);
    } catch (IdentityException e) {
      // rejected: fine
    }
    try {
      PrivateKeyMaterial key = PrivateKeyMaterial.fromPkcs8Pem(text);
      assertThat(key.publicKey().raw()).isNotEmpty();
    } catch (IdentityException e) {
      // rejected: fine
    }
  }

  /** The first byte picks the key type, the rest is the raw key. */
  @FuzzTest
  void raw(byte[] data) {
    if (data.length == 0) {
      return;
    }
    KeyType type = KeyType.values()[(data[0] & 0xff) % KeyType.values().length];
    byte[] raw = Arrays.copyOfRange(data, 1, data.length);
    try {
      PublicKeyMaterial key = PublicKeyMaterial.fromRaw(type, raw);
      assertThat(PublicKeyMaterial.fromRaw(type, key.raw())).isEqualTo(key);
    } catch (IdentityException e) {
      // rejected: fine
    }
    try {
      PrivateKeyMaterial key = PrivateKeyMaterial.fromRaw(type, raw);
      assertThat(key.type()).isEqualTo(type);
    } catch (IdentityException e) {
      // rejected: fine
    }
  }
}
