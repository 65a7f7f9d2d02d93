package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import io.flotilla.events.SyncCompleted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncServiceTest {
  private final FakeClusterClient cluster = new FakeClusterClient();
  private final AppStateStore state = new AppStateStore();
  private final SyncService syncs =
      new SyncService(
          name ->
              name.equals("prod-1")
                  ? new Clusters.Ready(cluster)
                  : new Clusters.Unavailable(
                      "cluster '" + name + "' is unavailable: no kubeconfig"),
          state,
          Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void shouldCreateEveryObjectInPlanOrderOnTheFirstSync() {
    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(done.resources())
        .extracting(ResourceResult::display, ResourceResult::outcome)
        .containsExactly(
            tuple("Namespace guestbook", Outcome.CREATED),
            tuple("ConfigMap guestbook/settings", Outcome.CREATED),
            tuple("Deployment guestbook/web", Outcome.CREATED),
            tuple("Service guestbook/web", Outcome.CREATED));
    assertThat(done.writes()).isEqualTo(4);
    assertThat(cluster.writes()).hasSize(4);
    assertThat(cluster.stored(new ObjectRef("apps/v1", "Deployment", "guestbook", "web")))
        .hasValueSatisfying(
            d ->
                assertThat(((Map<?, ?>) d.get("metadata")).get("labels"))
                    .asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.map(
                            String.class, Object.class))
                    .containsEntry("app.kubernetes.io/managed-by", "flotilla")
                    .containsEntry("flotilla.io/app", "guestbook"));
  }

  @Test
  void shouldSendNoWriteWhenTheSameBundleIsDeliveredAgain() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));
    cluster.clearCalls();

    SyncCompleted again = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));

    assertThat(again.writes()).isZero();
    assertThat(cluster.writes()).isEmpty();
    assertThat(again.resources())
        .extracting(ResourceResult::outcome)
        .containsOnly(Outcome.UNCHANGED);
    assertThat(again.status()).isEqualTo(SyncCompleted.Status.SYNCED);
  }

  @Test
  void shouldWriteOnlyTheObjectThatChanged() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));
    cluster.clearCalls();

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_2, 3));

    assertThat(cluster.writes()).containsExactly("apply Deployment guestbook/web");
    assertThat(done.writes()).isEqualTo(1);
    assertThat(done.resources())
        .filteredOn(r -> r.outcome() == Outcome.CONFIGURED)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.display()).isEqualTo("Deployment guestbook/web");
              assertThat(r.message()).isEqualTo("changed: spec.replicas");
            });
  }

  @Test
  void shouldReportAFailedObjectAndStillApplyTheOthers() {
    cluster.rejectApplyOf("settings", "HTTP 422: ConfigMap \"settings\" is invalid");

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.FAILED);
    assertThat(done.resources())
        .extracting(ResourceResult::name, ResourceResult::outcome, ResourceResult::message)
        .containsExactly(
            tuple("guestbook", Outcome.CREATED, ""),
            tuple("settings", Outcome.FAILED, "HTTP 422: ConfigMap \"settings\" is invalid"),
            tuple("web", Outcome.CREATED, ""),
            tuple("web", Outcome.CREATED, ""));
    assertThat(done.writes()).isEqualTo(4);
    assertThat(state.get("guestbook", "prod-1"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.syncState()).isEqualTo(SyncState.FAILED);
              assertThat(s.appliedRevision()).isNull();
              assertThat(s.lastError())
                  .isEqualTo(
                      "1 of 4 objects failed; ConfigMap guestbook/settings: HTTP 422: ConfigMap"
                          + " \"settings\" is invalid");
            });
  }

  @Test
  void shouldFailEveryObjectWithoutCallsWhenTheClusterIsUnavailable() {
    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-2", Bundles.REVISION_1, 2));

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.FAILED);
    assertThat(done.writes()).isZero();
    assertThat(done.resources())
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(r.message()).isEqualTo("cluster 'prod-2' is unavailable: no kubeconfig");
            });
    assertThat(cluster.calls()).isEmpty();
  }

  @Test
  void shouldRecordTheAppliedRevisionAfterASuccessfulSync() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));

    assertThat(state.get("guestbook", "prod-1"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.syncState()).isEqualTo(SyncState.SYNCED);
              assertThat(s.desiredRevision()).isEqualTo(Bundles.REVISION_1);
              assertThat(s.appliedRevision()).isEqualTo(Bundles.REVISION_1);
              assertThat(s.lastError()).isNull();
              assertThat(s.writes()).isEqualTo(4);
              assertThat(s.lastSyncFinished()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
            });
  }

  @Test
  void shouldRecordARenderFailureWithoutTouchingTheCluster() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));
    cluster.clearCalls();

    syncs.renderFailed(
        new RenderFailed(
            "guestbook",
            "prod-1",
            Bundles.REVISION_2,
            "guestbook/deployment.yaml",
            12,
            "malformed YAML",
            null));

    assertThat(cluster.calls()).isEmpty();
    assertThat(state.get("guestbook", "prod-1"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.syncState()).isEqualTo(SyncState.RENDER_FAILED);
              assertThat(s.desiredRevision()).isEqualTo(Bundles.REVISION_2);
              assertThat(s.appliedRevision()).isEqualTo(Bundles.REVISION_1);
              assertThat(s.lastError()).isEqualTo("guestbook/deployment.yaml:12: malformed YAML");
            });
  }

  @Test
  void shouldReadBeforeWritingAndNeverWriteUnchangedObjects() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));
    cluster.clearCalls();

    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2));

    assertThat(cluster.calls())
        .containsExactlyElementsOf(
            List.of(
                "get Namespace guestbook",
                "get ConfigMap guestbook/settings",
                "get Deployment guestbook/web",
                "get Service guestbook/web"));
  }
}
