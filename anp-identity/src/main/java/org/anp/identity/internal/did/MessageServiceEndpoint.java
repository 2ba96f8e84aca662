package org.anp.identity.internal.did;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rule for a messageService {@code serviceEndpoint} we write: {@code wss://}, or plain {@code
 * ws://} to a loopback host only, so that tests and local setups can run a relay without TLS while
 * no published document points agents at an unencrypted remote relay.
 */
public final class MessageServiceEndpoint {
  private MessageServiceEndpoint() {}

  /**
   * @throws IllegalArgumentException naming the rule when {@code endpoint} breaks it
   */
  public static void check(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("messageService endpoint: not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("wss") || (scheme.equals("ws") && isLoopback(uri.getHost())))) {
      throw new IllegalArgumentException(
          "messageService endpoint must be a wss:// URL (ws:// only to localhost, 127.0.0.0/8 or [::1])");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
  }
}
