package org.anp.cli.conformance;

import java.util.Locale;
import java.util.Optional;
import org.anp.identity.IdentityException;
import org.anp.identity.auth.DidWbaAuthHeader;
import org.anp.identity.did.DidDocument;
import org.anp.identity.did.VerificationMethod;
import org.anp.identity.keys.Sha256DigestSigning;

/**
 * The cryptographic check alone of a {@code DIDWba} header or JSON login, as the vector files'
 * {@code expected.signature} / {@code expected_signature} label it (the reference SDK's
 * {@code verify_auth_header_signature} / {@code verify_auth_json_signature}): the DID is the
 * document's, the named verification method exists anywhere in the document, and the signature
 * verifies for the domain under the header's {@code v} (1.1 without one, decision 0012).
 * Membership in {@code authentication}, the time window and the nonce are request-level checks
 * and are not made here. Stateless.
 */
final class SignatureChecks {

  private SignatureChecks() {}

  /** Whether {@code header} is cryptographically valid for {@code domain} against {@code document}. */
  static boolean valid(DidWbaAuthHeader header, DidDocument document, String domain) {
    if (!document.id().toString().toLowerCase(Locale.ROOT).equals(header.did().toString().toLowerCase(Locale.ROOT))) {
      return false;
    }
    Optional<VerificationMethod> method = document.verificationMethod(header.verificationMethod());
    if (method.isEmpty()) {
      return false;
    }
    try {
      byte[] input = header.signingInput(header.effectiveVersion(), domain);
      Sha256DigestSigning.verify(method.get().publicKey(), input, header.signatureBytes());
      return true;
    } catch (IdentityException e) {
      return false;
    }
  }

  /**
   * Whether our library can use the key of the method {@code fragment} names in {@code document}
   * (the method exists and its key decodes to a signing key type).
   */
  static boolean keySupported(DidDocument document, String fragment) {
    Optional<VerificationMethod> method = document.verificationMethod(fragment);
    if (method.isEmpty()) {
      return false;
    }
    try {
      return method.get().publicKey().type().canSign();
    } catch (IdentityException e) {
      return false;
    }
  }
}
