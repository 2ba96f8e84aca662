package org.anp.benchmarks.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.anp.application.client.RemoteAgent;
import org.junit.jupiter.api.Test;

/**
 * Sets up each pair of the call benchmark, runs its body once and checks the typed result; and
 * checks that the token body really uses a bearer token and the first-call body really signs
 * every call. Does not run JMH.
 */
class CallBenchmarkTest {
  private static final EchoService.Echo EXPECTED = new EchoService.Echo(Payload.TEXT, Payload.COUNT);

  @Test
  void bareEchoAnswersTheParams() {
    CallBenchmark.Bare bare = new CallBenchmark.Bare();
    bare.start();
    try {
      assertThat(new CallBenchmark().bareEcho(bare)).isEqualTo(EXPECTED);
    } finally {
      bare.stop();
    }
  }

  @Test
  void anpCallsUseTheTokenOrSignEveryTime() throws Exception {
    CallBenchmark.Anp anp = new CallBenchmark.Anp();
    anp.start();
    try {
      CallBenchmark benchmark = new CallBenchmark();
      assertThat(benchmark.anpTokenCall(anp)).isEqualTo(EXPECTED);
      assertThat(benchmark.anpFirstCall(anp)).isEqualTo(EXPECTED);

      String did = anp.rig.callerDid();
      assertThat(caller(anp.rig.tokenAgent())).isEqualTo(did + " BEARER_TOKEN");
      assertThat(caller(anp.rig.firstCallAgent())).isEqualTo(did + " HTTP_SIGNATURE");
      assertThat(caller(anp.rig.firstCallAgent())).isEqualTo(did + " HTTP_SIGNATURE");
    } finally {
      anp.stop();
    }
  }

  private static String caller(RemoteAgent agent) throws Exception {
    return agent.call("caller", Map.of(), String.class).get(30, TimeUnit.SECONDS);
  }

  @Test
  void mcpToolCallAnswersTheParams() throws Exception {
    CallBenchmark.Mcp mcp = new CallBenchmark.Mcp();
    mcp.start();
    try {
      assertThat(new CallBenchmark().mcpToolCall(mcp)).isEqualTo(EXPECTED);
      assertThat(new CallBenchmark().mcpToolCall(mcp)).isEqualTo(EXPECTED);
    } finally {
      mcp.stop();
    }
  }
}
