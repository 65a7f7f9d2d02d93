package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads answered from the indexed store ({@link StoreIndex}) give what a full scan gives: by
 * namespace, across namespaces, by label, by name, after updates and deletes.
 */
class StoreReadsTest {
  private static FleetSim fleet;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    fleet = FleetSim.start(FleetSimOptions.defaults(1));
    client = fleet.cluster("sim-1").newClient();
    for (String ns : List.of("team-a", "team-b")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      for (int i = 1; i <= 3; i++) {
        client
            .configMaps()
            .inNamespace(ns)
            .resource(configMap(ns, "cm-" + i, i % 2 == 0 ? "even" : "odd"))
            .create();
      }
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    fleet.close();
  }

  @Test
  void shouldListOneNamespaceAllNamespacesAndByLabel() {
    assertThat(names(client.configMaps().inNamespace("team-a").list().getItems()))
        .containsExactly("team-a/cm-1", "team-a/cm-2", "team-a/cm-3");
    assertThat(names(client.configMaps().inAnyNamespace().list().getItems()))
        .contains("team-a/cm-1", "team-b/cm-3")
        .hasSizeGreaterThanOrEqualTo(6);
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("team-b")
                    .withLabel("parity", "even")
                    .list()
                    .getItems()))
        .containsExactly("team-b/cm-2");
    assertThat(names(client.configMaps().inNamespace("nowhere").list().getItems())).isEmpty();
    assertThat(names(client.namespaces().list().getItems())).contains("team-a", "team-b");
  }

  @Test
  void shouldGetByNameAndSeeUpdatesAndDeletes() {
    assertThat(client.configMaps().inNamespace("team-b").withName("cm-1").get().getData())
        .containsEntry("owner", "team-b");
    assertThat(client.configMaps().inNamespace("team-a").withName("cm-9").get()).isNull();
    assertThat(client.namespaces().withName("team-a").get()).isNotNull();

    ConfigMap changed = configMap("team-a", "moving", "odd");
    client.configMaps().inNamespace("team-a").resource(changed).create();
    changed.getMetadata().getLabels().put("parity", "even");
    client.configMaps().inNamespace("team-a").resource(changed).update();
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("team-a")
                    .withLabel("parity", "odd")
                    .list()
                    .getItems()))
        .doesNotContain("team-a/moving");
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("team-a")
                    .withLabel("parity", "even")
                    .list()
                    .getItems()))
        .contains("team-a/moving");

    client.configMaps().inNamespace("team-a").withName("moving").delete();
    assertThat(client.configMaps().inNamespace("team-a").withName("moving").get()).isNull();
    assertThat(names(client.configMaps().inNamespace("team-a").list().getItems()))
        .doesNotContain("team-a/moving");
  }

  @Test
  void shouldServeACustomKindRightAfterItsCrdThroughDiscovery() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(Fixtures.crd("shop.example.io", "Gadget", "Namespaced"))
        .create();

    assertThat(client.getApiResources("shop.example.io/v1").getResources())
        .extracting(r -> r.getKind())
        .containsExactly("Gadget");
    assertThat(
            client
                .genericKubernetesResources("shop.example.io/v1", "Gadget")
                .inNamespace("team-a")
                .list()
                .getItems())
        .isEmpty();
  }

  private static ConfigMap configMap(String ns, String name, String parity) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("parity", parity)
        .endMetadata()
        .addToData("owner", ns)
        .build();
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream()
        .map(
            o ->
                o.getMetadata().getNamespace() == null
                    ? o.getMetadata().getName()
                    : o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .toList();
  }
}
