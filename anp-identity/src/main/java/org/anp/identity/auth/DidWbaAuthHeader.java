package org.anp.identity.auth;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.Did;
import org.anp.identity.internal.auth.AuthHeaderSyntax;
import org.anp.identity.internal.auth.SignedAuthPayload;

/**
 * A parsed did:wba {@code Authorization} header value (spec/identity.md 1.4): the
 * {@code DIDWba did="...", nonce="...", timestamp="...", verification_method="...",
 * signature="..."} form with an optional {@code v}, or the older test-server form
 * {@code DID <did> Nonce <n> Timestamp <t> VerificationMethod <f> Signature <s>}, which is read
 * but never written (spec/README.md #6).
 *
 * <p>Immutable. Values are kept as sent, because the signature covers them byte for byte
 * (spec/README.md #39). Parsing is limited to {@value AuthHeaderSyntax#MAX_LENGTH} characters.
 *
 * @param version the {@code v} parameter, if present
 * @param did the caller's DID
 * @param nonce the nonce, 1 to 128 printable characters
 * @param timestamp the signed timestamp text (ISO 8601 UTC, e.g. {@code 2024-12-05T12:34:56Z})
 * @param verificationMethod the fragment of the signing method (or an absolute DID URL)
 * @param signature the base64url signature text
 * @param legacyForm whether the header used the older {@code DID ... Nonce ...} syntax
 */
public record DidWbaAuthHeader(
    Optional<AuthVersion> version,
    Did did,
    String nonce,
    String timestamp,
    String verificationMethod,
    String signature,
    boolean legacyForm) {

  private static final int MAX_NONCE = 128;

  /**
   * Validates the values.
   *
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} naming the field
   */
  public DidWbaAuthHeader {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(did, "did");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(verificationMethod, "verificationMethod");
    Objects.requireNonNull(signature, "signature");
    if (nonce.isEmpty() || nonce.length() > MAX_NONCE || !printableAscii(nonce)) {
      throw malformed("nonce: must be 1 to " + MAX_NONCE + " printable ASCII characters");
    }
    if (verificationMethod.isEmpty() || !printableAscii(verificationMethod)) {
      throw malformed("verification_method: must be non-empty printable ASCII");
    }
    parseTimestamp(timestamp);
    signatureBytes(signature);
  }

  /**
   * Parses a header value (without the {@code Authorization:} name).
   *
   * @throws IdentityException {@code AUTH_MALFORMED_HEADER} for a wrong scheme, bad syntax, a
   *     missing, duplicated or malformed parameter, or more than
   *     {@value AuthHeaderSyntax#MAX_LENGTH} characters
   */
  public static DidWbaAuthHeader parse(String value) {
    Objects.requireNonNull(value, "value");
    AuthHeaderSyntax.Parsed parsed = AuthHeaderSyntax.parse(value);
    Map<String, String> p = parsed.params();
    Optional<AuthVersion> version = Optional.empty();
    if (p.containsKey("v")) {
      version = AuthVersion.fromWire(p.get("v"));
      if (version.isEmpty()) {
        throw malformed("v: not a version number: " + AuthHeaderSyntax.printable(p.get("v")));
      }
    }
    Did did;
    try {
      did = Did.parse(required(p, "did"));
    } catch (IdentityException e) {
      throw new IdentityException(
          IdentityError.AUTH_MALFORMED_HEADER, "authorization: did: " + e.getMessage(), e);
    }
    return new DidWbaAuthHeader(
        version,
        did,
        required(p, "nonce"),
        required(p, "timestamp"),
        required(p, "verification_method"),
        required(p, "signature"),
        parsed.legacyForm());
  }

  /**
   * The version this header is read as: its {@code v}, or 1.1 without one, as the reference SDK
   * reads it (decision 0012).
   */
  public AuthVersion effectiveVersion() {
    return version.orElse(AuthVersion.V1_1);
  }

  /** The signed time. */
  public Instant signedAt() {
    return parseTimestamp(timestamp);
  }

  /** The decoded signature bytes. */
  public byte[] signatureBytes() {
    return signatureBytes(signature);
  }

  /**
   * The bytes this header's signature must cover when addressed to {@code domain} and read as
   * {@code version}: the JCS form of {@code {nonce, timestamp, service|aud, did}}.
   */
  public byte[] signingInput(AuthVersion version, String domain) {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(domain, "domain");
    return SignedAuthPayload.canonicalBytes(
        version.domainField(), did.toString(), nonce, timestamp, domain);
  }

  /** The header value in the {@code DIDWba} form ({@code v} first when present). */
  public String toHeaderValue() {
    StringBuilder sb = new StringBuilder("DIDWba ");
    version.ifPresent(v -> sb.append("v=\"").append(v.wireValue()).append("\", "));
    return sb.append("did=\"").append(did).append("\", nonce=\"").append(nonce)
        .append("\", timestamp=\"").append(timestamp)
        .append("\", verification_method=\"").append(verificationMethod)
        .append("\", signature=\"").append(signature).append('"').toString();
  }

  private static String required(Map<String, String> p, String name) {
    String v = p.get(name);
    if (v == null) {
      throw malformed(name + ": missing");
    }
    return v;
  }

  private static Instant parseTimestamp(String timestamp) {
    if (!timestamp.endsWith("Z") || timestamp.length() > 40) {
      throw malformed("timestamp: expected UTC ISO 8601 ending in 'Z'");
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      throw malformed("timestamp: not an ISO 8601 instant");
    }
  }

  private static byte[] signatureBytes(String signature) {
    if (signature.isEmpty() || signature.length() > 256) {
      throw malformed("signature: expected 1 to 256 base64url characters");
    }
    try {
      return Base64Codec.decodeUrl(signature);
    } catch (IdentityException e) {
      throw malformed("signature: not base64url");
    }
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c > 0x7e || c == '"') {
        return false;
      }
    }
    return true;
  }

  private static IdentityException malformed(String detail) {
    return new IdentityException(IdentityError.AUTH_MALFORMED_HEADER, "authorization: " + detail);
  }

  /** Names the DID and scheme form only; the signature is left out. */
  @Override
  public String toString() {
    return "DidWbaAuthHeader[" + did + (legacyForm ? ", legacy form" : "") + "]";
  }
}
