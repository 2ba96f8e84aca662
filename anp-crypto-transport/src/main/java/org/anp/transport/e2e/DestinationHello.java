package org.anp.transport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The responder's hello (spec/e2e-transport.md section 2.2): its signing key, random, the chosen
 * version, cipher suite and key share, and its proof. {@code sourceDid} is the responder.
 * Immutable; created by {@link E2eMessage#parse}.
 */
public final class DestinationHello extends E2eMessage {
  private final Hello hello;
  private final String selectedVersion;
  private final String cipherSuite;
  private final KeyShare keyShare;

  DestinationHello(
      ObjectNode json,
      Instant timestamp,
      String messageId,
      Hello hello,
      String selectedVersion,
      String cipherSuite,
      KeyShare keyShare) {
    super(json, timestamp, messageId);
    this.hello = hello;
    this.selectedVersion = selectedVersion;
    this.cipherSuite = cipherSuite;
    this.keyShare = keyShare;
  }

  @Override
  public MessageType type() {
    return MessageType.DESTINATION_HELLO;
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

  public String selectedVersion() {
    return selectedVersion;
  }

  public String cipherSuite() {
    return cipherSuite;
  }

  public KeyShare keyShare() {
    return keyShare;
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
