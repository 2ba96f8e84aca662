package org.anp.meta.wire;

import java.util.Objects;

/**
 * A well-formed negotiation message whose {@code action} this side does not know. Receivers
 * ignore it and log (spec/meta-protocol.md §2.6, forward compatibility); it is never sent.
 *
 * @param action the action as received
 */
public record UnknownAction(String action) implements MetaMessage {
  public UnknownAction {
    Objects.requireNonNull(action, "action");
  }
}
