package org.anp.meta.wire;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;

/**
 * {@code naturalLanguageNegotiation} (spec/meta-protocol.md §2.5): a free-text question
 * ({@code REQUEST}) or its answer ({@code RESPONSE}, echoing the request's {@code messageId}).
 * Immutable.
 *
 * @param request {@code true} for {@code REQUEST}, {@code false} for {@code RESPONSE}
 * @param messageId the request's id; this side writes 16 letters and digits, as the reference
 *     SDK does, and accepts 1 to 128 printable ASCII characters
 * @param message the text
 */
public record NaturalLanguageNegotiation(boolean request, String messageId, String message)
    implements MetaMessage {

  /** The {@code action} value. */
  public static final String ACTION = "naturalLanguageNegotiation";

  /** Longest {@code messageId} accepted. */
  public static final int MAX_MESSAGE_ID_LENGTH = 128;

  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /**
   * @throws MetaProtocolException {@code MALFORMED_MESSAGE} for an empty, overlong or
   *     non-printable message id
   */
  public NaturalLanguageNegotiation {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(message, "message");
    if (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH) {
      throw new MetaProtocolException(
          MetaProtocolError.MALFORMED_MESSAGE,
          "messageId: length " + messageId.length() + ", need 1 to " + MAX_MESSAGE_ID_LENGTH);
    }
    for (int i = 0; i < messageId.length(); i++) {
      char c = messageId.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new MetaProtocolException(
            MetaProtocolError.MALFORMED_MESSAGE, "messageId: not printable ASCII at index " + i);
      }
    }
  }

  /** A question with a fresh 16-character id drawn from {@code random}. */
  public static NaturalLanguageNegotiation request(String message, RandomGenerator random) {
    StringBuilder id = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return new NaturalLanguageNegotiation(true, id.toString(), message);
  }

  /** The answer to this request. */
  public NaturalLanguageNegotiation answer(String text) {
    return new NaturalLanguageNegotiation(false, messageId, text);
  }

  /** {@code REQUEST} or {@code RESPONSE}. */
  public String type() {
    return request ? "REQUEST" : "RESPONSE";
  }

  @Override
  public String action() {
    return ACTION;
  }
}
