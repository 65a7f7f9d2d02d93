package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches ({@link SimWatches}) as a client sees them: what exists first as ADDED, then every change
 * in write order; an object entering or leaving the label selector as ADDED or DELETED; the object
 * as stored, resourceVersion included; nothing after the watch is closed.
 */
class WatchTest {
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static FleetSim fleet;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    fleet = FleetSim.start(FleetSimOptions.defaults(1));
    client = fleet.cluster("sim-1").newClient();
    for (String ns : List.of("w-a", "w-b")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    fleet.close();
  }

  @Test
  void shouldSendWhatExistsThenEveryChangeInOrder() {
    client.configMaps().inNamespace("w-a").resource(configMap("w-a", "before", "blue")).create();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = client.configMaps().inNamespace("w-a").watch(recorder(events))) {
      await().atMost(PATIENCE).until(() -> events.contains("ADDED before blue"));
      ConfigMap created =
          client.configMaps().inNamespace("w-a").resource(configMap("w-a", "x", "red")).create();
      client.configMaps().inNamespace("w-a").resource(configMap("w-a", "x", "green")).update();
      client.configMaps().inNamespace("w-a").withName("x").delete();
      client
          .configMaps()
          .inNamespace("w-b")
          .resource(configMap("w-b", "elsewhere", "red"))
          .create();
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(events)
                      .containsExactly(
                          "ADDED before blue",
                          "ADDED x red",
                          "MODIFIED x green",
                          "DELETED x green"));
      assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    }
  }

  @Test
  void shouldAddAndDeleteAsAnObjectEntersAndLeavesTheSelector() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Watch watch =
        client.configMaps().inNamespace("w-b").withLabel("tier", "front").watch(recorder(events));
    ConfigMap moving = configMap("w-b", "moving", "red");
    client.configMaps().inNamespace("w-b").resource(moving).create();
    moving.getMetadata().setLabels(Map.of("tier", "front"));
    client.configMaps().inNamespace("w-b").resource(moving).update();
    moving.getMetadata().setLabels(Map.of("tier", "back"));
    client.configMaps().inNamespace("w-b").resource(moving).update();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(events).containsExactly("ADDED moving red", "DELETED moving red"));

    watch.close();
    moving.getMetadata().setLabels(Map.of("tier", "front"));
    client.configMaps().inNamespace("w-b").resource(moving).update();
    Thread.sleep(300); // nothing may come: the watch is closed
    assertThat(events).hasSize(2);
  }

  private static Watcher<ConfigMap> recorder(List<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        events.add(action + " " + cm.getMetadata().getName() + " " + cm.getData().get("colour"));
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static ConfigMap configMap(String ns, String name, String colour) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withData(Map.of("colour", colour))
        .build();
  }
}
