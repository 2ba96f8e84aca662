package org.anp.transport.e2e;

import java.util.Objects;

/**
 * One ephemeral key share of a hello: the group name, the public key as hex (for
 * {@code secp256r1} the uncompressed point, 130 characters) and the lifetime in seconds the
 * sender wants for the derived keys. The key bytes are checked when the share is used.
 */
public record KeyShare(String group, String keyExchange, long expires) {
  public KeyShare {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(keyExchange, "keyExchange");
    if (expires < 0) {
      throw new IllegalArgumentException("expires: " + expires);
    }
  }
}
