package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The initiator's hello (spec/e2e-transport.md section 2.1): its signing key, random, offered
 * versions, cipher suites, groups and key shares, optional {@code metaProtocol} block and proof.
 * Immutable; created by {@link E2eMessage#parse}.
 */
public final class SourceHello extends E2eMessage {
  private final Hello hello;
  private final List<String> supportedVersions;
  private final List<String> cipherSuites;
  private final List<String> supportedGroups;
  private final List<KeyShare> keyShares;

  SourceHello(
      ObjectNode json,
      Instant timestamp,
      String messageId,
      Hello hello,
      List<String> supportedVersions,
      List<String> cipherSuites,
      List<String> supportedGroups,
      List<KeyShare> keyShares) {
    super(json, timestamp, messageId);
    this.hello = hello;
    this.supportedVersions = List.copyOf(supportedVersions);
    this.cipherSuites = List.copyOf(cipherSuites);
    this.supportedGroups = List.copyOf(supportedGroups);
    this.keyShares = List.copyOf(keyShares);
  }

  @Override
  public MessageType type() {
    return MessageType.SOURCE_HELLO;
  }

  public String sessionId() {
    return hello.sessionId();
  }

  public String sourceDid() {
    return hello.sourceDid();
  }

  public String destinationDid() {
    return hello.destinationDid();
  }

  public HelloVerificationMethod verificationMethod() {
    return hello.verificationMethod();
  }

  public String random() {
    return hello.random();
  }

  public List<String> supportedVersions() {
    return supportedVersions;
  }

  public List<String> cipherSuites() {
    return cipherSuites;
  }

  public List<String> supportedGroups() {
    return supportedGroups;
  }

  public List<KeyShare> keyShares() {
    return keyShares;
  }

  /** A copy of the {@code metaProtocol} block, if present. */
  public Optional<JsonNode> metaProtocol() {
    return hello.metaProtocol().map(JsonNode::deepCopy);
  }

  public HelloProof proof() {
    return hello.proof();
  }

  Hello hello() {
    return hello;
  }
}
