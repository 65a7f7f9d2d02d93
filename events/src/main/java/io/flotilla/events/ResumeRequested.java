package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Ends a pause (or the suspension of automated sync after a rollback) in the scope: the latest
 * desired state of each (app, cluster) in it is applied.
 *
 * <p>Scope: {@code all}, or {@code app}, or {@code cluster}, or {@code app} on {@code cluster}.
 *
 * @param app the application, or {@code null}
 * @param cluster the cluster, or {@code null}
 * @param all the whole fleet
 */
public record ResumeRequested(
    String app,
    String cluster,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean all,
    String reason,
    String requestedBy,
    Instant requestedAt)
    implements ControlEvent {
  public ResumeRequested {
    ControlEvent.requireScope(app, cluster, all);
    Required.text(reason, "reason");
    Required.text(requestedBy, "requestedBy");
    Required.value(requestedAt, "requestedAt");
  }
}
