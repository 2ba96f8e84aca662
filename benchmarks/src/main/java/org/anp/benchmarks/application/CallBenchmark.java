package org.anp.benchmarks.application;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Layer 3, calls on loopback (issue 15): one JSON-RPC call of {@code echo} with the same params
 * ({@link Payload}) and the same result type, by four client/server pairs, each body timed from
 * the request written to the typed result returned:
 *
 * <ul>
 *   <li>{@link #bareEcho}: the baseline, {@link BareJsonEcho} (Netty, no authentication);
 *   <li>{@link #anpTokenCall}: {@code RemoteAgent.call} against {@code AgentEndpoints} on the
 *       project's {@code HttpServer}, authenticated with the bearer token of an earlier call;
 *   <li>{@link #anpFirstCall}: the same call as a first call: an RFC 9421 signature made by the
 *       client and fully verified by the server (caller's DID document cached), a nonce recorded
 *       and a token issued, every time ({@link TokenBlindHttpClient});
 *   <li>{@link #mcpToolCall}: a {@code tools/call} of the MCP Java SDK over its Streamable HTTP
 *       transport ({@link McpRig}).
 * </ul>
 *
 * <p>Sample-time mode with two caller threads (each one call in flight, so two calls in flight
 * against each server): the mean gives the throughput ratio (baseline mean / mean: same
 * concurrency on both sides), the distribution gives p50. Decision 0071.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CallBenchmark {
  /** The bare Netty echo and its client. */
  @State(Scope.Benchmark)
  public static class Bare {
    BareJsonEcho echo;

    @Setup(Level.Trial)
    public void start() {
      echo = new BareJsonEcho();
    }

    @TearDown(Level.Trial)
    public void stop() {
      echo.close();
    }
  }

  /** The ANP agent and its two callers. */
  @State(Scope.Benchmark)
  public static class Anp {
    AnpCallRig rig;

    @Setup(Level.Trial)
    public void start() throws Exception {
      rig = new AnpCallRig();
    }

    @TearDown(Level.Trial)
    public void stop() {
      rig.close();
    }
  }

  /** The MCP server and client. */
  @State(Scope.Benchmark)
  public static class Mcp {
    McpRig rig;

    @Setup(Level.Trial)
    public void start() throws Exception {
      rig = new McpRig();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      rig.close();
    }
  }

  @Benchmark
  public EchoService.Echo bareEcho(Bare bare) {
    return bare.echo.call().join();
  }

  @Benchmark
  public EchoService.Echo anpTokenCall(Anp anp) {
    return anp.rig.tokenAgent().call(Payload.METHOD, Payload.PARAMS, EchoService.Echo.class).join();
  }

  @Benchmark
  public EchoService.Echo anpFirstCall(Anp anp) {
    return anp.rig.firstCallAgent().call(Payload.METHOD, Payload.PARAMS, EchoService.Echo.class).join();
  }

  @Benchmark
  public EchoService.Echo mcpToolCall(Mcp mcp) {
    return mcp.rig.call();
  }
}
