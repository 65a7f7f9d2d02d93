package io.flotilla.gitwatcher.app;

import io.flotilla.gitwatcher.domain.Announced;
import java.util.List;
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

  /**
   * Remembers every one of {@code announced}; returns once all are stored, throws if any was not
   * (some of the others may have been). Implementations talking to a broker write them all before
   * waiting.
   */
  default void saveAll(List<Announced> announced) {
    announced.forEach(this::save);
  }
}
