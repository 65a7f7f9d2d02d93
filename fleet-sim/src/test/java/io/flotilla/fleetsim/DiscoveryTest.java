package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API discovery answers for the built-in kinds as a real API server does, merged with the CRDs
 * stored, so a client that knows no model classes (as the applier) can find every kind; the
 * applier's Fabric8ClusterClientTest applies through it.
 */
class DiscoveryTest {
  private static FleetSim fleet;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    fleet = FleetSim.start(FleetSimOptions.defaults(1));
    client = fleet.cluster("sim-1").newClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    fleet.close();
  }

  @Test
  void shouldListBuiltInKindsWithTheirResourceNameAndScope() {
    assertThat(client.getApiResources("v1").getResources())
        .extracting(APIResource::getKind, APIResource::getName, APIResource::getNamespaced)
        .contains(
            tuple("ConfigMap", "configmaps", true),
            tuple("Namespace", "namespaces", false),
            tuple("Service", "services", true),
            tuple("ServiceAccount", "serviceaccounts", true));
    assertThat(client.getApiResources("apps/v1").getResources())
        .extracting(APIResource::getKind, APIResource::getName, APIResource::getNamespaced)
        .contains(tuple("Deployment", "deployments", true))
        .doesNotContain(tuple("ConfigMap", "configmaps", true));
    assertThat(client.getApiResources("rbac.authorization.k8s.io/v1").getResources())
        .extracting(APIResource::getKind, APIResource::getNamespaced)
        .contains(tuple("ClusterRole", false), tuple("Role", true));
  }

  @Test
  void shouldAddTheKindsOfStoredCrdsToTheirGroupVersion() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(Fixtures.crd("discovery.example.io", "Widget", "Cluster"))
        .create();

    assertThat(client.getApiResources("discovery.example.io/v1").getResources())
        .extracting(APIResource::getKind, APIResource::getName, APIResource::getNamespaced)
        .containsExactly(tuple("Widget", "widgets", false));
    assertThat(client.getApiResources("apps/v1").getResources())
        .extracting(APIResource::getKind)
        .contains("Deployment", "StatefulSet");
  }

  @Test
  void shouldServeTheKindOfACrdCreatedByServerSideApply() {
    client
        .resource(Fixtures.crd("applied.example.io", "Gizmo", "Namespaced"))
        .fieldManager("flotilla")
        .forceConflicts()
        .serverSideApply();

    assertThat(client.getApiResources("applied.example.io/v1").getResources())
        .extracting(APIResource::getKind, APIResource::getName, APIResource::getNamespaced)
        .containsExactly(tuple("Gizmo", "gizmos", true));
  }
}
