package org.anp.transport.relay;

import java.util.Objects;
import java.util.Optional;
import org.anp.transport.e2e.DestinationHello;
import org.anp.transport.e2e.E2eMessage;
import org.anp.transport.e2e.EncryptedMessage;
import org.anp.transport.e2e.ErrorResponse;
import org.anp.transport.e2e.Finished;
import org.anp.transport.e2e.MessageType;
import org.anp.transport.e2e.SourceHello;

/**
 * An E2E frame as the relay sees it: only the envelope ({@code type}, {@code messageId},
 * {@code sourceDid}, {@code destinationDid}); the relay never looks inside hellos or
 * ciphertext. A {@code response} frame may lack both DIDs (the reference SDK omits them).
 * Immutable and thread-safe.
 *
 * @param message the parsed E2E frame
 */
public record RoutedFrame(E2eMessage message) implements RelayFrame {
  public RoutedFrame {
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String type() {
    return message.type().wireName();
  }

  @Override
  public String messageId() {
    return message.messageId();
  }

  /** Whether this is a {@code response} frame (relay status or end-to-end error). */
  public boolean isResponse() {
    return message.type() == MessageType.RESPONSE;
  }

  /** The sender's DID; always present except on some {@code response} frames. */
  public Optional<String> sourceDid() {
    if (message instanceof SourceHello m) {
      return Optional.of(m.sourceDid());
    } else if (message instanceof DestinationHello m) {
      return Optional.of(m.sourceDid());
    } else if (message instanceof Finished m) {
      return Optional.of(m.sourceDid());
    } else if (message instanceof EncryptedMessage m) {
      return Optional.of(m.sourceDid());
    }
    return ((ErrorResponse) message).sourceDid();
  }

  /** The DID the frame is for; always present except on some {@code response} frames. */
  public Optional<String> destinationDid() {
    if (message instanceof SourceHello m) {
      return Optional.of(m.destinationDid());
    } else if (message instanceof DestinationHello m) {
      return Optional.of(m.destinationDid());
    } else if (message instanceof Finished m) {
      return Optional.of(m.destinationDid());
    } else if (message instanceof EncryptedMessage m) {
      return Optional.of(m.destinationDid());
    }
    return ((ErrorResponse) message).destinationDid();
  }

  @Override
  public byte[] toJsonBytes() {
    return message.toJsonBytes();
  }
}
