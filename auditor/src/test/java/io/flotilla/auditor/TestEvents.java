package io.flotilla.auditor;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.Person;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.SyncCompleted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Flotilla events as the other services publish them, for one app. */
public final class TestEvents {
  public static final EventCodec CODEC = new EventCodec();
  public static final Person ALICE = new Person("Alice Example", "alice@example.com");
  public static final Instant T0 = Instant.parse("2026-11-26T10:15:30.123Z");

  private TestEvents() {}

  public static String sha() {
    return UUID.randomUUID().toString().replace("-", "") + "00000000";
  }

  public static CloudEvent<CommitDetected> commit(String app, String sha) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "/flotilla/git-watcher/test",
        "io.flotilla.commit.detected.v1",
        app,
        T0,
        new CommitDetected(
            app,
            "file:///srv/git/apps.git",
            "main",
            sha,
            null,
            ALICE,
            new Person("Bob Example", "bob@example.com"),
            "scale to 3 replicas\n",
            T0.minusSeconds(30)));
  }

  public static CloudEvent<DesiredState> desired(
      String app, String cluster, String sha, Person author) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "/flotilla/renderer/test",
        "io.flotilla.desiredstate.rendered.v1",
        app + "/" + cluster,
        T0.plusSeconds(1),
        new DesiredState(
            app,
            cluster,
            sha,
            app,
            List.of(
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "ConfigMap",
                    "metadata",
                    Map.of("name", app + "-config", "namespace", app))),
            "ab".repeat(32),
            author));
  }

  /** A desired state holding {@code resources}, by Alice. */
  public static CloudEvent<DesiredState> desiredWith(
      String app, String cluster, String sha, List<Map<String, Object>> resources) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "/flotilla/renderer/test",
        "io.flotilla.desiredstate.rendered.v1",
        app + "/" + cluster,
        T0.plusSeconds(1),
        new DesiredState(app, cluster, sha, app, resources, "ab".repeat(32), ALICE));
  }

  public static CloudEvent<SyncCompleted> synced(String app, String cluster, String sha) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "/flotilla/applier/test",
        "io.flotilla.sync.completed.v1",
        app + "/" + cluster,
        T0.plusSeconds(2),
        new SyncCompleted(
            app,
            cluster,
            sha,
            "ab".repeat(32),
            SyncCompleted.Status.SYNCED,
            List.of(
                new ResourceResult(
                    "v1", "ConfigMap", app, app + "-config", ResourceResult.Outcome.CREATED, "")),
            1,
            T0.plusSeconds(1),
            T0.plusSeconds(2),
            ALICE));
  }
}
