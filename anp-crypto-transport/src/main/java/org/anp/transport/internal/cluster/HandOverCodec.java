package org.anp.transport.internal.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.anp.transport.internal.relay.StoredFrame;

/**
 * The body of one direct hand-over between two nodes (decision 0087): a batch of frames, or of
 * final statuses, in one core NATS request, and the reply that says, item by item, whether the
 * other node took it. Layout: a version byte, the sending node's id, the count, then per item
 * its strings (4-byte length and UTF-8) and its bytes (4-byte length). A body that does not
 * parse is declined as a whole (the sender then stores every item in the stream).
 */
final class HandOverCodec {
  private static final byte VERSION = 1;
  private static final byte TAKEN = '1';
  private static final byte DECLINED = '0';

  /** A frame handed over directly, as the receiving node reads it. */
  record Frame(String key, String sourceDid, String destinationDid, String type, String messageId, Instant expiresAt,
      String originConnection, String originKey, byte[] bytes) {}

  /**
   * A final status handed directly to the node of the frame's sender.
   *
   * @param connection the sender's connection on that node (empty: any of the sender's)
   * @param sourceDid the frame's sender
   * @param status the status frame
   */
  record Status(String connection, String sourceDid, byte[] status) {}

  /** A decoded batch: the node that sent it and its items, in order. */
  record Batch<T>(String node, List<T> items) {}

  private HandOverCodec() {}

  static byte[] frames(String node, List<StoredFrame.Outbound> frames, int bytes) {
    return write(node, frames.size(), bytes, out -> {
      for (StoredFrame.Outbound f : frames) {
        string(out, f.key());
        string(out, f.sourceDid());
        string(out, f.destinationDid());
        string(out, f.type());
        string(out, f.messageId());
        out.writeLong(f.expiresAt().toEpochMilli());
        string(out, f.originConnection());
        string(out, f.originKey());
        bytes(out, f.bytes());
      }
    });
  }

  static Batch<Frame> frames(byte[] body) {
    return read(body, in -> new Frame(string(in), string(in), string(in), string(in), string(in),
        Instant.ofEpochMilli(in.readLong()), string(in), string(in), bytes(in)));
  }

  static byte[] statuses(String node, List<Status> statuses, int bytes) {
    return write(node, statuses.size(), bytes, out -> {
      for (Status s : statuses) {
        string(out, s.connection());
        string(out, s.sourceDid());
        bytes(out, s.status());
      }
    });
  }

  static Batch<Status> statuses(byte[] body) {
    return read(body, in -> new Status(string(in), string(in), bytes(in)));
  }

  /** The reply to a batch: one byte per item, taken or declined. */
  static byte[] reply(boolean[] taken) {
    byte[] r = new byte[taken.length];
    for (int i = 0; i < taken.length; i++) {
      r[i] = taken[i] ? TAKEN : DECLINED;
    }
    return r;
  }

  /** Whether item {@code i} of a batch of {@code count} was taken, by the reply (null or malformed: none was). */
  static boolean taken(byte[] reply, int count, int i) {
    return reply != null && reply.length == count && reply[i] == TAKEN;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** {@code bytes}: about how long the items will be, so that the buffer is not grown while writing. */
  private static byte[] write(String node, int count, int bytes, Writer items) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes + 64);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(VERSION);
      string(out, node);
      out.writeInt(count);
      items.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return buffer.toByteArray();
  }

  /** @throws IllegalArgumentException if {@code body} is not a batch of this version */
  private static <T> Batch<T> read(byte[] body, Reader<T> item) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      if (in.readByte() != VERSION) {
        throw new IllegalArgumentException("hand-over of another version");
      }
      String node = string(in);
      int count = in.readInt();
      if (count < 0 || count > body.length) {
        throw new IllegalArgumentException("hand-over with a bad count " + count);
      }
      List<T> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(item.read(in));
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("hand-over with bytes after its last item");
      }
      return new Batch<>(node, items);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated hand-over", e);
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    bytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("item length " + n + " past the end");
    }
    return in.readNBytes(n);
  }
}
