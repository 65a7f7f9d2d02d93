package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Deploy an earlier revision of an application. The renderer renders {@code toRevision} again
 * (rendering is deterministic) and the applier applies it; automated sync of the application on the
 * scope is then suspended until a {@link ResumeRequested}, so the next commit does not undo the
 * rollback.
 *
 * @param cluster the cluster, or {@code null} for every cluster the app targets
 * @param toRevision the commit SHA to go back to
 * @param automatic Flotilla itself asked, because a sync left a workload unhealthy ({@code
 *     rollback.onDegraded}); {@code requestedBy} is then {@code flotilla/applier}
 */
public record RollbackRequested(
    String app,
    String cluster,
    String toRevision,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean automatic,
    String reason,
    String requestedBy,
    Instant requestedAt)
    implements ControlEvent {
  public RollbackRequested {
    Required.text(app, "app");
    Required.text(toRevision, "toRevision");
    Required.text(reason, "reason");
    Required.text(requestedBy, "requestedBy");
    Required.value(requestedAt, "requestedAt");
  }

  @Override
  public String revision() {
    return toRevision;
  }
}
