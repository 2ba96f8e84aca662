package org.anp.transport.internal.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.anp.transport.TransportException;
import org.anp.transport.e2e.E2eEndpoint;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.e2e.ReceivedMessage;
import org.anp.transport.e2e.SessionEstablished;

/** Gathers what one call of an E2E endpoint produced, in order. Not thread-safe; one per call. */
public final class OutputCollector {
  private final List<E2eMessage> outbound = new ArrayList<>();
  private final List<ReceivedMessage> delivered = new ArrayList<>();
  private final List<E2eEndpoint.Failure> failures = new ArrayList<>();
  private final List<E2eEndpoint.Settled> settled = new ArrayList<>();
  private final List<SessionEstablished> established = new ArrayList<>();

  public void send(List<E2eMessage> frames) {
    outbound.addAll(frames);
  }

  public void deliver(ReceivedMessage d) {
    delivered.add(d);
  }

  public void fail(String peer, String messageId, TransportException e) {
    failures.add(new E2eEndpoint.Failure(peer, messageId, e));
  }

  /**
   * {@code inbound} from {@code sender} failed with {@code e}: a failure, and a {@code response}
   * from {@code localDid} carrying the error's code (spec/e2e-transport.md section 7).
   */
  public void refuse(E2eMessage inbound, String localDid, String sender, TransportException e, Instant now, String responseId) {
    fail(sender, inbound.messageId(), e);
    ObjectNode json = Frames.header(MessageType.RESPONSE.wireName(), now, responseId);
    json.put("sourceDid", localDid);
    json.put("destinationDid", sender);
    json.put("originalType", inbound.type().wireName());
    json.put("originalMessageId", inbound.messageId());
    json.put("code", e.code().responseCode());
    json.put("detail", e.getMessage());
    outbound.add(E2eMessage.parse(json));
  }

  /** The inbound {@code message} is settled by this call (delivered, a repeat, or refused). */
  public void settle(EncryptedMessage message) {
    settled.add(new E2eEndpoint.Settled(message.sourceDid(), message.messageId()));
  }

  public void established(SessionEstablished session) {
    established.add(session);
  }

  public E2eEndpoint.Output build() {
    return new E2eEndpoint.Output(outbound, delivered, failures, settled, established);
  }
}
