package io.flotilla.events;

import java.util.List;

/** Kafka topic names. Keys and partitioning are described in {@link Keys}. */
public final class Topics {
  /** {@code CommitDetected}, {@code WatchFailed} (key = app), {@code FleetChanged} (key = *). */
  public static final String COMMITS = "flotilla.commits";

  /** {@code DesiredState}, {@code RenderFailed}; key = {@code <cluster>/<app>}. */
  public static final String DESIRED = "flotilla.desired";

  /** {@code SyncCompleted}; key = {@code <cluster>/<app>}. */
  public static final String SYNC_RESULTS = "flotilla.sync-results";

  /** Drift events (later releases); key = {@code <cluster>/<app>}. */
  public static final String DRIFT = "flotilla.drift";

  /**
   * Operator commands ({@link ControlEvent}): pause, resume, sync, rollback; key = app or {@code
   * *}. Every applier instance reads all of it.
   */
  public static final String CONTROL = "flotilla.control";

  /**
   * Compacted: the last commit git-watcher announced per app (key = app, value = plain JSON {@code
   * {app, repoUrl, ref, sha, announcedAt}}, not a CloudEvent), read back at start-up.
   */
  public static final String WATCH_STATE = "flotilla.watch-state";

  /** Records no consumer could process, with the reason in headers. */
  public static final String DEAD_LETTER = "flotilla.dead-letter";

  /** Every topic whose records are Flotilla events and belong in the audit log. */
  public static final List<String> AUDITED =
      List.of(COMMITS, DESIRED, SYNC_RESULTS, DRIFT, CONTROL);

  private Topics() {}
}
