package org.anp.benchmarks.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.anp.transport.relay.RelayServer;

/**
 * The relay side of the idle-connections measurement, run in its own JVM so that only the
 * relay's heap is measured: loads the DID documents from the file named by the first argument
 * (one JSON document per line) into an uncached in-memory resolver, starts a relay on a free
 * loopback port with a 30-minute idle timeout, prints {@code READY <url>}, then answers each
 * {@code MEASURE} line on standard input with {@code HEAP <used bytes after GC> <max heap bytes>
 * <open connections>}, and stops on {@code EXIT} or end of input.
 */
public final class IdleRelayProcess {
  private IdleRelayProcess() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Directory directory = new Directory();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
      directory.publish((ObjectNode) mapper.readTree(line));
    }
    RelayServer relay = RelayServer.builder()
        .resolver(directory.resolver())
        .idleTimeout(Duration.ofMinutes(30))
        .rateLimit(1e6, 1_000_000)
        // every client of this row comes from 127.0.0.1: lift the per-address caps of decisions
        // 0058 and 0060 (256 connections, 5,000 registrations) that a real deployment keeps
        .connectionLimits(20_000, 20_000)
        .registrationQuota(1_000_000, 1_000_000)
        .build();
    System.out.println("READY " + relay.start().join());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = in.readLine()) != null && !command.equals("EXIT")) {
      if (command.equals("MEASURE")) {
        System.out.println("HEAP " + usedAfterGc() + " " + Runtime.getRuntime().maxMemory() + " "
            + relay.connectionCount());
        System.out.flush();
      }
    }
    relay.shutdown(Duration.ofSeconds(10));
  }

  /** The smallest heap use seen over a few full collections. */
  static long usedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
