package org.anp.transport.internal.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of one relay cluster's NATS resources, and of this node in it (decision 0077): the
 * stream {@code ANP_RELAY_<name>} over {@code anp.relay.<name>.q.<token>.f} (frames for a routing
 * key) and {@code ...s} (statuses for senders served under it), the registry bucket
 * {@code anp-relay-routes-<name>}, and the node's core NATS subjects {@code
 * anp.relay.<name>.node.<id>.f} and {@code .s} for direct hand-overs.
 *
 * @param cluster the cluster's name
 * @param nodeId this node's id (fresh for every run)
 */
record ClusterNames(String cluster, String nodeId) {
  /** Subject suffixes under a key's token: frames for the key, and statuses for senders served under it. */
  static final String FRAMES = ".f";
  static final String STATUSES = ".s";

  String stream() {
    return "ANP_RELAY_" + cluster;
  }

  String bucket() {
    return "anp-relay-routes-" + cluster;
  }

  /** Every subject the stream holds. */
  String streamSubjects() {
    return prefix() + ".q.*.*";
  }

  /** Where frames for {@code key} are stored. */
  String frames(String key) {
    return prefix() + ".q." + token(key) + FRAMES;
  }

  /** Where statuses for senders served under {@code key} are stored. */
  String statuses(String key) {
    return prefix() + ".q." + token(key) + STATUSES;
  }

  /** The frames of every key. */
  String allFrames() {
    return prefix() + ".q.*" + FRAMES;
  }

  /** The token of a stream subject of a key ({@code anp.relay.<name>.q.<token>.f} or {@code .s}). */
  static String tokenOf(String subject) {
    String[] parts = subject.split("\\.");
    return parts.length == 6 ? parts[4] : "";
  }

  /** Frames and statuses of one key's token, as its consumer filters them. */
  String keySubjects(String token) {
    return prefix() + ".q." + token + ".*";
  }

  /** The subject on which node {@code node} takes frames handed to it directly. */
  String directFrames(String node) {
    return prefix() + ".node." + node + FRAMES;
  }

  /** The subject on which node {@code node} takes statuses handed to it directly. */
  String directStatuses(String node) {
    return prefix() + ".node." + node + STATUSES;
  }

  private String prefix() {
    return "anp.relay." + cluster;
  }

  /**
   * A routing key as a NATS subject token and key-value key: 128 bits of its SHA-256, in hex.
   * Asked for several times per frame (registry look-ups, subjects), so the tokens of recent keys
   * are kept (up to {@value #TOKENS_KEPT}, then forgotten all at once).
   */
  static String token(String key) {
    String t = TOKENS.get(key);
    if (t == null) {
      if (TOKENS.size() >= TOKENS_KEPT) {
        TOKENS.clear();
      }
      t = HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
      TOKENS.put(key, t);
    }
    return t;
  }

  private static final int TOKENS_KEPT = 65_536;
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  });
}
