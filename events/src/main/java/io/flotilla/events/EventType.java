package io.flotilla.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type Flotilla publishes: its CloudEvents {@code type}, its record class and its
 * topic. The type string carries the version; a breaking change gets a new constant.
 */
public enum EventType {
  COMMIT_DETECTED("io.flotilla.commit.detected.v1", CommitDetected.class, Topics.COMMITS),
  WATCH_FAILED("io.flotilla.watch.failed.v1", WatchFailed.class, Topics.COMMITS),
  DESIRED_STATE("io.flotilla.desiredstate.rendered.v1", DesiredState.class, Topics.DESIRED),
  RENDER_FAILED("io.flotilla.render.failed.v1", RenderFailed.class, Topics.DESIRED),
  FLEET_CHANGED("io.flotilla.fleet.changed.v1", FleetChanged.class, Topics.COMMITS),
  FLEET_REJECTED("io.flotilla.fleet.rejected.v1", FleetRejected.class, Topics.COMMITS),
  SYNC_COMPLETED("io.flotilla.sync.completed.v1", SyncCompleted.class, Topics.SYNC_RESULTS),
  HEALTH_CHANGED("io.flotilla.health.changed.v1", HealthChanged.class, Topics.SYNC_RESULTS),
  DRIFT_DETECTED("io.flotilla.drift.detected.v1", DriftDetected.class, Topics.DRIFT),
  DRIFT_CORRECTED("io.flotilla.drift.corrected.v1", DriftCorrected.class, Topics.DRIFT),
  PAUSE_REQUESTED("io.flotilla.pause.requested.v1", PauseRequested.class, Topics.CONTROL),
  RESUME_REQUESTED("io.flotilla.resume.requested.v1", ResumeRequested.class, Topics.CONTROL),
  SYNC_REQUESTED("io.flotilla.sync.requested.v1", SyncRequested.class, Topics.CONTROL),
  ROLLBACK_REQUESTED("io.flotilla.rollback.requested.v1", RollbackRequested.class, Topics.CONTROL),
  ACCESS_DENIED("io.flotilla.access.denied.v1", AccessDenied.class, Topics.CONTROL);

  private final String type;
  private final Class<? extends FlotillaEvent> recordClass;
  private final String topic;

  EventType(String type, Class<? extends FlotillaEvent> recordClass, String topic) {
    this.type = type;
    this.recordClass = recordClass;
    this.topic = topic;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code io.flotilla.commit.detected.v1}. */
  public String type() {
    return type;
  }

  public Class<? extends FlotillaEvent> recordClass() {
    return recordClass;
  }

  /** The topic events of this type are published to. */
  public String topic() {
    return topic;
  }

  public static Optional<EventType> ofType(String type) {
    return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
  }

  public static EventType of(FlotillaEvent event) {
    return Arrays.stream(values())
        .filter(t -> t.recordClass.equals(event.getClass()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no event type for " + event.getClass()));
  }
}
