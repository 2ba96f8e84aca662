/**
 * Relay benchmarks of issue 6 (rows 6-8, relay section of docs/benchmarks.md): message throughput with 64
 * frames in flight and ping-pong latency through {@link org.anp.transport.relay.RelayServer},
 * each against a bare Netty WebSocket forwarding hop driven by the same client harness, and the
 * heap cost of idle registered connections. {@link org.anp.benchmarks.relay.RelayBenchmarks}
 * runs them all and prints the ratios; {@code benchmarks/run-relay.sh} is the command.
 */
package org.anp.benchmarks.relay;
