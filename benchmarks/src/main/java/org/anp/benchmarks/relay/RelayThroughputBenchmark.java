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
 * Row 6: 1 KiB E2E {@code message} frames from A to B with 64 in flight, through the relay
 * ({@code target=relay}) and through the bare forwarding hop ({@code target=bare}); one operation
 * is one frame sent, so in the steady state operations per second are frames per second through
 * the hop. One JMH thread; not thread-safe.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RelayThroughputBenchmark {
  static final int IN_FLIGHT = 64;

  @Param({"relay", "bare"})
  public String target;

  private RelayRig rig;

  @Setup(Level.Trial)
  public void setUp() {
    rig = RelayRig.windowed(RelayRig.Target.valueOf(target.toUpperCase(java.util.Locale.ROOT)), IN_FLIGHT);
  }

  /** Ends each iteration with no frame in flight, so iterations do not borrow from each other. */
  @TearDown(Level.Iteration)
  public void drain() {
    rig.awaitDrained();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    rig.close();
  }

  @Benchmark
  public void message() {
    rig.sendWindowed();
  }

  RelayRig rig() {
    return rig;
  }
}
