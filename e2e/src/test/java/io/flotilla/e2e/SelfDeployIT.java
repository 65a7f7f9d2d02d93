package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.events.Topics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flotilla deploys Flotilla: the platform applies its own {@code deploy/kubernetes/overlays/dev} to
 * a fleet-sim cluster through its own pipeline. The fleet repo has one cluster and one Kustomize
 * app whose Git repository holds a copy of {@code deploy/kubernetes} and, next to it, {@code
 * self-deploy/} (test resources): a kustomization of {@code overlays/dev} plus minimal Strimzi and
 * CloudNativePG CRDs, which on a real cluster the operators install (fleet-sim runs no operators).
 * Waits for the sync, then reads every object back from the simulated cluster.
 */
class SelfDeployIT {
  static final String APP = "flotilla-" + UUID.randomUUID().toString().substring(0, 6);
  static final PersonIdent OPS = new PersonIdent("Ops Example", "ops@example.com");

  static Platform platform;
  static GitRepo fleet;
  static String sha;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    Path work = repoRoot.resolve("e2e/target/self-deploy-it-" + APP);
    Files.createDirectories(work);

    Path deployRepo = work.resolve("deploy-repo");
    Path source = repoRoot.resolve("deploy/kubernetes");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = deployRepo.resolve("kubernetes").resolve(source.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    for (String name : List.of("kustomization.yaml", "crds.yaml")) {
      Path target = deployRepo.resolve("self-deploy/" + name);
      Files.createDirectories(target.getParent());
      try (InputStream in =
          SelfDeployIT.class.getClassLoader().getResourceAsStream("self-deploy/" + name)) {
        Files.write(target, in.readAllBytes());
      }
    }
    try (Git git = Git.init().setDirectory(deployRepo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      sha =
          git.commit()
              .setMessage("Flotilla's own manifests")
              .setAuthor(OPS)
              .setCommitter(OPS)
              .call()
              .name();
    }

    fleet = GitRepo.init(work.resolve("fleet"));
    fleet.commit(
        Map.of(
            "clusters/sim-1.yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Cluster
            metadata: {name: sim-1, labels: {env: dev}}
            spec:
              kubeconfig: {secretRef: sim-1.kubeconfig}
            """,
            "apps/" + APP + ".yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Application
            metadata: {name: %s}
            spec:
              source:
                repoURL: %s
                ref: main
                path: self-deploy
                type: kustomize
              destination:
                namespace: flotilla
                clusterSelector: {matchLabels: {env: dev}}
            """
                .formatted(APP, deployRepo.toUri())),
        "fleet: Flotilla on the dev cluster",
        OPS);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", CliIT.Databases.fresh("flotilla_self_deploy_it"));
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.put("FLOTILLA_SIM_CLUSTERS", "1");
    env.putAll(Platform.ports(18280));
    platform = Platform.up(repoRoot, env, System.out);
    // on a loaded machine a service's first answers can take longer than one request's timeout
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> Http.get(platform.applierUrl() + "/api/v1/apps") != null);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void flotillaShouldApplyItsOwnDevOverlayToASimulatedClusterThroughItsPipeline() {
    var state =
        Rollout.await(
            platform.applierUrl(), APP, sha, List.of("sim-1"), Duration.ofSeconds(120), System.out);
    assertThat(state.get("sim-1").path("resources"))
        .as("every object's outcome")
        .hasSize(38)
        .allSatisfy(r -> assertThat(r.path("outcome").asText()).isIn("created", "configured"));

    try (KubernetesClient k8s = Demo.client(platform.credentialsDir(), "sim-1")) {
      assertFlotilla(k8s.namespaces().withName("flotilla").get());
      for (String service : List.of("git-watcher", "renderer", "applier", "auditor")) {
        var deployment = k8s.apps().deployments().inNamespace("flotilla").withName(service).get();
        assertFlotilla(deployment);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers())
            .singleElement()
            .satisfies(
                c -> {
                  assertThat(c.getImage()).isEqualTo("flotilla/" + service + ":0.1.0-SNAPSHOT");
                  assertThat(c.getReadinessProbe().getHttpGet().getPath())
                      .isEqualTo("/q/health/ready");
                  assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertFlotilla(k8s.services().inNamespace("flotilla").withName(service).get());
        assertFlotilla(
            k8s.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("flotilla")
                .withName(service)
                .get());
      }
      // the dev overlay's patches went through the pipeline
      assertThat(
              k8s.apps()
                  .deployments()
                  .inNamespace("flotilla")
                  .withName("applier")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(1);
      var hpa =
          k8s.autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace("flotilla")
              .withName("applier")
              .get();
      assertFlotilla(hpa);
      assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);

      assertFlotilla(
          k8s.serviceAccounts().inNamespace("flotilla").withName("flotilla-applier").get());
      assertFlotilla(k8s.rbac().clusterRoles().withName("flotilla-applier").get());
      assertFlotilla(k8s.rbac().clusterRoleBindings().withName("flotilla-applier").get());
      assertThat(k8s.network().v1().networkPolicies().inNamespace("flotilla").list().getItems())
          .hasSize(4)
          .allSatisfy(SelfDeployIT::assertFlotilla);
      assertFlotilla(k8s.configMaps().inNamespace("flotilla").withName("flotilla-config").get());
      assertThat(
              k8s.configMaps().inNamespace("flotilla").withName("flotilla-config").get().getData())
          .containsEntry("FLOTILLA_LOG_LEVEL", "DEBUG");

      // custom resources, after the CRDs the same sync created first
      List<GenericKubernetesResource> topics =
          k8s.genericKubernetesResources("kafka.strimzi.io/v1beta2", "KafkaTopic")
              .inNamespace("flotilla")
              .list()
              .getItems();
      assertThat(topics.stream().map(t -> t.getMetadata().getName()))
          .containsExactlyInAnyOrder(
              Topics.COMMITS,
              Topics.DESIRED,
              Topics.SYNC_RESULTS,
              Topics.DRIFT,
              Topics.CONTROL,
              Topics.WATCH_STATE,
              Topics.DEAD_LETTER);
      topics.forEach(SelfDeployIT::assertFlotilla);
      assertFlotilla(
          k8s.genericKubernetesResources("kafka.strimzi.io/v1beta2", "Kafka")
              .inNamespace("flotilla")
              .withName("flotilla-kafka")
              .get());
      assertFlotilla(
          k8s.genericKubernetesResources("kafka.strimzi.io/v1beta2", "KafkaNodePool")
              .inNamespace("flotilla")
              .withName("dual-role")
              .get());
      assertFlotilla(
          k8s.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster")
              .inNamespace("flotilla")
              .withName("flotilla-db")
              .get());
    }
  }

  /** Labels from the base and the dev overlay, and Flotilla's own ownership labels. */
  private static void assertFlotilla(HasMetadata object) {
    assertThat(object).as("object on the simulated cluster").isNotNull();
    assertThat(object.getMetadata().getLabels())
        .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
        .containsEntry("app.kubernetes.io/part-of", "flotilla")
        .containsEntry("flotilla.io/environment", "dev")
        .containsEntry("app.kubernetes.io/managed-by", "flotilla")
        .containsEntry("flotilla.io/app", APP);
  }
}
