package org.anp.transport.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM with a small heap by {@link SmallHeapRelayTest}: a relay with its default
 * limits in this process, four senders pushing frames of about 1 MiB to offline DIDs for the
 * given number of seconds, then two other agents exchange a message. Prints one line {@code
 * RESULT queued=<frames> refused=<frames> queuedBytes=<bytes> heapUsedMiB=<n> exchanged=true} and
 * exits 0, or exits 1 if the exchange fails (an {@code OutOfMemoryError} also exits non-zero).
 */
public final class SmallHeapRelayMain {
  private SmallHeapRelayMain() {}

  public static void main(String[] args) throws Exception {
    Duration flood = Duration.ofSeconds(Long.parseLong(args[0]));
    TestDirectory directory = new TestDirectory();
    try (RelayServer relay = RelayServer.builder().resolver(directory.resolver()).build()) {
      relay.start().join();
      List<TestDirectory.Agent> offline = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        offline.add(directory.wba(Optional.of(relay.uri())));
      }
      List<WsClient> senders = new ArrayList<>();
      List<TestDirectory.Agent> senderAgents = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        TestDirectory.Agent a = directory.wba(Optional.of(relay.uri()));
        WsClient c = WsClient.connect(relay.uri());
        c.register(a);
        senders.add(c);
        senderAgents.add(a);
      }
      long queued = 0;
      long refused = 0;
      long end = System.nanoTime() + flood.toNanos();
      int n = 0;
      // 760,000 ciphertext bytes are about 1,013,000 bytes of base64: just under the 1 MiB limit.
      String payloadTemplate = WsClient.message("ID", "SRC", "DST", 760_000).toString();
      while (System.nanoTime() < end) {
        int s = n % senders.size();
        String id = "big" + n;
        String frame = payloadTemplate.replace("\"ID\"", "\"" + id + "\"")
            .replace("\"SRC\"", "\"" + senderAgents.get(s).did() + "\"")
            .replace("\"DST\"", "\"" + offline.get(n % offline.size()).did() + "\"");
        senders.get(s).send(frame);
        int code = senders.get(s).awaitCode(id);
        if (code == 202) {
          queued++;
        } else {
          refused++;
        }
        n++;
      }
      TestDirectory.Agent bob = directory.wba(Optional.of(relay.uri()));
      TestDirectory.Agent carol = directory.wba(Optional.of(relay.uri()));
      try (WsClient b = WsClient.connect(relay.uri()); WsClient c = WsClient.connect(relay.uri())) {
        b.register(bob);
        c.register(carol);
        b.send(WsClient.message("hello", bob.did(), carol.did(), 64).toString());
        JsonNode got = c.await(f -> "hello".equals(f.path("messageId").asText()));
        boolean exchanged = got.path("sourceDid").asText().equals(bob.did()) && b.awaitCode("hello") == 200;
        Runtime rt = Runtime.getRuntime();
        System.out.println("RESULT queued=" + queued + " refused=" + refused + " queuedFrames=" + relay.queuedFrames()
            + " heapUsedMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " exchanged=" + exchanged);
        senders.forEach(WsClient::close);
        System.exit(exchanged ? 0 : 1);
      }
    }
  }
}
