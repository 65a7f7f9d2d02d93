package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes: every overlay renders with {@code kubectl kustomize}, every object parses with
 * the fabric8 model, and the services run as an operator expects (labels, probes, resources,
 * non-root, read-only root filesystem); Kafka topics match the local broker's; the Dockerfiles copy
 * what {@code mvn package} produces.
 */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
  static final Path REPO = DEPLOY.getParent().getParent();
  static final List<String> SERVICES = List.of("git-watcher", "renderer", "applier", "auditor");
  static final KubernetesSerialization K8S = new KubernetesSerialization();

  static List<HasMetadata> render(String overlay) throws Exception {
    String kubectl = System.getenv().getOrDefault("FLOTILLA_KUBECTL", "kubectl");
    Process p =
        new ProcessBuilder(kubectl, "kustomize", DEPLOY.resolve(overlay).toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize %s: %s", overlay, out).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> docs =
        new YAMLMapper().readerForMapOf(Object.class).readValues(out)) {
      while (docs.hasNext()) {
        Map<String, Object> doc = docs.next();
        objects.add(K8S.unmarshal(K8S.asJson(doc)));
      }
    }
    return objects;
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void everyObjectShouldParseAndCarryTheFlotillaLabelInTheNamespace(String overlay)
      throws Exception {
    List<HasMetadata> objects = render(overlay);
    assertThat(objects).hasSizeGreaterThan(30);
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getLabels())
          .as(o.getKind() + " " + o.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "flotilla");
      boolean clusterScoped =
          List.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(o.getKind());
      assertThat(o.getMetadata().getNamespace())
          .as(o.getKind() + " " + o.getMetadata().getName())
          .isEqualTo(clusterScoped ? null : "flotilla");
    }
    // built-in kinds parse into their model classes; operator kinds stay generic
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("Deployment"))
        .allMatch(o -> o instanceof Deployment)
        .hasSize(4);
    assertThat(objects)
        .filteredOn(o -> o.getKind().equals("Kafka") || o.getKind().equals("KafkaTopic"))
        .allMatch(o -> o instanceof GenericKubernetesResource);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void everyServiceShouldHaveProbesResourcesAndARestrictedSecurityContext(String overlay)
      throws Exception {
    List<Deployment> deployments =
        render(overlay).stream()
            .filter(o -> o instanceof Deployment)
            .map(o -> (Deployment) o)
            .toList();
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    for (Deployment d : deployments) {
      String name = d.getMetadata().getName();
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", name);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      Container c = pod.getContainers().get(0);
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/live");
      assertThat(c.getReadinessProbe().getHttpGet().getPath())
          .as(name)
          .isEqualTo("/q/health/ready");
      assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop())
          .as(name)
          .containsExactly("ALL");
      // a read-only root filesystem needs somewhere to write: /tmp and the cache are volumes
      assertThat(c.getVolumeMounts())
          .extracting(m -> m.getMountPath())
          .contains("/tmp", "/var/cache/flotilla");
      assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("flotilla-config");
    }
  }

  @Test
  void productionShouldRunTwoAppliersScaledWithinThePartitionsOfDesired() throws Exception {
    List<HasMetadata> prod = render("overlays/prod");
    Deployment applier = find(prod, Deployment.class, "applier");
    assertThat(applier.getSpec().getReplicas()).isEqualTo(2);
    HorizontalPodAutoscaler hpa = find(prod, HorizontalPodAutoscaler.class, "applier");
    GenericKubernetesResource desired =
        find(prod, GenericKubernetesResource.class, "flotilla.desired");
    Map<?, ?> spec = (Map<?, ?>) desired.getAdditionalProperties().get("spec");
    int partitions = ((Number) spec.get("partitions")).intValue();
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("applier");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isPositive().isLessThanOrEqualTo(partitions);
  }

  @Test
  void kafkaTopicsShouldMatchTheTopicsTheLocalBrokerCreates() throws Exception {
    Map<String, Object[]> local = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "Topic\\.parse\\(\"(flotilla\\.[a-z-]+):(\\d+):(?:\" \\+ DELETE|\"?cleanup\\.policy=(\\w+))")
            .matcher(Files.readString(REPO.resolve("deploy/local/kafka/KafkaAdmin.java")));
    while (m.find()) {
      local.put(
          m.group(1),
          new Object[] {Integer.parseInt(m.group(2)), m.group(3) == null ? "delete" : m.group(3)});
    }
    assertThat(local).containsKeys("flotilla.commits", "flotilla.desired", "flotilla.control");
    Map<String, Object[]> deployed = new LinkedHashMap<>();
    for (HasMetadata o : render("overlays/prod")) {
      if (o.getKind().equals("KafkaTopic")) {
        Map<?, ?> spec =
            (Map<?, ?>) ((GenericKubernetesResource) o).getAdditionalProperties().get("spec");
        Map<?, ?> config = (Map<?, ?>) spec.get("config");
        deployed.put(
            o.getMetadata().getName(),
            new Object[] {
              ((Number) spec.get("partitions")).intValue(), config.get("cleanup.policy")
            });
      }
    }
    assertThat(deployed.keySet()).containsExactlyInAnyOrderElementsOf(local.keySet());
    local.forEach((topic, v) -> assertThat(deployed.get(topic)).as(topic).containsExactly(v));
  }

  @Test
  void everyDockerfileShouldCopyTheQuarkusAppLayoutTheBuildProduces() throws IOException {
    for (String service : SERVICES) {
      Path dockerfile = DEPLOY.resolve("images").resolve(service).resolve("Dockerfile");
      List<String> sources =
          Files.readAllLines(dockerfile).stream()
              .filter(l -> l.startsWith("COPY --chown"))
              .map(l -> l.split("\\s+")[2])
              .toList();
      String app = service + "/target/quarkus-app/";
      assertThat(sources)
          .as(service)
          .containsExactly(app + "lib/", app + "*.jar", app + "app/", app + "quarkus/");
      assertThat(Files.readString(REPO.resolve(service).resolve("pom.xml")))
          .contains("<artifactId>quarkus-maven-plugin</artifactId>");
      // the fast-jar layout these paths assume is Quarkus' default: no service may change it
      assertThat(
              Files.readString(
                  REPO.resolve(service).resolve("src/main/resources/application.properties")))
          .doesNotContain("quarkus.package.jar.type");
      Path built = REPO.resolve(app);
      if (Files.isDirectory(built)) {
        for (String part : List.of("lib", "app", "quarkus", "quarkus-run.jar")) {
          assertThat(built.resolve(part)).as(service + " build output").exists();
        }
      }
    }
  }

  static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }
}
