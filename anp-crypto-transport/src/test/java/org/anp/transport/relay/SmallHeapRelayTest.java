package org.anp.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, attack 2 with the figures: a relay in a child JVM with {@code -Xmx256m}
 * receives frames of about 1 MiB for offline DIDs (10 s here; the 30 s run is
 * {@code -Danp.smallHeapSeconds=30}) and still delivers between two other agents. Before the fix
 * the queue took every such frame until the heap was gone.
 */
class SmallHeapRelayTest {
  @Test
  void aRelayWith256MiBOfHeapSurvivesLargeFramesForOfflineDids() throws IOException, InterruptedException {
    String seconds = System.getProperty("anp.smallHeapSeconds", "10");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile("small-heap-relay", ".log");
    Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"), SmallHeapRelayMain.class.getName(), seconds))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String output;
    try {
      assertThat(child.waitFor(Long.parseLong(seconds) + 120, TimeUnit.SECONDS)).as("the child finished").isTrue();
    } finally {
      child.destroyForcibly();
      output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
    }
    String result = output.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElse("(no result) " + output);
    System.out.println("small heap: " + result);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(result).contains("exchanged=true");
  }
}
