package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.plan.PlanPolicy;
import io.flotilla.events.DesiredState;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import io.flotilla.events.SyncCompleted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncServiceTest {
  private static final SyncRequest AUTO = SyncRequest.automatic(false);
  private static final String INVENTORY = "ConfigMap guestbook/flotilla-inventory-guestbook";
  private final FakeClusterClient cluster = new FakeClusterClient();
  private PlanPolicy policy = PlanPolicy.NO_PRUNE;
  private final AppStateStore state = new AppStateStore();
  private final LiveIndex index = new LiveIndex();
  private final SyncService syncs =
      new SyncService(
          name ->
              name.equals("prod-1")
                  ? new Clusters.Ready(cluster)
                  : new Clusters.Unavailable(
                      "cluster '" + name + "' is unavailable: no kubeconfig"),
          state,
          Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC),
          app -> policy,
          new PreparedBundles(),
          index);

  @Test
  void shouldCreateEveryObjectInPlanOrderOnTheFirstSync() {
    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
    assertThat(done.resources())
        .extracting(ResourceResult::display, ResourceResult::outcome)
        .containsExactly(
            tuple("Namespace guestbook", Outcome.CREATED),
            tuple("ConfigMap guestbook/settings", Outcome.CREATED),
            tuple("Service guestbook/web", Outcome.CREATED),
            tuple("Deployment guestbook/web", Outcome.CREATED));
    assertThat(done.writes()).isEqualTo(5);
    assertThat(cluster.writes()).hasSize(5).endsWith("apply " + INVENTORY);
    assertThat(labelsOf(new ObjectRef("apps/v1", "Deployment", "guestbook", "web")))
        .containsEntry("app.kubernetes.io/managed-by", "flotilla")
        .containsEntry("flotilla.io/app", "guestbook");
  }

  @Test
  void shouldSendNoWriteWhenTheSameBundleIsDeliveredAgain() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    SyncCompleted again = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(again.writes()).isZero();
    assertThat(cluster.writes()).isEmpty();
    assertThat(again.resources())
        .extracting(ResourceResult::outcome)
        .containsOnly(Outcome.UNCHANGED);
    assertThat(again.status()).isEqualTo(SyncCompleted.Status.SYNCED);
  }

  @Test
  void shouldWriteOnlyTheObjectThatChanged() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_2, 3), AUTO);

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
  void shouldMarkEachObjectApplyingUntilItsApplyIsOverFailedOrNot() {
    cluster.rejectApplyOf("settings", "HTTP 422: ConfigMap \"settings\" is invalid");
    List<String> applyingAtApply = new ArrayList<>();
    cluster.beforeApply(
        ref -> applyingAtApply.add(ref.display() + " " + index.applying("prod-1", ref)));

    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(applyingAtApply)
        .containsExactly(
            "Namespace guestbook true",
            "ConfigMap guestbook/settings true",
            "Service guestbook/web true",
            "Deployment guestbook/web true",
            INVENTORY + " true");
    for (String object : List.of("settings", "flotilla-inventory-guestbook")) {
      ObjectRef ref = new ObjectRef("v1", "ConfigMap", "guestbook", object);
      assertThat(index.applying("prod-1", ref)).as(object).isFalse();
    }
    ObjectRef web = new ObjectRef("apps/v1", "Deployment", "guestbook", "web");
    assertThat(index.applying("prod-1", web)).isFalse();
    assertThat(index.applying("prod-2", web)).isFalse();
  }

  @Test
  void shouldReportAFailedObjectAndStillApplyTheOthers() {
    cluster.rejectApplyOf("settings", "HTTP 422: ConfigMap \"settings\" is invalid");

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.FAILED);
    assertThat(done.resources())
        .extracting(ResourceResult::name, ResourceResult::outcome, ResourceResult::message)
        .containsExactly(
            tuple("guestbook", Outcome.CREATED, ""),
            tuple("settings", Outcome.FAILED, "HTTP 422: ConfigMap \"settings\" is invalid"),
            tuple("web", Outcome.CREATED, ""),
            tuple("web", Outcome.CREATED, ""));
    assertThat(done.writes()).isEqualTo(5);
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
  void shouldNotApplyLaterWavesWhenAnObjectOfAnEarlierWaveFailed() {
    cluster.rejectApplyOf("schema", "HTTP 422: ConfigMap \"schema\" is invalid");
    List<Map<String, Object>> resources =
        List.of(
            inWave(0, Bundles.object("v1", "ConfigMap", "schema", "guestbook", Map.of())),
            inWave(0, Bundles.object("v1", "ConfigMap", "other", "guestbook", Map.of())),
            inWave(1, Bundles.object("v1", "ConfigMap", "migrate", "guestbook", Map.of())),
            inWave(2, Bundles.object("v1", "Service", "web", "guestbook", Map.of())));
    DesiredState desired =
        new DesiredState(
            "guestbook", "prod-1", Bundles.REVISION_1, "guestbook", resources, "h", null);

    SyncCompleted done = syncs.sync(desired, AUTO);

    assertThat(done.status()).isEqualTo(SyncCompleted.Status.FAILED);
    assertThat(done.resources())
        .extracting(ResourceResult::name, ResourceResult::outcome, ResourceResult::message)
        .containsExactly(
            tuple("other", Outcome.CREATED, ""),
            tuple("schema", Outcome.FAILED, "HTTP 422: ConfigMap \"schema\" is invalid"),
            tuple(
                "migrate",
                Outcome.FAILED,
                "not applied: sync wave 0 has a failed object (ConfigMap guestbook/schema);"
                    + " later waves wait until it succeeds"),
            tuple(
                "web",
                Outcome.FAILED,
                "not applied: sync wave 0 has a failed object (ConfigMap guestbook/schema);"
                    + " later waves wait until it succeeds"));
    assertThat(cluster.writes())
        .containsExactly(
            "apply ConfigMap guestbook/other",
            "apply ConfigMap guestbook/schema",
            "apply ConfigMap guestbook/flotilla-inventory-guestbook");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inWave(int wave, Map<String, Object> object) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(object);
    Map<String, Object> metadata =
        new java.util.LinkedHashMap<>((Map<String, Object>) object.get("metadata"));
    metadata.put("annotations", Map.of("flotilla.io/sync-wave", String.valueOf(wave)));
    copy.put("metadata", metadata);
    return copy;
  }

  @Test
  void shouldFailEveryObjectWithoutCallsWhenTheClusterIsUnavailable() {
    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-2", Bundles.REVISION_1, 2), AUTO);

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
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(state.get("guestbook", "prod-1"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.syncState()).isEqualTo(SyncState.SYNCED);
              assertThat(s.desiredRevision()).isEqualTo(Bundles.REVISION_1);
              assertThat(s.appliedRevision()).isEqualTo(Bundles.REVISION_1);
              assertThat(s.lastError()).isNull();
              assertThat(s.writes()).isEqualTo(5);
              assertThat(s.lastSyncFinished()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
            });
  }

  @Test
  void shouldRecordARenderFailureWithoutTouchingTheCluster() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
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

  /** The drift watches opened and listed these kinds on prod-1, and found none of Flotilla's. */
  private void watchedAndEmpty(String... kinds) {
    for (String kind : kinds) {
      String apiVersion = kind.equals("Deployment") ? "apps/v1" : "v1";
      index.opened("prod-1", apiVersion, kind).listed(List.of());
    }
  }

  @Test
  void shouldNotReadObjectsTheIndexKnowsAbsentTheInventoryIncluded() {
    watchedAndEmpty("Namespace", "ConfigMap", "Service", "Deployment");

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(cluster.calls()).allMatch(c -> c.startsWith("apply "));
    assertThat(done.resources()).extracting(ResourceResult::outcome).containsOnly(Outcome.CREATED);
    assertThat(done.writes()).isEqualTo(5);
  }

  @Test
  void shouldSayAnObjectTheIndexDidNotKnowExistedAndApplyOverIt() {
    // made by hand, not labelled as Flotilla's: the watches do not see it
    cluster.put(Bundles.object("v1", "Service", "web", "guestbook", Map.of("spec", Map.of())));
    watchedAndEmpty("Namespace", "ConfigMap", "Service", "Deployment");

    SyncCompleted done = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(done.resources())
        .filteredOn(r -> r.kind().equals("Service"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(Outcome.CONFIGURED);
              assertThat(r.message()).isEqualTo(SyncExecutor.EXISTED);
            });
    assertThat(labelsOf(new ObjectRef("v1", "Service", "guestbook", "web")))
        .containsEntry("app.kubernetes.io/managed-by", "flotilla");
  }

  /** The labels of a stored object; fails when the cluster does not hold it. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> labelsOf(ObjectRef ref) {
    Map<String, Object> stored = cluster.stored(ref).orElseThrow();
    return (Map<String, Object>) ((Map<?, ?>) stored.get("metadata")).get("labels");
  }

  @Test
  void shouldReadWhatItWroteItselfEvenBeforeTheWatchReportsIt() {
    watchedAndEmpty("Namespace", "ConfigMap", "Service", "Deployment");
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    SyncCompleted again = syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(cluster.writes()).isEmpty();
    assertThat(again.resources())
        .extracting(ResourceResult::outcome)
        .containsOnly(Outcome.UNCHANGED);
  }

  @Test
  void shouldReadAgainOnceTheWatchOfAKindClosed() {
    index.opened("prod-1", "apps/v1", "Deployment").listed(List.of());
    LiveIndex.View services = index.opened("prod-1", "v1", "Service");
    services.listed(List.of());
    index.closed("prod-1", "v1", "Service", services);

    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(cluster.calls())
        .contains("list Service in guestbook")
        .doesNotContain("list Deployment in guestbook");
  }

  @Test
  void shouldReadWithOneListPerKindAndNamespaceAndNeverWriteUnchangedObjects() {
    // other apps' Namespaces: a list of Namespaces would carry them all, so the app's is read by
    // name
    for (int i = 0; i < 3; i++) {
      cluster.put(Bundles.object("v1", "Namespace", "other-" + i, null, Map.of()));
    }
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);

    assertThat(cluster.calls())
        .containsExactlyElementsOf(
            List.of(
                "get Namespace guestbook",
                "list ConfigMap in guestbook",
                "list Deployment in guestbook",
                "list Service in guestbook"));
  }

  @Test
  void shouldPruneWhatTheInventoryListsAndTheBundleNoLongerDeclares() {
    policy = new PlanPolicy(true, false);
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    // someone else's object with the app's labels: not in the inventory, never pruned
    cluster.put(
        Bundles.object(
            "v1",
            "ConfigMap",
            "foreign",
            "guestbook",
            Map.of(
                "metadata",
                Map.of(
                    "name",
                    "foreign",
                    "namespace",
                    "guestbook",
                    "labels",
                    Map.of("flotilla.io/app", "guestbook")))));
    cluster.clearCalls();

    SyncCompleted done = syncs.sync(withoutService(Bundles.REVISION_2), AUTO);

    assertThat(done.resources())
        .filteredOn(r -> r.outcome() == Outcome.PRUNED)
        .extracting(ResourceResult::display)
        .containsExactly("Service guestbook/web");
    assertThat(cluster.writes())
        .containsExactly("delete Service guestbook/web", "apply " + INVENTORY);
    assertThat(cluster.stored(new ObjectRef("v1", "ConfigMap", "guestbook", "foreign")))
        .isPresent();
    assertThat(done.status()).isEqualTo(SyncCompleted.Status.SYNCED);
  }

  @Test
  void shouldRetainWhatIsNoLongerDeclaredWhenPruneIsOff() {
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    SyncCompleted done = syncs.sync(withoutService(Bundles.REVISION_2), AUTO);

    assertThat(done.resources())
        .filteredOn(r -> r.outcome() == Outcome.RETAINED)
        .extracting(ResourceResult::display, ResourceResult::message)
        .containsExactly(
            tuple(
                "Service guestbook/web",
                "no longer declared; not pruned: syncPolicy.prune is false"));
    assertThat(cluster.writes()).isEmpty();

    SyncCompleted requested =
        syncs.sync(withoutService(Bundles.REVISION_2), new SyncRequest(true, false, "test"));
    assertThat(requested.resources())
        .filteredOn(r -> r.outcome() == Outcome.PRUNED)
        .extracting(ResourceResult::display)
        .containsExactly("Service guestbook/web");
  }

  @Test
  void shouldPruneNothingWhenTheRenderIsEmptyUnlessAllowEmpty() {
    policy = new PlanPolicy(true, false);
    syncs.sync(Bundles.guestbook("prod-1", Bundles.REVISION_1, 2), AUTO);
    cluster.clearCalls();

    SyncCompleted blocked = syncs.sync(empty(Bundles.REVISION_2), AUTO);
    assertThat(blocked.resources())
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.RETAINED))
        .allSatisfy(r -> assertThat(r.message()).contains("allowEmpty is false"));
    assertThat(cluster.writes()).isEmpty();

    policy = new PlanPolicy(true, true);
    SyncCompleted allowed = syncs.sync(empty(Bundles.REVISION_2), AUTO);
    assertThat(allowed.resources())
        .extracting(ResourceResult::display)
        .as("prunes in reverse apply order")
        .containsExactly(
            "Deployment guestbook/web",
            "Service guestbook/web",
            "ConfigMap guestbook/settings",
            "Namespace guestbook");
    assertThat(allowed.resources())
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.PRUNED));
  }

  private static DesiredState withoutService(String revision) {
    DesiredState full = Bundles.guestbook("prod-1", revision, 2);
    return new DesiredState(
        full.app(),
        full.cluster(),
        revision,
        full.namespace(),
        full.resources().subList(0, 3),
        "b".repeat(64),
        full.author());
  }

  private static DesiredState empty(String revision) {
    DesiredState full = Bundles.guestbook("prod-1", revision, 2);
    return new DesiredState(
        full.app(), full.cluster(), revision, full.namespace(), List.of(), "c".repeat(64), null);
  }
}
