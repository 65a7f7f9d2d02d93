package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A sync of one application's desired state to one cluster finished.
 *
 * @param status {@code synced} when every object was applied or already matched, else {@code
 *     failed}
 * @param resources one result per object of the desired state, in apply order
 * @param writes the number of write calls (create, apply, delete) the sync sent to the cluster
 */
public record SyncCompleted(
    String app,
    String cluster,
    String revision,
    String bundleHash,
    Status status,
    List<ResourceResult> resources,
    int writes,
    Instant startedAt,
    Instant finishedAt,
    Person author)
    implements SyncEvent {
  public SyncCompleted {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.text(bundleHash, "bundleHash");
    Required.value(status, "status");
    Required.value(startedAt, "startedAt");
    Required.value(finishedAt, "finishedAt");
    resources = List.copyOf(Required.value(resources, "resources"));
  }

  /** Overall result of a sync. */
  public enum Status {
    @JsonProperty("synced")
    SYNCED,
    @JsonProperty("failed")
    FAILED
  }
}
