package org.anp.benchmarks.application;

import java.util.Map;

/** The parameters every call benchmark sends: a 64-character text and a number. */
final class Payload {
  static final String METHOD = "echo";
  static final String TEXT = "room for two, 3 nights from 2026-12-24, quiet floor, late check-in";
  static final int COUNT = 3;
  static final Map<String, Object> PARAMS = Map.of("text", TEXT, "count", COUNT);

  private Payload() {}
}
