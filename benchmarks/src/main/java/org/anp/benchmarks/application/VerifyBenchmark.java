package org.anp.benchmarks.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.anp.application.description.AgentDescription;
import org.anp.application.description.DescriptionVerifier;
import org.anp.application.description.VerifiedDescription;
import org.anp.identity.agent.AgentIdentity;
import org.anp.identity.codec.Base64Codec;
import org.anp.identity.did.DidDocument;
import org.anp.identity.json.Jcs;
import org.anp.identity.keys.PublicKeyMaterial;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Layer 3, description verification (issue 15): the bytes of one signed description (Ed25519,
 * {@link Descriptions}) verified as a client does after fetching them, the signer's DID document
 * at hand (its key decoded once, as the resolver cache keeps it):
 *
 * <ul>
 *   <li>{@link #verifyDescription}: {@code AgentDescription.parse} (strict JSON, the model read)
 *       and {@code DescriptionVerifier.verify} (signer, proof members, domain, JCS without
 *       {@code proofValue}, SHA-256, signature);
 *   <li>{@link #jcsAndSignature} (baseline): Jackson's tree of the same bytes, {@code proofValue}
 *       taken out, the project's JCS, SHA-256 and the signature check with the same key object.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class VerifyBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private byte[] bytes;
  private DidDocument signer;
  private PublicKeyMaterial key;
  private DescriptionVerifier verifier;

  @Setup(Level.Trial)
  public void setUp() {
    Identities identities = new Identities();
    AgentIdentity identity = identities.create("agents/echo");
    bytes = Descriptions.signed(identity, "Echo", "http://127.0.0.1:8080/agents/echo/ad.json");
    signer = identities.document(identity.did().toString());
    key = signer.verificationMethods().get(0).publicKey();
    verifier = DescriptionVerifier.builder().resolver(identities.resolver()).build();
  }

  @Benchmark
  public VerifiedDescription verifyDescription() {
    return verifier.verify(AgentDescription.parse(bytes), signer, Optional.of(Descriptions.DOMAIN));
  }

  @Benchmark
  public PublicKeyMaterial jcsAndSignature() throws IOException, NoSuchAlgorithmException {
    return jcsAndSignature(bytes);
  }

  /** The baseline's steps over {@code document}, with the signer's key. */
  PublicKeyMaterial jcsAndSignature(byte[] document) throws IOException, NoSuchAlgorithmException {
    ObjectNode tree = (ObjectNode) JSON.readTree(document);
    ObjectNode proof = (ObjectNode) tree.get("proof");
    String proofValue = proof.remove("proofValue").textValue();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(tree));
    key.verify(digest, Base64Codec.decodeUrl(proofValue));
    return key;
  }

  /** The description's bytes. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** The signer's document. */
  DidDocument signer() {
    return signer;
  }

  /** The verifier of {@link #verifyDescription}. */
  DescriptionVerifier verifier() {
    return verifier;
  }
}
