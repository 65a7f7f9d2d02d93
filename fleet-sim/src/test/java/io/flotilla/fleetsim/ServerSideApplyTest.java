package io.flotilla.fleetsim;

import static io.flotilla.fleetsim.Fixtures.MANAGER;
import static io.flotilla.fleetsim.Fixtures.configMap;
import static io.flotilla.fleetsim.Fixtures.container;
import static io.flotilla.fleetsim.Fixtures.deployment;
import static io.flotilla.fleetsim.Fixtures.freshNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSideApplyTest {
  private FleetSim fleet;
  private KubernetesClient client;

  @BeforeAll
  void startFleet() {
    fleet = FleetSim.start(FleetSimOptions.defaults(2));
    client = fleet.cluster("sim-1").newClient();
  }

  @AfterAll
  void stopFleet() {
    client.close();
    fleet.close();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T apply(T object) {
    return client.resource(object).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  @Test
  void shouldCreateOnFirstApplyAndReplaceListsOnSecondApply() {
    String ns = freshNamespace();
    Deployment created =
        apply(
            deployment(
                ns,
                "web",
                2,
                container("app", "nginx:1", "--port=80", "--verbose"),
                container("sidecar", "envoy:1")));
    assertThat(created.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);

    apply(deployment(ns, "web", 3, container("app", "nginx:2", "--port=8080")));

    Deployment live = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(live.getSpec().getReplicas()).isEqualTo(3);
    assertThat(live.getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).isEqualTo("nginx:2");
              assertThat(c.getArgs()).containsExactly("--port=8080");
            });
  }

  @Test
  void shouldSetServerMetadataOnCreateAndBumpGenerationOnlyOnSpecChange() {
    String ns = freshNamespace();
    Deployment created = apply(deployment(ns, "web", 1, container("app", "nginx:1")));
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();

    Deployment relabelled = deployment(ns, "web", 1, container("app", "nginx:1"));
    relabelled.getMetadata().getLabels().put("team", "a");
    Deployment afterLabel = apply(relabelled);
    assertThat(afterLabel.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(afterLabel.getMetadata().getResourceVersion())
        .isNotEqualTo(created.getMetadata().getResourceVersion());
    assertThat(afterLabel.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    Deployment afterSpec = apply(deployment(ns, "web", 4, container("app", "nginx:1")));
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(afterSpec.getMetadata().getCreationTimestamp())
        .isEqualTo(created.getMetadata().getCreationTimestamp());
  }

  @Test
  void shouldKeepResourceVersionWhenAnApplyChangesNothing() {
    String ns = freshNamespace();
    ConfigMap first = apply(configMap(ns, "same", Map.of("k", "v")));
    ConfigMap second = apply(configMap(ns, "same", Map.of("k", "v")));
    assertThat(second.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void shouldRecordTheFieldManagerOfAnApply() {
    String ns = freshNamespace();
    apply(configMap(ns, "owned", Map.of("k", "v")));
    client
        .configMaps()
        .inNamespace(ns)
        .withName("owned")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("kubectl")
                .build(),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\ndata:\n  other: x\n");

    ConfigMap live = client.configMaps().inNamespace(ns).withName("owned").get();
    assertThat(live.getData()).containsEntry("k", "v").containsEntry("other", "x");
    assertThat(live.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(MANAGER, "Apply"),
            org.assertj.core.groups.Tuple.tuple("kubectl", "Apply"));
    assertThat(live.getMetadata().getManagedFields())
        .allSatisfy(
            e -> {
              assertThat(e.getApiVersion()).isEqualTo("v1");
              assertThat(e.getTime()).isNotBlank();
            });
  }

  @Test
  void shouldApplyGenericResources() {
    String ns = freshNamespace();
    GenericKubernetesResource cm =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withNewMetadata()
            .withName("generic")
            .withNamespace(ns)
            .endMetadata()
            .addToAdditionalProperties("data", Map.of("a", "1", "b", "2"))
            .build();
    apply(cm);
    cm.setAdditionalProperty("data", Map.of("a", "10"));
    GenericKubernetesResource updated = apply(cm);

    assertThat(updated.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactly(MANAGER);
    // merge semantics: "b" stays although this apply omitted it (a real API server prunes it)
    assertThat(client.configMaps().inNamespace(ns).withName("generic").get().getData())
        .containsEntry("a", "10")
        .containsEntry("b", "2");
  }

  @Test
  void shouldReplaceListsOnStrategicMergePatchAndNotFindAbsentObjects() {
    String ns = freshNamespace();
    apply(deployment(ns, "web", 1, container("a", "nginx:1"), container("b", "nginx:1")));
    Deployment patched =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("web")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                    + "[{\"name\":\"c\",\"image\":\"nginx:3\"}]}}}}");
    assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName())
        .containsExactly("c");
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(ns)
                    .withName("absent")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"k\":\"v\"}}"))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
  }

  @Test
  void shouldReplaceListsOnJsonMergePatchWhereTheMockAppendedThem() {
    String ns = freshNamespace();
    apply(deployment(ns, "web", 1, container("a", "nginx:1", "--one", "--two")));
    Deployment patched =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("web")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"app\":null}},\"spec\":{\"template\":{\"spec\":"
                    + "{\"containers\":[{\"name\":\"a\",\"image\":\"nginx:1\",\"args\":[\"--three\"]}]}}}}");
    assertThat(patched.getMetadata().getLabels()).doesNotContainKey("app");
    assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("--three");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void shouldNotPersistADryRunApply() {
    String ns = freshNamespace();
    ConfigMap result =
        client
            .resource(configMap(ns, "dry", Map.of("k", "v")))
            .dryRun()
            .fieldManager(MANAGER)
            .serverSideApply();
    assertThat(result.getData()).containsEntry("k", "v");
    assertThat(client.configMaps().inNamespace(ns).withName("dry").get()).isNull();
  }

  @Test
  void shouldAcceptObjectsOfKindsWithoutACrdUnlikeARealApiServer() {
    String ns = freshNamespace();
    ResourceDefinitionContext nope =
        new ResourceDefinitionContext.Builder()
            .withGroup("nope.example.io")
            .withVersion("v1")
            .withKind("Nope")
            .withPlural("nopes")
            .withNamespaced(true)
            .build();
    GenericKubernetesResource object =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("nope.example.io/v1")
            .withKind("Nope")
            .withNewMetadata()
            .withName("n")
            .withNamespace(ns)
            .endMetadata()
            .build();
    client
        .genericKubernetesResources(nope)
        .inNamespace(ns)
        .resource(object)
        .fieldManager(MANAGER)
        .serverSideApply();
    assertThat(client.genericKubernetesResources(nope).inNamespace(ns).withName("n").get())
        .isNotNull();
  }

  @Test
  void shouldKeepClustersSeparate() {
    String ns = freshNamespace();
    apply(configMap(ns, "only-on-sim-1", Map.of()));
    try (KubernetesClient other = fleet.cluster("sim-2").newClient()) {
      assertThat(other.configMaps().inNamespace(ns).withName("only-on-sim-1").get()).isNull();
    }
  }

  @Test
  void shouldFileAnAppliedObjectLikeACreatedOne() {
    String ns = freshNamespace();
    ConfigMap labelled = configMap(ns, "labelled", Map.of("k", "v"));
    labelled.getMetadata().setLabels(Map.of("team", "blue"));
    apply(labelled);
    Deployment web = deployment(ns, "web", 1, container("app", "nginx:1"));
    web.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
    web.getStatus().setReplicas(7);
    Deployment created = apply(web);

    assertThat(created.getStatus()).as("a status subresource: applied status is dropped").isNull();
    assertThat(created.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(client.configMaps().inNamespace(ns).withLabel("team", "blue").list().getItems())
        .extracting(cm -> cm.getMetadata().getName())
        .containsExactly("labelled");
    assertThat(client.configMaps().inAnyNamespace().withLabel("team", "blue").list().getItems())
        .extracting(cm -> cm.getMetadata().getNamespace())
        .contains(ns);
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void shouldRefuseAnApplyWhoseNamespaceIsNotThePaths() throws Exception {
    String ns = freshNamespace();
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
            + "{\"name\":\"elsewhere\",\"namespace\":\"not-"
            + ns
            + "\"}}";
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            fleet.cluster("sim-1").url()
                                + "/api/v1/namespaces/"
                                + ns
                                + "/configmaps/elsewhere?fieldManager="
                                + MANAGER))
                    .header("Content-Type", "application/apply-patch+yaml")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("does not match the namespace on the URL");
    assertThat(client.configMaps().inNamespace(ns).withName("elsewhere").get()).isNull();
  }
}
