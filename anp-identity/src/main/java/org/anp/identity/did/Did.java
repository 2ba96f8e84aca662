package org.anp.identity.did;

import java.util.Objects;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.internal.did.DidSyntax;

/**
 * A decentralized identifier, {@code did:<method-name>:<method-specific-id>}, checked against the
 * W3C DID Core 1.0 ABNF (section 3.1), except that the deprecated did:all method may carry one
 * {@code @host[:port]} suffix as its specification and the reference SDK write it. Method-specific rules (did:wba host names, did:key
 * multibase) are checked by the method, not here.
 *
 * <p>Immutable and thread-safe. Two DIDs are equal when their text is equal; no normalisation is
 * applied (percent-encodings are compared as written).
 *
 * @param method the method name: lower-case letters and digits, e.g. {@code wba}
 * @param methodSpecificId the part after the second colon; may contain colons, never ends in one
 */
public record Did(String method, String methodSpecificId) {
  // did:all (deprecated) names its hosting node as "@host[:port]" after the id.
  private static final String LEGACY_HOST_SUFFIX_METHOD = "all";

  /**
   * Validates both parts.
   *
   * @throws IdentityException {@code INVALID_DID} naming the offending part
   */
  public Did {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(methodSpecificId, "methodSpecificId");
    DidSyntax.checkMethodName(method, IdentityError.INVALID_DID);
    DidSyntax.checkMethodSpecificId(
        methodSpecificId, LEGACY_HOST_SUFFIX_METHOD.equals(method), IdentityError.INVALID_DID);
  }

  /**
   * Parses DID text. Path, query and fragment are not allowed here; use {@link DidUrl#parse}.
   *
   * @throws IdentityException {@code INVALID_DID} naming the offending part (scheme, method-name,
   *     method-specific-id)
   */
  public static Did parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith("did:")) {
      throw new IdentityException(IdentityError.INVALID_DID, "scheme: a DID must start with 'did:'");
    }
    int colon = text.indexOf(':', 4);
    if (colon < 0) {
      throw new IdentityException(
          IdentityError.INVALID_DID, "method-name: no ':' between method name and method-specific-id");
    }
    return new Did(text.substring(4, colon), text.substring(colon + 1));
  }

  /** The DID text, {@code did:<method>:<method-specific-id>}. */
  @Override
  public String toString() {
    return "did:" + method + ":" + methodSpecificId;
  }
}
