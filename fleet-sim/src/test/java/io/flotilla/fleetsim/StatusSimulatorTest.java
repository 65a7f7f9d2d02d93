package io.flotilla.fleetsim;

import static io.flotilla.fleetsim.Fixtures.MANAGER;
import static io.flotilla.fleetsim.Fixtures.container;
import static io.flotilla.fleetsim.Fixtures.deployment;
import static io.flotilla.fleetsim.Fixtures.freshNamespace;
import static io.flotilla.fleetsim.Fixtures.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusSimulatorTest {
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  private FleetSim fleet;
  private KubernetesClient client;

  @BeforeAll
  void startFleet() {
    fleet = FleetSim.start(FleetSimOptions.defaults(2));
    client = fleet.cluster("sim-2").newClient();
  }

  @AfterAll
  void stopFleet() {
    client.close();
    fleet.close();
  }

  private <T extends HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private Deployment live(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private static DeploymentCondition condition(Deployment d, String type) {
    return d.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + d.getStatus()));
  }

  @Test
  void shouldReportDeploymentAvailableAfterTheStatusDelay() {
    String ns = freshNamespace();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.apps().deployments().inNamespace(ns).watch(recorder(events))) {
      Deployment created = apply(deployment(ns, "web", 2, container("app", "nginx:1")));
      assertThat(created.getStatus()).as("no status before the controller 'ran'").isNull();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Deployment d = live(ns, "web");
                assertThat(d.getStatus()).isNotNull();
                assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
                assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
                assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
                assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
                assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
                assertThat(condition(d, "Progressing").getReason())
                    .isEqualTo("NewReplicaSetAvailable");
              });
      Deployment ready = live(ns, "web");
      assertThat(ready.getMetadata().getGeneration()).as("status writes keep generation").isOne();
      assertThat(ready.getMetadata().getResourceVersion())
          .isNotEqualTo(created.getMetadata().getResourceVersion());
      await().atMost(PATIENCE).until(() -> events.contains("MODIFIED:web:ready"));
    }
  }

  @Test
  void shouldNeverReportABrokenImageReady() {
    String ns = freshNamespace();
    apply(deployment(ns, "bad", 2, container("app", "nginx:broken")));

    await().atMost(PATIENCE).until(() -> live(ns, "bad").getStatus() != null);
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Deployment d = live(ns, "bad");
              DeploymentStatus s = d.getStatus();
              assertThat(s.getObservedGeneration()).isEqualTo(1L);
              assertThat(s.getReadyReplicas()).as("omitted when 0, like a real server").isNull();
              assertThat(s.getAvailableReplicas()).isNull();
              assertThat(s.getUnavailableReplicas()).isEqualTo(2);
              assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
              assertThat(condition(d, "Available").getReason())
                  .isEqualTo("MinimumReplicasUnavailable");
              assertThat(condition(d, "Progressing").getStatus()).isEqualTo("False");
              assertThat(condition(d, "Progressing").getReason())
                  .isEqualTo("ProgressDeadlineExceeded");
            });
  }

  @Test
  void shouldCatchUpWhenTheSpecChanges() {
    String ns = freshNamespace();
    apply(deployment(ns, "fix", 1, container("app", "nginx:broken")));
    await().atMost(PATIENCE).until(() -> live(ns, "fix").getStatus() != null);

    Deployment fixed = apply(deployment(ns, "fix", 3, container("app", "nginx:2")));
    assertThat(fixed.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(fixed.getStatus().getObservedGeneration())
        .as("an apply keeps the old status until the controller catches up")
        .isEqualTo(1L);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Deployment d = live(ns, "fix");
              assertThat(d.getStatus().getObservedGeneration()).isEqualTo(2L);
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
              assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
            });
  }

  @Test
  void shouldReportStatefulSetReady() {
    String ns = freshNamespace();
    apply(statefulSet(ns, "db", 2, "postgres:16"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("db").get();
              assertThat(s.getStatus()).isNotNull();
              assertThat(s.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(s.getStatus().getReadyReplicas()).isEqualTo(2);
              assertThat(s.getStatus().getCurrentRevision())
                  .isEqualTo(s.getStatus().getUpdateRevision());
            });
  }

  @Test
  void shouldKeepStatusWhenTheObjectIsReplacedAndCountNoSimulatedWrites() {
    String ns = freshNamespace();
    fleet.resetStats();
    apply(deployment(ns, "keep", 1, container("app", "nginx:1")));
    await().atMost(PATIENCE).until(() -> live(ns, "keep").getStatus() != null);
    assertThat(fleet.cluster("sim-2").counts().writes())
        .as("the status simulator's own write is not counted")
        .isEqualTo(1);

    Deployment replacement = live(ns, "keep");
    replacement.setStatus(null);
    replacement.getMetadata().getLabels().put("replaced", "yes");
    Deployment replaced = client.resource(replacement).update();

    assertThat(replaced.getStatus()).as("status subresource: PUT keeps status").isNotNull();
    assertThat(replaced.getStatus().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void shouldLeaveAStatusAClientWroteThroughTheSubresource() throws Exception {
    String ns = freshNamespace();
    apply(deployment(ns, "faked", 2, container("app", "nginx:1")));
    await().atMost(PATIENCE).until(() -> live(ns, "faked").getStatus() != null);

    Deployment faked = live(ns, "faked");
    faked.getStatus().setReadyReplicas(1);
    faked.getStatus().setObservedGeneration(7L);
    // as kubectl and controllers send it: PUT …/status with a query string
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            fleet.cluster("sim-2").url()
                                + "/apis/apps/v1/namespaces/"
                                + ns
                                + "/deployments/faked/status?fieldManager=test"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            client.getKubernetesSerialization().asJson(faked)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Deployment d = live(ns, "faked");
              assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
              assertThat(d.getMetadata().getGeneration()).isOne();
            });
  }

  private static Watcher<Deployment> recorder(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment resource) {
        boolean ready =
            resource.getStatus() != null && resource.getStatus().getReadyReplicas() != null;
        events.add(action + ":" + resource.getMetadata().getName() + (ready ? ":ready" : ""));
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null) {
          events.add("CLOSED:" + cause.getMessage());
        }
      }
    };
  }
}
