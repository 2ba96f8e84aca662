package org.anp.transport.p1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.anp.identity.IdentityException;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Base64Variant;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.keys.PublicKeyMaterial;
import org.anp.transport.internal.p1.SignatureInput;

/**
 * Signs and checks P1 origin proofs (P1 Appendix A): {@code contentDigest} is RFC 9530 {@code
 * sha-256=:<base64>:} of the JCS of the Signed Request Object; the RFC 9421 signature with label
 * {@code sig1} covers exactly {@code ("@method" "@target-uri" "content-digest")}, where {@code
 * @method} is the JSON-RPC method and {@code @target-uri} is {@link P1Target#targetUri()}.
 *
 * <p>Ed25519 keys sign the signature base directly; ECDSA keys (P-256, secp256k1) sign it with
 * SHA-256 and write the 64-byte {@code r||s}. Base64 is written standard with padding and read
 * standard or URL-safe (spec/anp-v1.2.md Q2).
 *
 * <p>Security: {@link #checkSignature} proves only that the holder of {@code key} signed this
 * request; who the key belongs to, time and replay are {@link OriginProofVerifier}'s job.
 * Stateless and thread-safe.
 */
public final class OriginProofs {
  /** The signature label P1 fixes. */
  public static final String LABEL = "sig1";
  /** The covered components P1 fixes, in order. */
  public static final List<String> COMPONENTS = List.of("@method", "@target-uri", "content-digest");

  private OriginProofs() {}

  /**
   * Signs {@code request} and returns it with {@code params.auth} set.
   *
   * @param keyId the full DID URL of {@code key}; its DID must be the request's {@code
   *     meta.sender_did}
   * @param expires the signature's expiry; after {@code created}
   * @param nonce an optional nonce (printable ASCII)
   * @throws IllegalArgumentException if the request has no {@code meta.target} or {@code
   *     meta.sender_did}, the key id's DID is not the sender, or the times are out of order
   */
  public static P1Request sign(
      P1Request request,
      PrivateKeyMaterial key,
      String keyId,
      Instant created,
      Instant expires,
      Optional<String> nonce) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keyId, "keyId");
    P1Target target =
        request.meta().target().orElseThrow(() -> new IllegalArgumentException("meta.target is required for an origin proof"));
    String sender =
        request.meta().senderDid().orElseThrow(() -> new IllegalArgumentException("meta.sender_did is required for an origin proof"));
    if (!keyId.startsWith(sender + "#")) {
      throw new IllegalArgumentException("keyId must be a DID URL of meta.sender_did");
    }
    if (!expires.isAfter(created)) {
      throw new IllegalArgumentException("expires must be after created");
    }
    String digest = contentDigest(request);
    String input =
        SignatureInput.serialize(
            LABEL, COMPONENTS, created.getEpochSecond(), OptionalLong.of(expires.getEpochSecond()), nonce, keyId);
    String params = input.substring(LABEL.length() + 1);
    byte[] base = signatureBase(request.method(), target, digest, params).getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(base);
    String sig = LABEL + "=:" + Base64Codec.encode(Base64Variant.STANDARD, signature) + ":";
    return request.withOriginProof(new OriginProof(digest, input, sig));
  }

  /** {@code sha-256=:<standard base64>:} of the JCS of the request's Signed Request Object. */
  public static String contentDigest(P1Request request) {
    byte[] hash = sha256(Jcs.canonicalBytes(request.signedRequestObject()));
    return "sha-256=:" + Base64Codec.encode(Base64Variant.STANDARD, hash) + ":";
  }

  /**
   * The RFC 9421 signature base for a P1 origin proof.
   *
   * @param signatureParams the serialized inner list with parameters (the {@code Signature-Input}
   *     member's value)
   */
  public static String signatureBase(String method, P1Target target, String contentDigest, String signatureParams) {
    return "\"@method\": " + method + "\n"
        + "\"@target-uri\": " + target.targetUri() + "\n"
        + "\"content-digest\": " + contentDigest + "\n"
        + "\"@signature-params\": " + signatureParams;
  }

  /**
   * Checks the proof of {@code request} against {@code key}: the proof's shape, the recomputed
   * content digest and the signature. Time, replay and the key's owner are not checked here.
   *
   * @return the verified origin (its DID is the key id's DID)
   * @throws RpcException {@code UNAUTHORIZED} (1005) naming the failed step
   */
  public static VerifiedOrigin checkSignature(P1Request request, PublicKeyMaterial key) {
    Objects.requireNonNull(key, "key");
    OriginProof proof =
        request.originProof().orElseThrow(() -> unauthorized("params.auth: no origin proof"));
    P1Target target =
        request.meta().target().orElseThrow(() -> unauthorized("params.meta.target: required with an origin proof"));
    SignatureInput input = parseInput(proof.signatureInput());
    byte[] claimed = decodeDigest(proof.contentDigest());
    byte[] actual;
    try {
      actual = sha256(Jcs.canonicalBytes(request.signedRequestObject()));
    } catch (IdentityException e) {
      // JCS refuses what RFC 8785 cannot serialize (an unpaired surrogate): nothing was signed.
      throw unauthorized("params: the request has no canonical form (" + e.code().name() + ")");
    }
    if (!MessageDigest.isEqual(claimed, actual)) {
      throw unauthorized("origin_proof.contentDigest: does not match the request");
    }
    byte[] signature = decodeSignature(proof.signature());
    byte[] base =
        signatureBase(request.method(), target, proof.contentDigest(), input.params()).getBytes(StandardCharsets.UTF_8);
    try {
      key.verify(base, signature);
    } catch (IdentityException | IllegalArgumentException e) {
      throw unauthorized("origin_proof.signature: does not verify");
    }
    String did = didOf(input.keyId());
    return new VerifiedOrigin(
        did,
        input.keyId(),
        Instant.ofEpochSecond(input.created()),
        input.expires().isPresent() ? Optional.of(Instant.ofEpochSecond(input.expires().getAsLong())) : Optional.empty(),
        input.nonce());
  }

  static SignatureInput parseInput(String text) {
    SignatureInput input;
    try {
      input = SignatureInput.parse(text);
    } catch (IllegalArgumentException e) {
      throw unauthorized("origin_proof.signatureInput: " + e.getMessage());
    }
    if (!LABEL.equals(input.label())) {
      throw unauthorized("origin_proof.signatureInput: label must be " + LABEL);
    }
    if (!COMPONENTS.equals(input.components())) {
      throw unauthorized("origin_proof.signatureInput: must cover (\"@method\" \"@target-uri\" \"content-digest\")");
    }
    didOf(input.keyId());
    return input;
  }

  static String didOf(String keyId) {
    int hash = keyId.indexOf('#');
    if (!keyId.startsWith("did:") || hash < 0 || hash == keyId.length() - 1) {
      throw unauthorized("origin_proof keyid: not a DID URL with a fragment");
    }
    return keyId.substring(0, hash);
  }

  private static byte[] decodeDigest(String value) {
    String prefix = "sha-256=:";
    if (!value.startsWith(prefix) || !value.endsWith(":") || value.length() <= prefix.length() + 1) {
      throw unauthorized("origin_proof.contentDigest: expected sha-256=:<base64>:");
    }
    byte[] out = base64(value.substring(prefix.length(), value.length() - 1), "contentDigest");
    if (out.length != 32) {
      throw unauthorized("origin_proof.contentDigest: not a SHA-256 digest");
    }
    return out;
  }

  private static byte[] decodeSignature(String value) {
    String prefix = LABEL + "=:";
    if (!value.startsWith(prefix) || !value.endsWith(":") || value.length() <= prefix.length() + 1) {
      throw unauthorized("origin_proof.signature: expected " + LABEL + "=:<base64>:");
    }
    return base64(value.substring(prefix.length(), value.length() - 1), "signature");
  }

  private static byte[] base64(String text, String field) {
    try {
      return Base64Codec.decode(Base64Variant.STANDARD, text);
    } catch (IdentityException e) {
      try {
        return Base64Codec.decode(Base64Variant.URL_NO_PAD, text);
      } catch (IdentityException e2) {
        throw unauthorized("origin_proof." + field + ": not base64");
      }
    }
  }

  static RpcException unauthorized(String message) {
    return new RpcException(CoreRpcError.UNAUTHORIZED, message);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
