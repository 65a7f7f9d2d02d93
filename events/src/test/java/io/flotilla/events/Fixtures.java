package io.flotilla.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Java form of each golden file under {@code src/test/resources/golden/}. */
final class Fixtures {
  static final String SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8";
  static final String HASH = "5d41402abc4b2a76b9719d911017c592ae0f7f0f1a3c2b9e8d7c6b5a49382716";
  static final Person ALICE = new Person("Alice Example", "alice@example.com");

  private Fixtures() {}

  static CloudEvent<?> golden(EventType type) {
    return switch (type) {
      case COMMIT_DETECTED ->
          new CloudEvent<>(
              "6f1c2a0e-0d7b-4a51-9a55-2f7f0c9b1d01",
              "/flotilla/git-watcher/host-1",
              type.type(),
              "guestbook",
              Instant.parse("2026-11-26T10:15:30.123Z"),
              new CommitDetected(
                  "guestbook",
                  "file:///srv/git/apps.git",
                  "main",
                  SHA,
                  "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                  ALICE,
                  new Person("Bob Example", "bob@example.com"),
                  "guestbook: scale to 3 replicas\n",
                  Instant.parse("2026-11-26T10:15:00Z"),
                  false,
                  new Signature(
                      Signature.Status.VALID,
                      "3AA5C34371567BD2C5F3F1A8B3D1E2F4A5B6C7D8",
                      "Alice Example <alice@example.com>",
                      true),
                  null));
      case WATCH_FAILED ->
          new CloudEvent<>(
              "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05",
              "/flotilla/git-watcher/host-1",
              type.type(),
              "guestbook",
              Instant.parse("2026-11-26T10:20:00.250Z"),
              new WatchFailed(
                  "guestbook",
                  "https://***@git.example.com/apps.git",
                  "~1.4",
                  "no tag satisfies semver range '~1.4'",
                  Instant.parse("2026-11-26T10:20:00.200Z")));
      case DESIRED_STATE ->
          new CloudEvent<>(
              "0b7e5a52-1f0c-4a8e-8d38-3e0f5f0a7c02",
              "/flotilla/renderer/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T10:15:31.456Z"),
              new DesiredState(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  "guestbook",
                  List.of(
                      Map.of(
                          "apiVersion",
                          "v1",
                          "kind",
                          "Namespace",
                          "metadata",
                          Map.of("name", "guestbook")),
                      Map.of(
                          "apiVersion",
                          "v1",
                          "kind",
                          "ConfigMap",
                          "metadata",
                          Map.of("name", "guestbook-config", "namespace", "guestbook"),
                          "data",
                          Map.of("GREETING", "hello"))),
                  HASH,
                  ALICE,
                  List.of(
                      "policy 'replicas-in-prod' (warn): Deployment 'frontend' in namespace"
                          + " 'guestbook': prod Deployments should run 2 replicas or more"),
                  "6c1d0e8a-2f4b-4c3e-9a7d-5b8e1f2a3c4d"));
      case RENDER_FAILED ->
          new CloudEvent<>(
              "c3d9f1e4-7a2b-4c6d-9e8f-0a1b2c3d4e03",
              "/flotilla/renderer/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T10:15:31.500Z"),
              new RenderFailed(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  "guestbook/deployment.yaml",
                  12,
                  "malformed YAML: mapping values are not allowed here",
                  ALICE));
      case FLEET_CHANGED ->
          new CloudEvent<>(
              "3c9d1e2f-4a5b-4c6d-8e7f-9a0b1c2d3e06",
              "/flotilla/git-watcher/host-1",
              type.type(),
              "fleet",
              Instant.parse("2026-11-26T10:30:00.500Z"),
              new FleetChanged(
                  "file:///srv/git/fleet.git",
                  "main",
                  "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                  SHA,
                  List.of("payments"),
                  List.of("guestbook"),
                  List.of(),
                  List.of("prod-us-2"),
                  List.of(),
                  List.of("staging-old"),
                  false,
                  ALICE,
                  "fleet: add payments and prod-us-2\n",
                  Instant.parse("2026-11-26T10:30:00.400Z")));
      case FLEET_REJECTED ->
          new CloudEvent<>(
              "4daf2e3a-5b6c-4d7e-9f8a-0b1c2d3e4f11",
              "/flotilla/git-watcher/host-1",
              type.type(),
              "fleet",
              Instant.parse("2026-11-26T10:35:00.500Z"),
              new FleetRejected(
                  "file:///srv/git/fleet.git",
                  "main",
                  "b2c3d4e5f60718293a4b5c6d7e8f90123456789a",
                  SHA,
                  List.of(
                      new FleetRejected.Problem(
                          "apps/payments.yaml",
                          "spec.source.refType",
                          "must be branch, tag, semver or commit, got 'brnach'")),
                  ALICE,
                  "add payments\n",
                  Instant.parse("2026-11-26T10:35:00.400Z")));
      case PAUSE_REQUESTED ->
          new CloudEvent<>(
              "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f07",
              "/flotilla/applier/host-1",
              type.type(),
              "*/prod-eu-1",
              Instant.parse("2026-11-26T10:40:00.100Z"),
              new PauseRequested(
                  null,
                  "prod-eu-1",
                  false,
                  "load balancer errors in prod-eu-1, investigating",
                  "alice",
                  Instant.parse("2026-11-26T10:40:00Z")));
      case RESUME_REQUESTED ->
          new CloudEvent<>(
              "8e9f0a1b-2c3d-4e4f-9a5b-6c7d8e9f0a08",
              "/flotilla/applier/host-1",
              type.type(),
              "*",
              Instant.parse("2026-11-26T10:50:00.100Z"),
              new ResumeRequested(
                  null,
                  null,
                  true,
                  "incident closed",
                  "alice",
                  Instant.parse("2026-11-26T10:50:00Z")));
      case SYNC_REQUESTED ->
          new CloudEvent<>(
              "9f0a1b2c-3d4e-4f5a-8b6c-7d8e9f0a1b09",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T11:00:00.100Z"),
              new SyncRequested(
                  "guestbook",
                  "prod-eu-1",
                  true,
                  false,
                  "re-apply after manual cleanup",
                  "bob",
                  Instant.parse("2026-11-26T11:00:00Z")));
      case ROLLBACK_REQUESTED ->
          new CloudEvent<>(
              "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c10",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T11:10:00.100Z"),
              new RollbackRequested(
                  "guestbook",
                  "prod-eu-1",
                  "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                  true,
                  "Deployment guestbook/guestbook Degraded 2m after sync of 9fceb02",
                  "flotilla/applier",
                  Instant.parse("2026-11-26T11:10:00Z")));
      case ACCESS_DENIED ->
          new CloudEvent<>(
              "4b5c6d7e-8f90-4a1b-9c2d-3e4f5a6b7c11",
              "/flotilla/applier/host-1",
              type.type(),
              "*",
              Instant.parse("2026-11-26T11:20:00.200Z"),
              new AccessDenied(
                  "applier",
                  "POST",
                  "/api/v1/control/pause",
                  "10.1.2.3",
                  AccessDenied.UNKNOWN_TOKEN,
                  Instant.parse("2026-11-26T11:20:00.150Z"),
                  3));
      case DRIFT_DETECTED ->
          new CloudEvent<>(
              "c8d9e0f1-2a3b-4c4d-9e5f-6a7b8c9d0e07",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T11:00:00.500Z"),
              new DriftDetected(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  List.of(
                      new DriftDetected.DriftedObject(
                          "apps/v1",
                          "Deployment",
                          "guestbook",
                          "guestbook",
                          false,
                          List.of(new DriftDetected.FieldDrift("spec.replicas", "3", "1"))),
                      new DriftDetected.DriftedObject(
                          "v1",
                          "Secret",
                          "guestbook",
                          "db",
                          false,
                          List.of(
                              new DriftDetected.FieldDrift(
                                  "data.password", "(redacted)", "(redacted)"))),
                      new DriftDetected.DriftedObject(
                          "v1", "ConfigMap", "guestbook", "guestbook-config", true, List.of())),
                  true,
                  Instant.parse("2026-11-26T11:00:00.400Z")));
      case DRIFT_CORRECTED ->
          new CloudEvent<>(
              "d9e0f1a2-3b4c-4d5e-8f6a-7b8c9d0e1f08",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T11:00:01.200Z"),
              new DriftCorrected(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  List.of(
                      "Deployment guestbook/guestbook",
                      "Secret guestbook/db",
                      "ConfigMap guestbook/guestbook-config"),
                  3,
                  SyncCompleted.Status.SYNCED,
                  Instant.parse("2026-11-26T11:00:01.100Z")));
      case HEALTH_CHANGED ->
          new CloudEvent<>(
              "b7c8d9e0-1f2a-4b3c-8d4e-5f6a7b8c9d06",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T10:17:32.800Z"),
              new HealthChanged(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  HealthChanged.Status.DEGRADED,
                  HealthChanged.Status.PROGRESSING,
                  "Deployment guestbook/guestbook: rollout exceeded its progress deadline"
                      + " (ProgressDeadlineExceeded)",
                  true,
                  Instant.parse("2026-11-26T10:17:32.700Z")));
      case SYNC_COMPLETED ->
          new CloudEvent<>(
              "e5f6a7b8-9c0d-4e1f-8a2b-3c4d5e6f7a04",
              "/flotilla/applier/host-1",
              type.type(),
              "guestbook/prod-eu-1",
              Instant.parse("2026-11-26T10:15:32.789Z"),
              new SyncCompleted(
                  "guestbook",
                  "prod-eu-1",
                  SHA,
                  HASH,
                  SyncCompleted.Status.FAILED,
                  List.of(
                      new ResourceResult(
                          "v1",
                          "Namespace",
                          null,
                          "guestbook",
                          ResourceResult.Outcome.UNCHANGED,
                          ""),
                      new ResourceResult(
                          "v1",
                          "ConfigMap",
                          "guestbook",
                          "guestbook-config",
                          ResourceResult.Outcome.CONFIGURED,
                          ""),
                      new ResourceResult(
                          "apps/v1",
                          "Deployment",
                          "guestbook",
                          "guestbook",
                          ResourceResult.Outcome.FAILED,
                          "the server rejected the object: 422 Unprocessable Entity")),
                  2,
                  Instant.parse("2026-11-26T10:15:32.100Z"),
                  Instant.parse("2026-11-26T10:15:32.700Z"),
                  ALICE));
    };
  }
}
