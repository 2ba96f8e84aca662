package org.anp.identity.internal.proof;

import java.util.ArrayList;
import java.util.List;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base58;
import org.anp.identity.codec.Base64Codec;

/**
 * Reads a {@code proofValue}: base64url (padding tolerated) as written by this library and the
 * reference SDK, or multibase base58btc {@code z…} decoding to 64 bytes as in the spec's examples
 * (spec/README.md #16). A value starting with {@code z} may be either, so both readings are
 * returned and the caller tries each.
 */
public final class ProofValues {
  private ProofValues() {}

  /**
   * The candidate signature bytes of {@code proofValue}.
   *
   * @param field the field name used in the error message
   * @throws IdentityException {@code INVALID_PROOF} if neither reading applies
   */
  public static List<byte[]> candidates(String proofValue, String field) {
    List<byte[]> out = new ArrayList<>(2);
    if (proofValue.startsWith("z")) {
      try {
        byte[] decoded = Base58.decode(proofValue.substring(1));
        if (decoded.length == 64) {
          out.add(decoded);
        }
      } catch (IdentityException notBase58) {
        // Not multibase; the base64url reading below decides.
      }
    }
    String unpadded = proofValue.endsWith("==")
        ? proofValue.substring(0, proofValue.length() - 2)
        : proofValue.endsWith("=") ? proofValue.substring(0, proofValue.length() - 1) : proofValue;
    try {
      out.add(Base64Codec.decodeUrl(unpadded));
    } catch (IdentityException notBase64) {
      if (out.isEmpty()) {
        throw new IdentityException(
            IdentityError.INVALID_PROOF,
            field + ": neither base64url nor multibase base58btc",
            notBase64);
      }
    }
    return out;
  }
}
