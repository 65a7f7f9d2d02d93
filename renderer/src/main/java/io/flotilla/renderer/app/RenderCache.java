package io.flotilla.renderer.app;

import io.flotilla.renderer.domain.RenderResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rendered bundles by the fingerprint of everything that went into them (Git ids of the inputs,
 * values, overrides, tool version, limits): a commit that does not touch an application's inputs
 * costs a lookup, not a render. Least recently used entries go first. Failures are not kept.
 */
public final class RenderCache {
  private final Map<String, RenderResult.Rendered> entries;
  private long hits;
  private long misses;

  public RenderCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, RenderResult.Rendered> eldest) {
            return size() > capacity;
          }
        };
  }

  public synchronized Optional<RenderResult.Rendered> get(String key) {
    RenderResult.Rendered r = entries.get(key);
    if (r == null) {
      misses++;
    } else {
      hits++;
    }
    return Optional.ofNullable(r);
  }

  public synchronized void put(String key, RenderResult.Rendered rendered) {
    entries.put(key, rendered);
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
