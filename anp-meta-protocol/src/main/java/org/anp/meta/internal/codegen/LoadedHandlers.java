package org.anp.meta.internal.codegen;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.anp.meta.codegen.GeneratedHandler;

/**
 * Bounds how many generated handlers are loaded at once: each handler's instance (and through it
 * its class and its own class loader) sits in a {@link Slot}; past the limit the least recently
 * used slot drops its instance, so the class loader can be collected, and loads it again (from the
 * same checked source) on its next use. Thread-safe.
 */
public final class LoadedHandlers {
  private final int max;
  /** Loaded slots, least recently used first. */
  private final LinkedHashMap<Slot, Boolean> loaded = new LinkedHashMap<>(16, 0.75f, true);
  private long loads;

  /** @param max most handlers loaded at once, {@code >= 1} */
  public LoadedHandlers(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max);
    }
    this.max = max;
  }

  /**
   * A slot holding {@code first}, loaded with {@code load}; it counts as the most recently used,
   * and may evict another.
   */
  public Slot add(GeneratedHandler first, Supplier<GeneratedHandler> load) {
    Slot slot = new Slot(Objects.requireNonNull(load, "load"));
    synchronized (this) {
      loads++;
      slot.instance = Objects.requireNonNull(first, "first");
      loaded.put(slot, Boolean.TRUE);
      evictBeyondLimit(slot);
    }
    return slot;
  }

  /** Drops {@code slot}'s instance for good (a handler that will not be used). */
  public synchronized void remove(Slot slot) {
    loaded.remove(slot);
    slot.instance = null;
  }

  /** Handlers loaded now. */
  public synchronized int size() {
    return loaded.size();
  }

  /** Loads so far, first loads and reloads after an eviction. */
  public synchronized long loads() {
    return loads;
  }

  private void evictBeyondLimit(Slot keep) {
    Iterator<Map.Entry<Slot, Boolean>> eldest = loaded.entrySet().iterator();
    while (loaded.size() > max && eldest.hasNext()) {
      Slot s = eldest.next().getKey();
      if (s != keep) {
        eldest.remove();
        s.instance = null;
      }
    }
  }

  /** One handler's place: its instance while loaded, and how to load it again. */
  public final class Slot implements Supplier<GeneratedHandler> {
    private final Supplier<GeneratedHandler> load;
    private GeneratedHandler instance;

    private Slot(Supplier<GeneratedHandler> load) {
      this.load = load;
    }

    /**
     * The loaded instance, loading it again (outside the lock) if it was evicted; marks it the
     * most recently used.
     *
     * @throws org.anp.meta.MetaProtocolException as the load does
     */
    @Override
    public GeneratedHandler get() {
      synchronized (LoadedHandlers.this) {
        if (instance != null) {
          loaded.get(this);
          return instance;
        }
      }
      GeneratedHandler fresh = load.get();
      synchronized (LoadedHandlers.this) {
        if (instance == null) {
          loads++;
          instance = fresh;
          loaded.put(this, Boolean.TRUE);
          evictBeyondLimit(this);
        } else {
          loaded.get(this);
        }
        return instance;
      }
    }

    /** Whether the instance is loaded now. */
    public boolean isLoaded() {
      synchronized (LoadedHandlers.this) {
        return instance != null;
      }
    }
  }
}
