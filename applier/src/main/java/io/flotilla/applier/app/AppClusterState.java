package io.flotilla.applier.app;

import io.flotilla.events.ResourceResult;
import java.time.Instant;
import java.util.List;

/**
 * What the applier knows about one app on one cluster, since it started.
 *
 * @param desiredRevision the revision of the latest DesiredState or RenderFailed seen
 * @param appliedRevision the revision of the latest sync that succeeded
 * @param bundleHash the bundle hash of the latest sync
 * @param lastError why the latest sync or render failed; {@code null} after a success
 * @param resources the results of the latest sync
 * @param writes the write calls the latest sync sent
 */
public record AppClusterState(
    String app,
    String cluster,
    String desiredRevision,
    String appliedRevision,
    SyncState syncState,
    String bundleHash,
    Instant lastSyncStarted,
    Instant lastSyncFinished,
    String lastError,
    List<ResourceResult> resources,
    int writes) {

  public AppClusterState {
    resources = List.copyOf(resources);
  }

  /** Nothing known yet. */
  public static AppClusterState unknown(String app, String cluster) {
    return new AppClusterState(
        app, cluster, null, null, SyncState.UNKNOWN, null, null, null, null, List.of(), 0);
  }
}
