package org.anp.benchmarks.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the idle-connections measurement with a handful of connections: the child relay JVM
 * starts, every connection registers and is counted open by the relay, and both heap figures are
 * real measurements within the child's heap limit.
 */
class IdleConnectionsTest {
  @Test
  void registersEveryConnectionAndMeasuresTheRelayHeap() throws Exception {
    IdleConnections.Result r = IdleConnections.measure(25, List.of("-Xmx96m"));

    assertThat(r.requested()).isEqualTo(25);
    assertThat(r.connections()).isEqualTo(25);
    assertThat(r.maxHeapBytes()).isPositive().isLessThanOrEqualTo(96L << 20);
    assertThat(r.baselineBytes()).isPositive().isLessThan(r.maxHeapBytes());
    assertThat(r.loadedBytes()).isPositive().isLessThan(r.maxHeapBytes());
    assertThat(r.bytesPerConnection()).isEqualTo((r.loadedBytes() - r.baselineBytes()) / 25.0);
  }
}
