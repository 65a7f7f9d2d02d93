package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.LabelSelector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderServiceTest {
  private static final String REPO = "file:///srv/git/apps.git";
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private static final Person ALICE = new Person("Alice", "alice@example.com");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final String DEPLOYMENT =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend}\n";

  private final Fleet fleet =
      Fleet.of(
          "fleet-rev",
          Map.of(
              "sim-1", cluster("sim-1", "staging"),
              "sim-2", cluster("sim-2", "prod"),
              "sim-3", cluster("sim-3", "prod")),
          Map.of(
              "guestbook", app("guestbook", "prod", "guestbook"),
              "nowhere", app("nowhere", "dev", "nowhere")));
  private final MapRepos source = new MapRepos();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RenderService service = serviceOn(() -> fleet);

  private RenderService serviceOn(FleetView view) {
    return new RenderService(
        view,
        source,
        publisher,
        new RendererMetrics(registry),
        CLOCK,
        new RenderSettings("/flotilla/renderer/test", 1_048_576),
        new NoTools(),
        new NoTools());
  }

  @Test
  void shouldPublishOneDesiredStatePerTargetClusterOnly() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT));

    Outcome outcome = service.handle(commit("guestbook"));

    assertThat(publisher.published).hasSize(2);
    assertThat(publisher.published)
        .extracting(CloudEvent::key)
        .containsExactly("sim-2/guestbook", "sim-3/guestbook");
    assertThat(publisher.published)
        .allSatisfy(
            e -> {
              assertThat(e.source()).isEqualTo("/flotilla/renderer/test");
              assertThat(e.time()).isEqualTo(CLOCK.instant());
              DesiredState d = (DesiredState) e.data();
              assertThat(d.revision()).isEqualTo(SHA);
              assertThat(d.namespace()).isEqualTo("guestbook");
              assertThat(d.author()).isEqualTo(ALICE);
              assertThat(d.resources())
                  .containsExactly(
                      Map.of(
                          "apiVersion",
                          "apps/v1",
                          "kind",
                          "Deployment",
                          "metadata",
                          Map.of(
                              "name",
                              "frontend",
                              "namespace",
                              "guestbook",
                              "labels",
                              Map.of(
                                  "app.kubernetes.io/managed-by",
                                  "flotilla",
                                  "flotilla.io/app",
                                  "guestbook"))));
            });
    assertThat(source.requests).containsExactly(REPO + " " + SHA);
    assertThat(outcome).isEqualTo(new Outcome.Published(publisher.published));
    assertThat(
            registry
                .counter(
                    "flotilla.events.produced",
                    "topic",
                    "flotilla.desired",
                    "type",
                    "io.flotilla.desiredstate.rendered.v1")
                .count())
        .isEqualTo(2);
    assertThat(registry.timer("flotilla.processing").count()).isEqualTo(1);
  }

  @Test
  void shouldApplyTheFirstMatchingOverrideAndRenderEachVariantOnce() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT + "spec: {replicas: 1}\n"));
    Application plain = app("guestbook", "prod", "guestbook");
    Application withOverrides =
        new Application(
            plain.name(),
            plain.repoUrl(),
            plain.ref(),
            plain.refType(),
            plain.path(),
            plain.sourceType(),
            plain.namespace(),
            new LabelSelector(Map.of(), List.of()),
            plain.syncPolicy(),
            null,
            null,
            List.of(
                new Application.Override(
                    new LabelSelector(Map.of("env", "prod"), List.of()),
                    Map.of(),
                    null,
                    List.of(
                        new Application.Patch(
                            "Deployment", "frontend", Map.of("spec", Map.of("replicas", 3))))),
                new Application.Override(
                    new LabelSelector(Map.of(), List.of()),
                    Map.of(),
                    null,
                    List.of(
                        new Application.Patch(
                            "Deployment", null, Map.of("spec", Map.of("replicas", 9)))))),
            null,
            null);
    Fleet fleet3 =
        Fleet.of(
            "fleet-rev",
            Map.of(
                "sim-1", cluster("sim-1", "staging"),
                "sim-2", cluster("sim-2", "prod"),
                "sim-3", cluster("sim-3", "prod")),
            Map.of("guestbook", withOverrides));
    RenderService three = serviceOn(() -> fleet3);

    three.handle(commit("guestbook"));

    Map<String, Object> replicas = new java.util.TreeMap<>();
    Map<String, String> hashes = new java.util.TreeMap<>();
    for (CloudEvent<DesiredEvent> e : publisher.published) {
      DesiredState d = (DesiredState) e.data();
      replicas.put(d.cluster(), ((Map<?, ?>) d.resources().get(0).get("spec")).get("replicas"));
      hashes.put(d.cluster(), d.bundleHash());
    }
    // prod clusters match the first override, staging the catch-all second one
    assertThat(replicas)
        .containsExactly(Map.entry("sim-1", 9), Map.entry("sim-2", 3), Map.entry("sim-3", 3));
    assertThat(hashes.get("sim-2"))
        .isEqualTo(hashes.get("sim-3"))
        .isNotEqualTo(hashes.get("sim-1"));
    // two variants, two renders (each opens the commit once)
    assertThat(source.requests).hasSize(2);
  }

  @Test
  void shouldDenyByPolicyPerClusterBeforeEmittingAndCarryWarnings() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT + "spec: {replicas: 1}\n"));
    LabelSelector any = new LabelSelector(Map.of(), List.of());
    Fleet withPolicies =
        Fleet.of(
            "fleet-rev-2",
            Map.of("sim-1", cluster("sim-1", "staging"), "sim-2", cluster("sim-2", "prod")),
            Map.of(
                "guestbook",
                new Application(
                    "guestbook",
                    REPO,
                    "main",
                    Application.RefType.BRANCH,
                    "guestbook",
                    "yaml",
                    "guestbook",
                    any,
                    Application.SyncPolicy.DEFAULT)),
            Map.of(
                "prod-replicas",
                new io.flotilla.fleet.Policy(
                    "prod-replicas",
                    "policies/prod-replicas.yaml",
                    List.of("Deployment"),
                    List.of(),
                    new LabelSelector(Map.of("env", "prod"), List.of()),
                    "object.spec.replicas >= 2",
                    "prod clusters need replicas >= 2",
                    io.flotilla.fleet.Policy.Action.DENY),
                "team-label",
                new io.flotilla.fleet.Policy(
                    "team-label",
                    "policies/team-label.yaml",
                    List.of(),
                    List.of(),
                    any,
                    "has(object.metadata.labels) && 'team' in object.metadata.labels",
                    "objects should carry a team label",
                    io.flotilla.fleet.Policy.Action.WARN)),
            Map.of());
    RenderService service = serviceOn(() -> withPolicies);

    service.handle(commit("guestbook"));

    assertThat(publisher.published)
        .extracting(CloudEvent::key)
        .containsExactly("sim-1/guestbook", "sim-2/guestbook");
    DesiredState staging = (DesiredState) publisher.published.get(0).data();
    assertThat(staging.warnings())
        .containsExactly(
            "policy 'team-label' (warn): Deployment 'frontend' in namespace 'guestbook': objects"
                + " should carry a team label");
    RenderFailed prod = (RenderFailed) publisher.published.get(1).data();
    assertThat(prod.reason())
        .contains(
            "denied by policy: nothing is applied to cluster sim-2; 1 violation(s): policy"
                + " 'prod-replicas' (deny): Deployment 'frontend' in namespace 'guestbook': prod"
                + " clusters need replicas >= 2");
  }

  @Test
  void shouldServeACommitThatDoesNotTouchTheAppsInputsFromTheRenderCache() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT, "other/x.yaml", DEPLOYMENT));
    service.handle(commit("guestbook"));
    assertThat(service.cache().misses()).isEqualTo(1);

    source.put("other/x.yaml", DEPLOYMENT + "spec: {replicas: 4}\n");
    service.handle(commit("guestbook"));
    assertThat(service.cache().hits()).isEqualTo(1);

    source.put("guestbook/deploy.yaml", DEPLOYMENT + "spec: {replicas: 4}\n");
    service.handle(commit("guestbook"));
    assertThat(service.cache().misses()).isEqualTo(2);
    assertThat(publisher.published).hasSize(6);
    assertThat(((DesiredState) publisher.published.get(0).data()).bundleHash())
        .isEqualTo(((DesiredState) publisher.published.get(2).data()).bundleHash())
        .isNotEqualTo(((DesiredState) publisher.published.get(4).data()).bundleHash());
  }

  @Test
  void shouldPublishRenderFailedPerClusterWhenTheCommitCannotBeRead() {
    source.failure =
        new SourceRepos.Unavailable("commit " + SHA + " does not exist in " + REPO, null);

    service.handle(commit("guestbook"));

    assertThat(publisher.published)
        .extracting(e -> (RenderFailed) e.data())
        .containsExactly(
            new RenderFailed(
                "guestbook",
                "sim-2",
                SHA,
                null,
                null,
                "commit " + SHA + " does not exist in " + REPO,
                ALICE),
            new RenderFailed(
                "guestbook",
                "sim-3",
                SHA,
                null,
                null,
                "commit " + SHA + " does not exist in " + REPO,
                ALICE));
    assertThat(registry.counter("flotilla.render.failures").count()).isEqualTo(1);
  }

  @Test
  void shouldPublishRenderFailedNamingFileAndLineForABrokenManifest() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT + "spec: [\n"));

    service.handle(commit("guestbook"));

    assertThat(publisher.published)
        .hasSize(2)
        .allSatisfy(
            e -> {
              RenderFailed f = (RenderFailed) e.data();
              assertThat(f.file()).isEqualTo("guestbook/deploy.yaml");
              assertThat(f.line()).isEqualTo(5);
            });
  }

  @Test
  void shouldIgnoreACommitOfAnAppNotInTheFleet() {
    Outcome outcome = service.handle(commit("unknown"));

    assertThat(outcome).isEqualTo(new Outcome.Ignored("unknown app"));
    assertThat(publisher.published).isEmpty();
    assertThat(source.requests).isEmpty();
  }

  @Test
  void shouldEmitNothingForAnAppWithoutTargetClusters() {
    Outcome outcome = service.handle(commit("nowhere"));

    assertThat(outcome).isEqualTo(new Outcome.Ignored("no target cluster"));
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldIgnoreEventsThatAreNotCommits() {
    var desired = new DesiredState("guestbook", "sim-2", SHA, null, List.of(), "h", ALICE);

    Outcome outcome = service.handle(CloudEvent.of(desired, "/flotilla/test/x", CLOCK));

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldReadTheFleetAgainWhenItMovedAndOnlyThen() {
    java.util.concurrent.atomic.AtomicInteger refreshes =
        new java.util.concurrent.atomic.AtomicInteger();
    RenderService counting =
        serviceOn(
            new FleetView() {
              @Override
              public Fleet current() {
                return fleet;
              }

              @Override
              public Fleet refresh() {
                refreshes.incrementAndGet();
                return fleet;
              }
            });

    assertThat(counting.handle(fleetChanged("fleet-rev-2")))
        .isEqualTo(new Outcome.Ignored("fleet changed"));
    assertThat(refreshes).hasValue(1);
    // the revision in force already: nothing to read
    counting.handle(fleetChanged("fleet-rev"));
    assertThat(refreshes).hasValue(1);
    assertThat(publisher.published).isEmpty();
  }

  private static CloudEvent<io.flotilla.events.FleetChanged> fleetChanged(String revision) {
    return CloudEvent.of(
        new io.flotilla.events.FleetChanged(
            "file:///srv/git/fleet.git",
            "main",
            "fleet-rev",
            revision,
            List.of("api"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            false,
            ALICE,
            "fleet: api",
            CLOCK.instant(),
            List.of()),
        "/flotilla/git-watcher/test",
        CLOCK);
  }

  @Test
  void shouldFailTheCommitWhenPublishingFails() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT));
    publisher.failure = new IllegalStateException("broker gone");

    assertThatThrownBy(() -> service.handle(commit("guestbook"))).hasMessage("broker gone");
    assertThat(registry.find("flotilla.events.produced").counters()).isEmpty();
  }

  private static CloudEvent<CommitDetected> commit(String app) {
    return CloudEvent.of(
        new CommitDetected(app, REPO, "main", SHA, null, ALICE, ALICE, "change", CLOCK.instant()),
        "/flotilla/git-watcher/test",
        CLOCK);
  }

  @Test
  void shouldIgnoreWatchFailedAndPublishNothing() {
    source.replace(Map.of("guestbook/deploy.yaml", DEPLOYMENT));
    var failed =
        CloudEvent.of(
            new io.flotilla.events.WatchFailed(
                "guestbook", REPO, "main", "branch 'main' does not exist", CLOCK.instant()),
            "/flotilla/git-watcher/test",
            CLOCK);

    Outcome outcome = service.handle(failed);

    assertThat(outcome).isEqualTo(new Outcome.Ignored("watch failed"));
    assertThat(publisher.published).isEmpty();
  }

  private static Cluster cluster(String name, String env) {
    return new Cluster(name, Map.of("env", env), name + ".kubeconfig", null);
  }

  private static Application app(String name, String env, String path) {
    return new Application(
        name,
        REPO,
        "main",
        Application.RefType.BRANCH,
        path,
        "yaml",
        name,
        new LabelSelector(Map.of("env", env), List.of()),
        Application.SyncPolicy.DEFAULT);
  }

  private static final class RecordingPublisher implements DesiredPublisher {
    final List<CloudEvent<DesiredEvent>> published = new ArrayList<>();
    RuntimeException failure;

    @Override
    public void publish(List<CloudEvent<DesiredEvent>> events) {
      if (failure != null) {
        throw failure;
      }
      published.addAll(events);
    }
  }
}
