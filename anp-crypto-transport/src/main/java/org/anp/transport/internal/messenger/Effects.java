package org.anp.transport.internal.messenger;

import java.util.ArrayList;
import java.util.List;

/** Collects the effects of one engine call, in order. Not thread-safe; the engine's own. */
final class Effects {
  private final List<Effect> effects = new ArrayList<>();

  void add(Effect effect) {
    effects.add(effect);
  }

  void write(byte[] frame) {
    effects.add(new Effect.Write(frame));
  }

  /** The effects collected since the last call, which are then forgotten. */
  List<Effect> drain() {
    List<Effect> out = List.copyOf(effects);
    effects.clear();
    return out;
  }
}
