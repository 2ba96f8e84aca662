/**
 * Layer-3 benchmarks (issue 15): an authenticated JSON-RPC call against a bare Netty JSON echo
 * and against the MCP Java SDK, description verification against raw JCS plus a signature
 * check, and a crawl of 1,000 descriptions against fetching them only. docs/benchmarks.md,
 * section "Layer 3", says how to run them and what each figure measures.
 */
package org.anp.benchmarks.application;
