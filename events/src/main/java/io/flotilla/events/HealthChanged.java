package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The health of an application on one cluster changed after a sync: its workloads became ready, are
 * still rolling out, or failed. Published when the assessment changes and once more when it settles
 * (healthy, or the app's {@code rollback.timeout} ran out).
 *
 * @param revision the revision the sync applied
 * @param previous the health reported before for this revision, {@code null} for the first one
 * @param message what is not healthy and why, per object; {@code ""} when healthy
 * @param timedOut the app's {@code rollback.timeout} ran out before it became healthy
 */
public record HealthChanged(
    String app,
    String cluster,
    String revision,
    Status status,
    Status previous,
    String message,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean timedOut,
    Instant assessedAt)
    implements SyncEvent {
  public HealthChanged {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.value(status, "status");
    Required.value(assessedAt, "assessedAt");
    message = message == null ? "" : message;
  }

  @Override
  public Person author() {
    return null;
  }

  /** Health of an application on a cluster, from best to worst. */
  public enum Status {
    @JsonProperty("Healthy")
    HEALTHY,
    @JsonProperty("Unknown")
    UNKNOWN,
    @JsonProperty("Progressing")
    PROGRESSING,
    @JsonProperty("Missing")
    MISSING,
    @JsonProperty("Degraded")
    DEGRADED
  }
}
