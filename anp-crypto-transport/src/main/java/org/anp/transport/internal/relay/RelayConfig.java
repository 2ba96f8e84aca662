package org.anp.transport.internal.relay;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.anp.identity.auth.DidWbaVerifier;
import org.anp.identity.keys.PrivateKeyMaterial;
import org.anp.identity.resolve.DidResolver;
import org.anp.transport.relay.MessageQueue;
import org.anp.transport.relay.RelayEventListener;

/**
 * Everything a relay runs with, validated by {@code RelayServer.Builder}. Immutable.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free one
 * @param path the WebSocket upgrade path
 * @param identity the relay's own DID and signing key, for forwarding to other relays
 * @param authenticator verifies an {@code Authorization} header on the upgrade request
 * @param trustedRelays relay DIDs allowed to forward frames of any sender to this relay
 * @param publicEndpoints other URLs under which this relay is reached (for "does a document name me")
 * @param readTimeout how long the upgrade request or one WebSocket message may take to arrive
 *     once its first byte has
 * @param ackTimeout how long the relay waits for a receiver's acknowledgement of a pushed frame
 *     before it reports the frame delivered anyway (decision 0006)
 * @param maxUnacknowledged the most frames pushed to one connection and not yet acknowledged;
 *     beyond it, frames for that connection wait in the queue
 * @param limits quotas against hostile load and where their refusals are counted
 */
public record RelayConfig(
    String host,
    int port,
    String path,
    DidResolver resolver,
    Optional<Identity> identity,
    Optional<DidWbaVerifier> authenticator,
    Set<String> trustedRelays,
    List<URI> publicEndpoints,
    Clock clock,
    SecureRandom random,
    MessageQueue queue,
    RelayEventListener listener,
    int maxFrameBytes,
    int maxConnectionsPerDid,
    double messagesPerSecond,
    int burst,
    Duration queueTtl,
    Duration idleTimeout,
    Duration registrationWindow,
    int nonceCacheSize,
    Duration resolveTimeout,
    int writeBufferHighWaterMark,
    Duration readTimeout,
    Duration ackTimeout,
    int maxUnacknowledged,
    RelayLimits limits) {

  /** The relay's DID, the id of its signing key in its document, and the key. */
  public record Identity(String did, String verificationMethod, PrivateKeyMaterial key) {
    @Override
    public String toString() {
      return "Identity[" + did + "]";
    }
  }

  public RelayConfig {
    trustedRelays = Set.copyOf(trustedRelays);
    publicEndpoints = List.copyOf(publicEndpoints);
  }

  /** Frames up to this size are read to answer 413; larger ones close the connection. */
  int hardFrameLimit() {
    return (int) Math.min(Integer.MAX_VALUE - 1024L, 2L * maxFrameBytes + 1024);
  }
}
