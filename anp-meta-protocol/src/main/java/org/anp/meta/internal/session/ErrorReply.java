package org.anp.meta.internal.session;

import java.util.Optional;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.wire.Frame;

/**
 * The answer a provider gives to an application request it could not serve: a natural-language
 * frame (PT=10, markdown, spec/meta-protocol.md §1) that a person or a model can read, in a fixed
 * shape that a requester of this implementation turns back into a typed error for the request it
 * waits on (decision record 0069):
 *
 * <pre>
 * # Error Response
 * - code: capabilityFailed
 * - message: the capability could not answer the request
 * </pre>
 *
 * The message names the failure, never the request's content. Immutable.
 */
final class ErrorReply {
  static final String HEADING = "# Error Response\n";
  private static final String CODE = "- code: ";
  private static final String MESSAGE = "- message: ";

  private ErrorReply() {}

  /** The PT=10 frame reporting {@code error}. */
  static Frame frame(MetaProtocolException error) {
    String message = error.code() == MetaProtocolError.CAPABILITY_TIMEOUT
        ? error.getMessage().replace('\n', ' ')
        : "the capability could not answer the request";
    return Frame.naturalLanguage(HEADING + CODE + error.code().wireName() + "\n" + MESSAGE + message + "\n");
  }

  /**
   * The error a natural-language text reports, if it has this shape; an unknown code reads as
   * {@code CAPABILITY_FAILED}.
   */
  static Optional<MetaProtocolException> parse(String text) {
    if (!text.startsWith(HEADING)) {
      return Optional.empty();
    }
    MetaProtocolError code = null;
    String message = "";
    for (String line : text.substring(HEADING.length()).split("\n")) {
      if (line.startsWith(CODE)) {
        String name = line.substring(CODE.length()).trim();
        code = MetaProtocolError.CAPABILITY_FAILED;
        for (MetaProtocolError e : MetaProtocolError.values()) {
          if (e.wireName().equals(name)) {
            code = e;
          }
        }
      } else if (line.startsWith(MESSAGE)) {
        message = line.substring(MESSAGE.length()).trim();
      }
    }
    if (code == null) {
      return Optional.empty();
    }
    return Optional.of(new MetaProtocolException(code, "the peer could not serve the request: " + message));
  }
}
