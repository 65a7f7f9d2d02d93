package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetSimTest {

  @Test
  void shouldNameClustersInOrderAndRejectUnknownNames() {
    try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(3))) {
      assertThat(fleet.clusters())
          .extracting(SimCluster::name)
          .containsExactly("sim-1", "sim-2", "sim-3");
      assertThat(fleet.clusters()).extracting(SimCluster::url).doesNotHaveDuplicates();
      assertThat(fleet.cluster("sim-2").url()).startsWith("http://127.0.0.1:");
      assertThat(fleet.cluster("sim-2").kubeconfig()).isNull();
      assertThat(fleet.statsPort()).isEqualTo(-1);
      assertThatThrownBy(() -> fleet.cluster("sim-4"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sim-4");
    }
  }

  @Test
  void shouldDelayEveryResponseByTheConfiguredLatency() {
    try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(1).withLatencyMs(300));
        KubernetesClient client = fleet.cluster("sim-1").newClient()) {
      long start = System.nanoTime();
      assertThat(client.configMaps().inNamespace("default").withName("absent").get()).isNull();
      client.configMaps().inNamespace("default").list();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("two requests, each answered no sooner than 300 ms")
          .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
  }

  @Test
  void shouldAnswerVersionAndFailuresLikeAnApiServer() throws Exception {
    try (FleetSim fleet = FleetSim.start(FleetSimOptions.defaults(1));
        KubernetesClient client = fleet.cluster("sim-1").newClient()) {
      assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");

      HttpResponse<String> missing =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              fleet.cluster("sim-1").url()
                                  + "/apis/apps/v1/namespaces/default/deployments/nope"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(missing.statusCode()).isEqualTo(404);
      JsonNode status = new ObjectMapper().readTree(missing.body());
      assertThat(status.get("kind").asText()).isEqualTo("Status");
      assertThat(status.get("reason").asText()).isEqualTo("NotFound");
      assertThat(status.get("message").asText()).isEqualTo("deployments.apps \"nope\" not found");
    }
  }

  @Test
  void shouldRejectOptionsOutOfRange() {
    assertThatThrownBy(() -> FleetSimOptions.defaults(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clusters");
    assertThatThrownBy(() -> FleetSimOptions.defaults(1).withStatsPort(70_000))
        .hasMessageContaining("statsPort");
    assertThatThrownBy(() -> FleetSimOptions.defaults(1).withLatencyMs(-1))
        .hasMessageContaining("latencyMs");
  }
}
