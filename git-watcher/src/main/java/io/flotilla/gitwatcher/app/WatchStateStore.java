package io.flotilla.gitwatcher.app;

import io.flotilla.gitwatcher.domain.Announced;
import java.util.Map;

/**
 * Port: the last announced commit per application, kept outside the process so that a restarted
 * watcher neither repeats nor misses a commit.
 */
public interface WatchStateStore {

  /** Everything remembered, by app; read once at start-up. */
  Map<String, Announced> load();

  /**
   * Remembers {@code announced} (replacing what was remembered for its app); returns once stored.
   */
  void save(Announced announced);
}
