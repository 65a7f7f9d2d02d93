package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Re-apply an application's latest desired state now, on one cluster or on every cluster it
 * targets, even when the applier believes it is applied.
 *
 * @param cluster the cluster, or {@code null} for every target cluster
 * @param prune also delete objects the application no longer declares, even if its sync policy does
 *     not prune
 * @param force take ownership of fields other managers own (server-side apply {@code force})
 */
public record SyncRequested(
    String app,
    String cluster,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean prune,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force,
    String reason,
    String requestedBy,
    Instant requestedAt)
    implements ControlEvent {
  public SyncRequested {
    Required.text(app, "app");
    Required.text(reason, "reason");
    Required.text(requestedBy, "requestedBy");
    Required.value(requestedAt, "requestedAt");
  }
}
