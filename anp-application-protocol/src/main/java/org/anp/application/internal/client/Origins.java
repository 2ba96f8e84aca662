package org.anp.application.internal.client;

import java.net.URI;
import java.util.Locale;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;

/**
 * The origin rule of decision 0049: a client sends signed requests only to the origin (scheme,
 * host, port) of the verified description that led it there.
 */
final class Origins {
  private Origins() {}

  /** {@code endpoint}, if it is on {@code origin}'s origin; else {@code INVALID_DESCRIPTION}. */
  static URI requireSame(URI endpoint, URI origin, String what) {
    if (!origin.getScheme().equalsIgnoreCase(String.valueOf(endpoint.getScheme()))
        || !origin.getHost().toLowerCase(Locale.ROOT).equals(String.valueOf(endpoint.getHost()).toLowerCase(Locale.ROOT))
        || origin.getPort() != endpoint.getPort()) {
      throw new ApplicationException(ApplicationError.INVALID_DESCRIPTION,
          what + ": " + endpoint + " is not on the origin of the description");
    }
    return endpoint;
  }
}
