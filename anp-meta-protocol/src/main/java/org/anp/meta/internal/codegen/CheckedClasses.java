package org.anp.meta.internal.codegen;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Class files that passed {@link BytecodeCheck} and carry the injected call guard: the only input
 * {@link SandboxClassLoader} accepts, so nothing unchecked is ever defined. Only
 * {@link BytecodeCheck} constructs it. Immutable.
 */
public final class CheckedClasses {
  private final Map<String, byte[]> classes;

  CheckedClasses(Map<String, byte[]> classes) {
    this.classes = Map.copyOf(classes);
  }

  /** Binary names ({@code a.b.C$D}) of the classes. */
  public Set<String> names() {
    return classes.keySet();
  }

  Optional<byte[]> bytes(String binaryName) {
    return Optional.ofNullable(classes.get(binaryName)).map(byte[]::clone);
  }
}
