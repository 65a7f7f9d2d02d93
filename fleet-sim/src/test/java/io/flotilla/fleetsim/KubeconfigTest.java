package io.flotilla.fleetsim;

import static io.flotilla.fleetsim.Fixtures.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

  @Test
  void shouldWriteAKubeconfigPerClusterThatReachesThatCluster(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("nested/out");
    try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(2).withOutDir(out))) {
      for (SimCluster cluster : fleet.clusters()) {
        Path file = out.resolve(cluster.name() + ".kubeconfig");
        assertThat(cluster.kubeconfig()).isEqualTo(file.toAbsolutePath());

        Config config = Config.fromKubeconfig(file.toFile());
        assertThat(config.getCurrentContext().getName()).isEqualTo(cluster.name());
        assertThat(config.getMasterUrl()).startsWith(cluster.url());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
          client
              .resource(configMap("default", "whoami", Map.of("cluster", cluster.name())))
              .create();
        }
      }
      for (SimCluster cluster : fleet.clusters()) {
        try (KubernetesClient client = cluster.newClient()) {
          assertThat(client.configMaps().inNamespace("default").withName("whoami").get().getData())
              .containsEntry("cluster", cluster.name());
        }
      }
      assertThat(out).isDirectoryNotContaining("glob:**.tmp");
    }
    assertThat(out.resolve("sim-1.kubeconfig")).as("left in place after close").exists();
  }

  @Test
  void shouldWriteACombinedKubeconfigWithOneContextPerCluster(@TempDir Path dir) throws Exception {
    try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(3).withOutDir(dir))) {
      Path combined = dir.resolve("fleet-sim.kubeconfig");
      assertThat(Files.readString(combined)).contains("current-context: \"sim-1\"");
      for (SimCluster cluster : fleet.clusters()) {
        Config config = Config.fromKubeconfig(cluster.name(), combined.toFile());
        assertThat(config.getMasterUrl()).startsWith(cluster.url());
        assertThat(config.getNamespace()).isEqualTo("default");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
          assertThat(client.getKubernetesVersion().getGitVersion()).contains("fleet-sim");
        }
      }
    }
  }
}
