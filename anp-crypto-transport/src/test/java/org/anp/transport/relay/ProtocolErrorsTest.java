package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 7: WebSocket framing errors are answered with the close code RFC 6455 gives
 * (1002, 1009, 1007) and nothing after the close frame. Before the fix every framing error got
 * a 413 "larger than the relay's hard limit" text frame after the close frame, then a second
 * close. A number of 200,000 digits is reported as a number too long, not as nesting.
 */
class ProtocolErrorsTest {
  private final TestDirectory directory = new TestDirectory();
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private RelayServer relay() {
    RelayServer relay = RelayServer.builder().resolver(directory.resolver()).maxFrameBytes(1000).build();
    relay.start().join();
    resources.add(relay);
    return relay;
  }

  /** A raw WebSocket connection: upgrade, then frames written byte by byte as a test needs. */
  private Socket upgrade(RelayServer relay) throws IOException {
    Socket s = new Socket("127.0.0.1", relay.uri().getPort());
    s.setSoTimeout((int) WsClient.WAIT.toMillis());
    resources.add(s);
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("no upgrade answer");
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return s;
  }

  /** A masked frame from the client. */
  private static byte[] frame(int firstByte, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    int mask = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(mask | payload.length);
    } else if (payload.length < 65_536) {
      out.write(mask | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(mask | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
      }
    }
    byte[] key = {1, 2, 3, 4};
    if (masked) {
      out.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(masked ? payload[i] ^ key[i % 4] : payload[i]);
    }
    return out.toByteArray();
  }

  /** One frame from the server: opcode and payload. */
  private record ServerFrame(int opcode, byte[] payload) {
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private static Optional<ServerFrame> read(DataInputStream in) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return Optional.empty();
    }
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return Optional.of(new ServerFrame(b0 & 0x0f, payload));
  }

  /** Sends {@code bytes} and returns the close code, asserting nothing follows the close frame. */
  private int closeCodeAfter(RelayServer relay, byte[] bytes) throws IOException {
    Socket s = upgrade(relay);
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    Optional<ServerFrame> first = read(in);
    assertThat(first).as("a close frame").isPresent();
    assertThat(first.get().opcode()).as("the first frame is the close").isEqualTo(8);
    Optional<ServerFrame> after = Optional.empty();
    try {
      after = read(in);
    } catch (IOException e) {
      // reset by the relay closing: nothing came after the close either
    }
    assertThat(after).as("nothing after the close frame").isEmpty();
    return first.get().closeCode();
  }

  @Test
  void reservedBitsAreAProtocolError1002() throws IOException {
    assertThat(closeCodeAfter(relay(), frame(0x80 | 0x40 | 0x1, "{}".getBytes(StandardCharsets.UTF_8), true)))
        .isEqualTo(1002);
  }

  @Test
  void anUnmaskedClientFrameIsAProtocolError1002() throws IOException {
    assertThat(closeCodeAfter(relay(), frame(0x81, "{}".getBytes(StandardCharsets.UTF_8), false))).isEqualTo(1002);
  }

  @Test
  void aFrameBeyondTheHardCapIs1009() throws IOException {
    assertThat(closeCodeAfter(relay(), frame(0x81, new byte[5000], true))).isEqualTo(1009);
  }

  @Test
  void invalidUtf8Is1007() throws IOException {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(closeCodeAfter(relay(), frame(0x81, bad, true))).isEqualTo(1007);
  }

  @Test
  void aHugeNumberIsReportedAsANumberTooLong() {
    RelayServer relay = RelayServer.builder().resolver(directory.resolver()).build();
    relay.start().join();
    resources.add(relay);
    WsClient c = WsClient.connect(relay.uri());
    resources.add(c);
    TestDirectory.Agent alice = directory.wba(Optional.of(relay.uri()));
    String frame = WsClient.message("n1", alice.did(), alice.did(), 8).put("x", 0).toString()
        .replace("\"x\":0", "\"x\":" + "9".repeat(200_000));
    c.send(frame);
    // The number comes after messageId, but the frame cannot be read, so any response is its answer.
    JsonNode answer = c.await(n -> "response".equals(n.path("type").asText()));
    assertThat(answer.path("code").asInt()).isEqualTo(400);
    assertThat(answer.path("detail").asText()).contains("number").doesNotContain("nested");
  }
}
