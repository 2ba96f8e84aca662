package org.anp.benchmarks.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Row 8: the heap a relay spends per idle registered connection. Starts {@link IdleRelayProcess}
 * in a child JVM (with the given JVM options, e.g. {@code -Xmx512m}), measures its heap after GC,
 * opens {@code n} WebSocket connections from this JVM, each registering its own did:wba DID with
 * a signed {@code register} (200 awaited), measures again, and reports
 * {@code (loaded - baseline) / n}. Source addresses rotate over 127.0.0.1-4 so ephemeral ports
 * do not run short. Not thread-safe.
 */
final class IdleConnections {
  private static final int SOURCE_ADDRESSES = 4;
  private static final int CONCURRENT_OPENS = 256;

  /**
   * One measurement.
   *
   * @param connections connections registered and open at the second measurement (by the relay's count)
   * @param baselineBytes relay heap after GC before any connection
   * @param loadedBytes relay heap after GC with the connections open
   * @param maxHeapBytes the relay JVM's maximum heap
   */
  record Result(int requested, int connections, long baselineBytes, long loadedBytes, long maxHeapBytes) {
    /** Heap per connection: (loaded - baseline) / requested. */
    double bytesPerConnection() {
      return (loadedBytes - baselineBytes) / (double) requested;
    }
  }

  private IdleConnections() {}

  static Result measure(int n, List<String> relayJvmOptions) throws IOException, InterruptedException {
    Directory directory = new Directory();
    List<byte[]> registers = new ArrayList<>(n);
    Path documents = Files.createTempFile("anp-idle-relay", ".jsonl");
    try (Writer out = Files.newBufferedWriter(documents, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        Directory.Agent agent = directory.agent("idle" + i);
        out.write(agent.document().toString());
        out.write('\n');
        registers.add(agent.register(directory.random()));
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(relayJvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleRelayProcess.class.getName(),
        documents.toString()));
    Process relay = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    EventLoopGroup loops =
        new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("idle-client", true), NioIoHandler.newFactory());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        Writer control = new OutputStreamWriter(relay.getOutputStream(), StandardCharsets.UTF_8)) {
      String ready = in.readLine();
      if (ready == null || !ready.startsWith("READY ")) {
        throw new IllegalStateException("relay process did not start: " + ready);
      }
      URI uri = URI.create(ready.substring(6));
      long[] baseline = heap(in, control);
      openAll(uri, loops, registers);
      long[] loaded = heap(in, control);
      control.write("EXIT\n");
      control.flush();
      return new Result(n, (int) loaded[2], baseline[0], loaded[0], loaded[1]);
    } finally {
      loops.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(30_000);
      if (!relay.waitFor(30, TimeUnit.SECONDS)) {
        relay.destroyForcibly();
      }
      Files.deleteIfExists(documents);
    }
  }

  /** Opens one connection per register frame, at most {@link #CONCURRENT_OPENS} at a time. */
  private static void openAll(URI uri, EventLoopGroup loops, List<byte[]> registers) throws InterruptedException {
    Semaphore opening = new Semaphore(CONCURRENT_OPENS);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < registers.size() && failures.isEmpty(); i++) {
      opening.acquire();
      byte[] register = registers.get(i);
      CompletableFuture<Void> registered = new CompletableFuture<>();
      String source = "127.0.0." + (1 + i % SOURCE_ADDRESSES);
      BenchClient.connect(uri, loops, Optional.of(source), frame -> {
        String text = frame.toString(StandardCharsets.UTF_8);
        if (text.contains("\"code\":200")) {
          registered.complete(null);
        } else {
          registered.completeExceptionally(new IllegalStateException("register refused: " + text));
        }
      }).thenAccept(client -> client.send(Unpooled.wrappedBuffer(register)))
          .whenComplete((v, e) -> {
            if (e != null) {
              registered.completeExceptionally(e);
            }
          });
      registered.orTimeout(60, TimeUnit.SECONDS).whenComplete((v, e) -> {
        if (e != null) {
          failures.add(e);
        }
        opening.release();
      });
    }
    opening.acquire(CONCURRENT_OPENS);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a connection failed: " + failures.peek(), failures.peek());
    }
  }

  private static long[] heap(BufferedReader in, Writer control) throws IOException {
    control.write("MEASURE\n");
    control.flush();
    String line = in.readLine();
    if (line == null || !line.startsWith("HEAP ")) {
      throw new IllegalStateException("relay process answered: " + line);
    }
    String[] parts = line.split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
  }
}
