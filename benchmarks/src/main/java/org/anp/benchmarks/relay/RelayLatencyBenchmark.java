package org.anp.benchmarks.relay;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Row 7: ping-pong with one frame in flight, A to B and B's answer back to A, through the relay
 * and through the bare forwarding hop; JMH samples the time of each round trip (p50 and p99 are
 * read from the sample distribution). One JMH thread; not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RelayLatencyBenchmark {
  @Param({"relay", "bare"})
  public String target;

  private RelayRig rig;

  @Setup(Level.Trial)
  public void setUp() {
    rig = RelayRig.pingPong(RelayRig.Target.valueOf(target.toUpperCase(java.util.Locale.ROOT)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public void pingPong() {
    rig.roundTrip();
  }

  RelayRig rig() {
    return rig;
  }
}
