package io.flotilla.applier.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.applier.app.AppStateStore;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.app.Clusters;
import io.flotilla.applier.app.LiveIndex;
import io.flotilla.applier.app.PreparedBundles;
import io.flotilla.applier.app.SyncRequest;
import io.flotilla.applier.app.SyncService;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.plan.PlanPolicy;
import io.flotilla.events.DesiredState;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import io.flotilla.events.SyncCompleted;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fabric8 adapter against a fleet-sim API server: generic reads and server-side applies. */
class Fabric8ClusterClientTest {
  private static FleetSim fleet;
  private static KubernetesClient kube;
  private static Fabric8ClusterClient client;

  @BeforeAll
  static void start() {
    fleet = FleetSim.start(FleetSimOptions.defaults(1));
    // As ClusterRegistry builds it: a serialization that knows no model classes.
    kube =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(fleet.cluster("sim-1").url())
                    .withNamespace("default")
                    .build())
            .withKubernetesSerialization(ClusterRegistry.SERIALIZATION)
            .build();
    client = new Fabric8ClusterClient(kube);
  }

  @AfterAll
  static void stop() {
    kube.close();
    fleet.close();
  }

  @Test
  void shouldCreateThenReadBackAnObjectThroughServerSideApply() {
    Map<String, Object> cm = configMap("created", Map.of("k", "v1"));

    client.apply(cm, false);

    assertThat(find(new ObjectRef("v1", "ConfigMap", "default", "created")))
        .hasValueSatisfying(live -> assertThat(live.get("data")).isEqualTo(Map.of("k", "v1")));
  }

  @Test
  void shouldAnswerAnApplyWithTheHeadOfTheObjectAfter() {
    ClusterClient.Applied created = client.apply(configMap("answered", Map.of("k", "v1")), false);
    ClusterClient.Applied changed = client.apply(configMap("answered", Map.of("k", "v2")), false);

    assertThat(created.created()).isTrue();
    assertThat(changed.created()).isFalse();
    assertThat(changed.object()).containsOnlyKeys("apiVersion", "kind", "metadata");
    assertThat(changed.object()).containsEntry("kind", "ConfigMap");
    Map<?, ?> metadata = (Map<?, ?>) changed.object().get("metadata");
    assertThat(metadata.get("name")).isEqualTo("answered");
    assertThat(metadata.get("resourceVersion"))
        .isNotNull()
        .isNotEqualTo(((Map<?, ?>) created.object().get("metadata")).get("resourceVersion"));
    assertThat(metadata.containsKey("managedFields")).isFalse();
  }

  @Test
  void shouldDiscoverEachGroupVersionOnceNotOncePerRequest() {
    Fabric8ClusterClient fresh = new Fabric8ClusterClient(kube);
    long before = fleet.cluster("sim-1").counts().reads();

    fresh.list(new ObjectRef.KindInNamespace("v1", "ConfigMap", "default"));
    fresh.list(new ObjectRef.KindInNamespace("v1", "Secret", "default"));
    fresh.list(new ObjectRef.KindInNamespace("v1", "ConfigMap", "default"));

    // GET /api/v1 once, then the three lists
    assertThat(fleet.cluster("sim-1").counts().reads() - before).isEqualTo(4);
  }

  @Test
  void aGroupVersionDiscoveredAheadShouldNotBeDiscoveredAgainByTheFirstRequest() {
    Fabric8ClusterClient fresh = new Fabric8ClusterClient(kube);
    long before = fleet.cluster("sim-1").counts().reads();

    fresh.discover("v1");
    fresh.discover("v1");
    assertThat(fleet.cluster("sim-1").counts().reads() - before).isEqualTo(1); // GET /api/v1

    fresh.list(new ObjectRef.KindInNamespace("v1", "ConfigMap", "default"));
    assertThat(fleet.cluster("sim-1").counts().reads() - before).isEqualTo(2); // and the list
  }

  @Test
  void aDiscoveryThatCannotReachTheServerShouldFailAsARetryableCall() {
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .withKubernetesSerialization(ClusterRegistry.SERIALIZATION)
            .build()) {
      assertThatThrownBy(() -> new Fabric8ClusterClient(unreachable).discover("v1"))
          .isInstanceOfSatisfying(
              ClusterCallException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  @Test
  void shouldSayAbsentForAMissingObject() {
    assertThat(find(new ObjectRef("apps/v1", "Deployment", "default", "nothing"))).isEmpty();
  }

  @Test
  void shouldSayAbsentForAKindTheServerDoesNotServe() {
    assertThat(find(new ObjectRef("example.io/v1", "Widget", "default", "w"))).isEmpty();
  }

  @Test
  void shouldNameAKindTheServerDoesNotServeWithoutQuotingTheObject() {
    Map<String, Object> widget = new LinkedHashMap<>();
    widget.put("apiVersion", "example.io/v1");
    widget.put("kind", "Widget");
    widget.put("metadata", Map.of("name", "w", "namespace", "default"));
    widget.put("spec", Map.of("password", "hunter2"));

    assertThatThrownBy(() -> client.apply(widget, false))
        .isInstanceOf(ClusterCallException.class)
        .hasMessage(
            "the API server does not serve kind Widget in example.io/v1; is its"
                + " CustomResourceDefinition installed?")
        .hasNoCause();
  }

  @Test
  void shouldReadAClusterScopedObjectWithoutANamespace() {
    Map<String, Object> ns = new LinkedHashMap<>();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.put("metadata", Map.of("name", "team-a"));

    client.apply(ns, false);

    assertThat(find(new ObjectRef("v1", "Namespace", null, "team-a"))).isPresent();
  }

  @Test
  void shouldGetOneObjectByNameAndSayAbsentWhenMissingOrNotServed() {
    Map<String, Object> ns = new LinkedHashMap<>();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.put("metadata", Map.of("name", "team-b", "labels", Map.of("team", "b")));
    client.apply(ns, false);
    client.apply(configMap("got", Map.of("k", "v")), false);

    assertThat(client.get(new ObjectRef("v1", "Namespace", null, "team-b")))
        .hasValueSatisfying(live -> assertThat(live.get("metadata")).asString().contains("team=b"));
    assertThat(client.get(new ObjectRef("v1", "ConfigMap", "default", "got")))
        .hasValueSatisfying(live -> assertThat(live.get("data")).isEqualTo(Map.of("k", "v")));
    assertThat(client.get(new ObjectRef("v1", "Namespace", null, "team-z"))).isEmpty();
    assertThat(client.get(new ObjectRef("example.io/v1", "Widget", "default", "w"))).isEmpty();
  }

  @Test
  void shouldReportTheApiServersMessageWhenAnApplyFails() {
    Map<String, Object> nameless = new LinkedHashMap<>();
    nameless.put("apiVersion", "v1");
    nameless.put("kind", "ConfigMap");
    nameless.put("metadata", Map.of("namespace", "default", "name", ""));

    assertThatThrownBy(() -> client.apply(nameless, false))
        .isInstanceOf(ClusterCallException.class)
        .hasMessageMatching("HTTP \\d{3}: .+");
  }

  @Test
  void shouldCreateACustomObjectAfterItsCrdInOneSync() {
    Map<String, Object> crd = new LinkedHashMap<>();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.put("metadata", Map.of("name", "guestbooks.example.io"));
    crd.put(
        "spec",
        Map.of(
            "group",
            "example.io",
            "scope",
            "Namespaced",
            "names",
            Map.of(
                "kind", "Guestbook",
                "plural", "guestbooks",
                "singular", "guestbook",
                "listKind", "GuestbookList"),
            "versions",
            List.of(
                Map.of(
                    "name",
                    "v1",
                    "served",
                    true,
                    "storage",
                    true,
                    "schema",
                    Map.of(
                        "openAPIV3Schema",
                        Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true))))));
    Map<String, Object> guestbook = new LinkedHashMap<>();
    guestbook.put("apiVersion", "example.io/v1");
    guestbook.put("kind", "Guestbook");
    guestbook.put("metadata", Map.of("name", "main"));
    guestbook.put("spec", Map.of("size", 2));
    DesiredState desired =
        new DesiredState(
            "guestbook",
            "sim-1",
            "a".repeat(40),
            "default",
            List.of(guestbook, crd),
            "b".repeat(64),
            null);
    SyncService syncs =
        new SyncService(
            name -> new Clusters.Ready(client),
            new AppStateStore(),
            Clock.systemUTC(),
            app -> PlanPolicy.NO_PRUNE,
            new PreparedBundles(),
            new LiveIndex());

    SyncCompleted first = syncs.sync(desired, SyncRequest.automatic(false));
    SyncCompleted second = syncs.sync(desired, SyncRequest.automatic(false));

    assertThat(first.resources())
        .extracting(ResourceResult::kind, ResourceResult::outcome, ResourceResult::message)
        .containsExactly(
            tuple("CustomResourceDefinition", Outcome.CREATED, ""),
            tuple("Guestbook", Outcome.CREATED, ""));
    assertThat(second.resources())
        .extracting(ResourceResult::outcome)
        .containsOnly(Outcome.UNCHANGED);
  }

  @Test
  void shouldDeleteAnObjectAndTreatAnAbsentOneAsDeleted() {
    client.apply(configMap("doomed", Map.of("k", "v")), false);
    ObjectRef ref = new ObjectRef("v1", "ConfigMap", "default", "doomed");

    client.delete(ref);
    client.delete(ref);

    assertThat(find(ref)).isEmpty();
  }

  @Test
  void shouldReportAValidationErrorAsNotRetryable() {
    Map<String, Object> nameless = new LinkedHashMap<>();
    nameless.put("apiVersion", "v1");
    nameless.put("kind", "ConfigMap");
    nameless.put("metadata", Map.of("namespace", "default", "name", ""));

    assertThatThrownBy(() -> client.apply(nameless, false))
        .isInstanceOfSatisfying(
            ClusterCallException.class, e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void shouldRefuseANameThatWouldReachAnotherPath() {
    assertThatThrownBy(() -> client.apply(configMap("../../secrets", Map.of("k", "v")), false))
        .isInstanceOfSatisfying(
            ClusterCallException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("not a valid object or namespace name");
            });
  }

  @Test
  void shouldKeepAPathSegmentOneSegment() {
    assertThat(Fabric8ClusterClient.segment("system:controller:web-1.a_b~c"))
        .isEqualTo("system:controller:web-1.a_b~c");
    assertThat(Fabric8ClusterClient.segment("a b?c#d")).isEqualTo("a%20b%3Fc%23d");
    assertThat(Fabric8ClusterClient.segment("é")).isEqualTo("%C3%A9");
    for (String bad : new String[] {"a/b", "%2F", ".", ".."}) {
      assertThatThrownBy(() -> Fabric8ClusterClient.segment(bad))
          .isInstanceOf(ClusterCallException.class);
    }
  }

  private static java.util.Optional<Map<String, Object>> find(ObjectRef ref) {
    return client.list(ref.listedUnder()).stream()
        .filter(o -> ref.name().equals(((Map<?, ?>) o.get("metadata")).get("name")))
        .findFirst();
  }

  @Test
  void shouldSayWhetherAnApplyCreatedTheObject() {
    assertThat(client.apply(configMap("twice", Map.of("k", "v1")), false).created()).isTrue();
    assertThat(client.apply(configMap("twice", Map.of("k", "v2")), false).created()).isFalse();
  }

  @Test
  void shouldListOnlyObjectsWithTheLabelInEveryNamespace() {
    Map<String, Object> other = configMap("labelled-elsewhere", Map.of("k", "v"));
    other.put(
        "metadata",
        Map.of("name", "labelled-elsewhere", "namespace", "other", "labels", Map.of("a", "b")));
    client.apply(
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", "other")),
        false);
    client.apply(other, false);
    client.apply(configMap("labelled-here", Map.of("k", "v")), false);
    Map<String, Object> unlabelled = configMap("unlabelled", Map.of("k", "v"));
    unlabelled.put("metadata", Map.of("name", "unlabelled", "namespace", "default"));
    client.apply(unlabelled, false);

    assertThat(client.listLabelled("v1", "ConfigMap", "a", "b"))
        .extracting(o -> ObjectRef.of(o).namespace() + "/" + ObjectRef.of(o).name())
        .contains("other/labelled-elsewhere", "default/labelled-here")
        .doesNotContain("default/unlabelled");
    assertThat(client.listLabelled("v1", "ConfigMap", "a", "c")).isEmpty();
  }

  @Test
  void shouldWatchLabelledObjectsOfAKindUntilClosed() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    AutoCloseable watch =
        client.watch(
            "v1",
            "ConfigMap",
            "watched",
            "yes",
            new ClusterClient.WatchListener() {
              @Override
              public void event(
                  Map<String, Object> head,
                  java.util.function.Supplier<Map<String, Object>> object,
                  boolean deleted) {
                ObjectRef ref = ObjectRef.of(head);
                events.add(
                    (deleted ? "deleted " : "seen ")
                        + ref.kind()
                        + " "
                        + ref.name()
                        + " "
                        + ((Map<?, ?>) object.get().get("data")).get("k")
                        + (head.containsKey("data") ? " (data in the head)" : ""));
              }

              @Override
              public void closed(String reason) {
                events.add("closed");
              }
            });
    Map<String, Object> watched = configMap("watched", Map.of("k", "v1"));
    watched.put(
        "metadata",
        Map.of("name", "watched", "namespace", "default", "labels", Map.of("watched", "yes")));

    client.apply(configMap("not-watched", Map.of("k", "v")), false);
    client.apply(watched, false);
    watched.put("data", Map.of("k", "v2"));
    client.apply(watched, false);
    client.delete(new ObjectRef("v1", "ConfigMap", "default", "watched"));

    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("seen ConfigMap watched v1");
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("seen ConfigMap watched v2");
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("deleted ConfigMap watched v2");
    watch.close();
    client.apply(watched, false);
    assertThat(events.poll(2, TimeUnit.SECONDS)).isIn("closed", null);
    assertThat(events.poll(1, TimeUnit.SECONDS)).isNull();
  }

  private static Map<String, Object> configMap(String name, Map<String, String> data) {
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.put("metadata", Map.of("name", name, "namespace", "default", "labels", Map.of("a", "b")));
    cm.put("data", data);
    return cm;
  }
}
