package org.anp.application.description;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.anp.application.internal.description.DescriptionProofs;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.agent.IdentityKey;
import org.anp.identity.agent.KeyRole;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.codec.Hex;

/**
 * Signs agent descriptions as ANP-07 says (spec/application.md section 5, decision 0037): the
 * description with a {@code proof} holding {@code type}, {@code created}, {@code proofPurpose}
 * {@code assertionMethod}, {@code verificationMethod}, optionally {@code domain}, and always a
 * fresh random {@code challenge}; then JCS of that document without {@code proofValue}, SHA-256,
 * signed by the identity's {@link KeyRole#ASSERTION} key, base64url without padding as {@code
 * proofValue}. The {@code did} of the description is set to the identity's DID.
 *
 * <p>Thread-safe once built.
 */
public final class DescriptionSigner {
  private static final int CHALLENGE_BYTES = 16;

  private final AgentIdentity identity;
  private final Optional<String> domain;
  private final Clock clock;
  private final SecureRandom random;

  private DescriptionSigner(Builder b) {
    this.identity = b.identity;
    this.domain = b.domain;
    this.clock = b.clock;
    this.random = b.random;
  }

  /** A builder for signing as {@code identity}. */
  public static Builder builder(AgentIdentity identity) {
    return new Builder(identity);
  }

  /**
   * Signs {@code description} (any proof it has is replaced) and returns the signed description,
   * parsed from the signed JSON, in the description's own format.
   *
   * @throws IllegalArgumentException if the description names another DID than the identity's
   * @throws org.anp.identity.IdentityException {@code KEY_ROLE_MISSING} if the identity
   *     holds no assertion key
   */
  public AgentDescription sign(AgentDescription description) {
    Objects.requireNonNull(description, "description");
    String did = identity.did().toString();
    if (description.did().isPresent() && !description.did().get().equals(did)) {
      throw new IllegalArgumentException(
          "description.did " + description.did().get() + " is not the signer " + did);
    }
    IdentityKey key = identity.requireKey(KeyRole.ASSERTION);
    AgentDescription unsigned =
        description.toBuilder().did(did).proof(Optional.empty()).build();
    ObjectNode json = unsigned.toJson(unsigned.format());
    ObjectNode proof = json.putObject("proof");
    proof.put("type", DescriptionProofs.typeFor(key.privateKey().type()));
    proof.put("created", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    proof.put("proofPurpose", "assertionMethod");
    proof.put("verificationMethod", key.id());
    domain.ifPresent(d -> proof.put("domain", d));
    byte[] challenge = new byte[CHALLENGE_BYTES];
    random.nextBytes(challenge);
    proof.put("challenge", Hex.encode(challenge));
    byte[] signature = key.privateKey().sign(DescriptionProofs.digest(json));
    proof.put("proofValue", Base64Codec.encodeUrl(signature));
    return AgentDescription.fromJson(json);
  }

  /** Builds a {@link DescriptionSigner}. Not thread-safe. */
  public static final class Builder {
    private final AgentIdentity identity;
    private Optional<String> domain = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;

    private Builder(AgentIdentity identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
    }

    /**
     * The host the description will be served from, written as {@code proof.domain}; a consumer
     * that fetched it from another host refuses it. Default: none.
     */
    public Builder domain(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) {
        throw new IllegalArgumentException("domain: empty");
      }
      this.domain = Optional.of(host);
      return this;
    }

    /** The clock for {@code proof.created}; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for {@code proof.challenge}; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Builds the signer. */
    public DescriptionSigner build() {
      if (random == null) {
        random = new SecureRandom();
      }
      return new DescriptionSigner(this);
    }
  }
}
