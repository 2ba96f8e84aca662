package org.anp.integration.hostile;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A WebSocket client over a plain socket, byte by byte under the test's control: it can trickle
 * the upgrade request or a frame, and it reads only when asked (so it can also never read).
 * Not thread-safe, except that one thread may write while another reads.
 */
final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final URI uri;

  private RawWebSocket(URI uri) throws IOException {
    this.uri = uri;
    this.socket = new Socket(uri.getHost(), uri.getPort());
    this.socket.setTcpNoDelay(true);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawWebSocket connect(URI uri) throws IOException {
    return new RawWebSocket(uri);
  }

  /** The upgrade request for the relay's path. */
  byte[] upgradeRequest() {
    byte[] key = new byte[16];
    HostileWorld.RANDOM.nextBytes(key);
    return ("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends the upgrade request at once and reads the response head; returns its status line. */
  String upgrade() throws IOException {
    write(upgradeRequest());
    return upgradeHead();
  }

  /** Reads the head of the upgrade response (after the request was sent); returns its status line. */
  String upgradeHead() throws IOException {
    socket.setSoTimeout(10_000);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    return head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
  }

  /** A masked, final text frame carrying {@code payload}, as a client must send it. */
  static byte[] textFrame(byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x81);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xff);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        f.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    HostileWorld.RANDOM.nextBytes(mask);
    f.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i & 3]);
    }
    return f.toByteArray();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Writes {@code bytes} one at a time with {@code gap} between them; returns how many were
   * written before the connection failed (all of them if it did not).
   */
  int trickle(byte[] bytes, Duration gap) {
    for (int i = 0; i < bytes.length; i++) {
      try {
        out.write(bytes[i]);
        out.flush();
        Thread.sleep(gap.toMillis()); // the slowness is the behaviour under test (slowloris)
      } catch (IOException e) {
        return i;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return i;
      }
    }
    return bytes.length;
  }

  /**
   * The next text frame's payload (server frames are not masked); empty if the peer closed.
   *
   * @throws java.net.SocketTimeoutException if no frame starts within {@code timeout}
   */
  Optional<String> readText(Duration timeout) throws IOException {
    try {
      while (true) {
        // The timeout applies to the start of a frame only, so a timeout never splits one.
        socket.setSoTimeout((int) timeout.toMillis());
        int b0 = in.readUnsignedByte();
        socket.setSoTimeout(10_000);
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        int opcode = b0 & 0x0f;
        if (opcode == 0x8) {
          return Optional.empty();
        }
        if (opcode == 0x1) {
          return Optional.of(new String(payload, StandardCharsets.UTF_8));
        }
      }
    } catch (EOFException | SocketException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads and drops whatever arrives until the peer closes the connection; returns false if it
   * is still open after {@code timeout}.
   */
  boolean awaitClosed(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] sink = new byte[4096];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      socket.setSoTimeout((int) left);
      try {
        if (in.read(sink) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException e) {
        return true; // reset by the peer
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
