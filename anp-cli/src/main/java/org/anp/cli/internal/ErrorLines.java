package org.anp.cli.internal;

import java.util.Objects;
import org.anp.identity.AnpException;

/**
 * How the commands print a library failure: the code once, its wire name, then the reason. An
 * {@link AnpException}'s message already starts with {@code CODE: }, which printing the code
 * beside it would repeat ({@code AUTH_SIGNATURE_INVALID (invalid_signature): AUTH_SIGNATURE_INVALID:
 * ...}). Stateless.
 */
public final class ErrorLines {
  private ErrorLines() {}

  /** {@code CODE (wire name): reason}, e.g. {@code AUTH_NONCE_REUSED (invalid_nonce): nonce: ...}. */
  public static String of(AnpException e) {
    return e.code().name() + " (" + e.code().wireName() + "): " + reason(e);
  }

  /** The exception's message without the {@code CODE: } prefix the exception adds. */
  public static String reason(AnpException e) {
    Objects.requireNonNull(e, "e");
    String message = e.getMessage() == null ? "" : e.getMessage();
    String prefix = e.code().name() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
