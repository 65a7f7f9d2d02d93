package io.flotilla.applier.app;

import io.flotilla.events.DesiredState;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.SyncCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per (app, cluster) state behind {@code GET /api/v1/apps}: in memory, built from the events
 * this instance processed since it started and, for every pair, the sync results read back from
 * {@code flotilla.sync-results} (every instance's; {@code kafka.SyncResultsReplay}). Thread-safe;
 * each update replaces an immutable record.
 */
@ApplicationScoped
public class AppStateStore {
  private final Map<Key, AppClusterState> states = new ConcurrentHashMap<>();

  private record Key(String app, String cluster) {}

  public void syncStarted(DesiredState desired, Instant at) {
    update(
        desired.app(),
        desired.cluster(),
        s ->
            new AppClusterState(
                s.app(),
                s.cluster(),
                desired.revision(),
                s.appliedRevision(),
                SyncState.PROGRESSING,
                desired.bundleHash(),
                at,
                s.lastSyncFinished(),
                s.lastError(),
                s.resources(),
                s.writes()));
  }

  public void syncFinished(SyncCompleted done, DesiredState desired) {
    update(done.app(), done.cluster(), s -> finished(s, done));
  }

  /**
   * A {@code SyncCompleted} read back from {@code flotilla.sync-results}: another instance's, or
   * this one's from before a restart. Ignored when the view already has a sync of the pair that
   * finished later (the topic is read behind what this instance does itself).
   */
  public void restore(SyncCompleted done) {
    update(
        done.app(),
        done.cluster(),
        s ->
            s.lastSyncFinished() != null
                    && done.finishedAt() != null
                    && !done.finishedAt().isAfter(s.lastSyncFinished())
                ? s
                : finished(s, done));
  }

  private static AppClusterState finished(AppClusterState s, SyncCompleted done) {
    boolean synced = done.status() == SyncCompleted.Status.SYNCED;
    return new AppClusterState(
        s.app(),
        s.cluster(),
        done.revision(),
        synced ? done.revision() : s.appliedRevision(),
        synced ? SyncState.SYNCED : SyncState.FAILED,
        done.bundleHash(),
        done.startedAt(),
        done.finishedAt(),
        synced ? null : firstFailure(done.resources()),
        done.resources(),
        done.writes());
  }

  /** A desired state a pause or rollback suspension holds: desired now, not applied. */
  public void held(DesiredState desired) {
    update(
        desired.app(),
        desired.cluster(),
        s ->
            new AppClusterState(
                s.app(),
                s.cluster(),
                desired.revision(),
                s.appliedRevision(),
                desired.revision().equals(s.appliedRevision())
                    ? s.syncState()
                    : SyncState.OUT_OF_SYNC,
                s.bundleHash(),
                s.lastSyncStarted(),
                s.lastSyncFinished(),
                s.lastError(),
                s.resources(),
                s.writes()));
  }

  public void renderFailed(RenderFailed failed) {
    String where =
        failed.file() == null
            ? ""
            : failed.file() + (failed.line() == null ? "" : ":" + failed.line()) + ": ";
    update(
        failed.app(),
        failed.cluster(),
        s ->
            new AppClusterState(
                s.app(),
                s.cluster(),
                failed.revision(),
                s.appliedRevision(),
                SyncState.RENDER_FAILED,
                s.bundleHash(),
                s.lastSyncStarted(),
                s.lastSyncFinished(),
                where + failed.reason(),
                s.resources(),
                s.writes()));
  }

  public Optional<AppClusterState> get(String app, String cluster) {
    return Optional.ofNullable(states.get(new Key(app, cluster)));
  }

  /** Every (app, cluster) seen, by app then cluster. */
  public Map<String, Map<String, AppClusterState>> byApp() {
    Map<String, Map<String, AppClusterState>> out = new TreeMap<>();
    states
        .values()
        .forEach(s -> out.computeIfAbsent(s.app(), a -> new TreeMap<>()).put(s.cluster(), s));
    return out;
  }

  private void update(
      String app, String cluster, java.util.function.UnaryOperator<AppClusterState> change) {
    states.compute(
        new Key(app, cluster),
        (k, current) ->
            change.apply(current == null ? AppClusterState.unknown(app, cluster) : current));
  }

  private static String firstFailure(List<ResourceResult> results) {
    List<ResourceResult> failed =
        results.stream().filter(r -> r.outcome() == ResourceResult.Outcome.FAILED).toList();
    if (failed.isEmpty()) {
      return null;
    }
    ResourceResult first = failed.get(0);
    return failed.size()
        + " of "
        + results.size()
        + " objects failed; "
        + first.display()
        + ": "
        + first.message();
  }
}
