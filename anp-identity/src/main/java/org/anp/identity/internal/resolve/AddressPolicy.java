package org.anp.identity.internal.resolve;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a document fetcher may connect to (issue 12, attack 6; decision 0044). A peer
 * that names a DID chooses the host, so by default only public addresses are reached: a host
 * name that resolves to loopback, private, link-local, unique-local, carrier-grade NAT, multicast
 * or unspecified addresses is refused. Immutable.
 */
public enum AddressPolicy {
  /** Public addresses only (the default). */
  PUBLIC_ONLY,
  /** Public and loopback addresses ({@code insecureLoopbackHttp()}: tests, one-machine setups). */
  PUBLIC_AND_LOOPBACK,
  /** Any address ({@code allowPrivateAddresses()}: a resolver inside a private network). */
  ANY;

  /** Whether {@code address} may be connected to; {@code false} names the reason in the caller. */
  public boolean permits(InetAddress address) {
    if (this == ANY) {
      return true;
    }
    if (address.isLoopbackAddress()) {
      return this == PUBLIC_AND_LOOPBACK;
    }
    return !isInternal(address);
  }

  /** Loopback, private, link-local and the like: addresses a public host name should not name. */
  public static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT, RFC 6598
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
    }
    return false;
  }
}
