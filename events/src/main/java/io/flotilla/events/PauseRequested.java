package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Emergency stop: appliers apply nothing in the scope until a {@link ResumeRequested} covers it.
 * Desired states that arrive meanwhile are kept, and the latest is applied on resume.
 *
 * <p>Scope: {@code all}, or {@code app}, or {@code cluster}, or {@code app} on {@code cluster}.
 *
 * @param app the application, or {@code null}
 * @param cluster the cluster, or {@code null}
 * @param all the whole fleet
 */
public record PauseRequested(
    String app,
    String cluster,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean all,
    String reason,
    String requestedBy,
    Instant requestedAt)
    implements ControlEvent {
  public PauseRequested {
    ControlEvent.requireScope(app, cluster, all);
    Required.text(reason, "reason");
    Required.text(requestedBy, "requestedBy");
    Required.value(requestedAt, "requestedAt");
  }
}
