package io.flotilla.fleetsim;

import static io.flotilla.fleetsim.Fixtures.MANAGER;
import static io.flotilla.fleetsim.Fixtures.configMap;
import static io.flotilla.fleetsim.Fixtures.freshNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private FleetSim fleet;

  @BeforeAll
  void startFleet() {
    fleet = FleetSim.start(FleetSimOptions.defaults(3).withStatsPort(0));
  }

  @AfterAll
  void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void zero() {
    fleet.resetStats();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.statsPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldCountReadsWritesAndDeletesPerClusterAndReset() {
    String ns = freshNamespace();
    try (KubernetesClient client = fleet.cluster("sim-2").newClient()) {
      client.resource(configMap(ns, "a", Map.of())).fieldManager(MANAGER).serverSideApply();
      client.resource(configMap(ns, "b", Map.of())).create();
      client.configMaps().inNamespace(ns).withName("a").get();
      client.configMaps().inNamespace(ns).list();
      client.configMaps().inNamespace(ns).withName("a").delete();
    }

    assertThat(fleet.stats())
        .containsExactly(
            Map.entry("sim-1", RequestCounts.ZERO),
            Map.entry("sim-2", new RequestCounts(2, 2, 1)),
            Map.entry("sim-3", RequestCounts.ZERO));

    fleet.resetStats();
    assertThat(fleet.cluster("sim-2").counts()).isEqualTo(RequestCounts.ZERO);
  }

  @Test
  void shouldServeCountsAsJsonAndResetThemOnPost() throws Exception {
    try (KubernetesClient client = fleet.cluster("sim-1").newClient()) {
      client.configMaps().inNamespace(freshNamespace()).list();
    }

    HttpResponse<String> stats = send("GET", "/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(stats.body());
    assertThat(body.fieldNames()).toIterable().containsExactly("clusters");
    assertThat(body.get("clusters").fieldNames())
        .toIterable()
        .containsExactly("sim-1", "sim-2", "sim-3");
    assertThat(body.get("clusters").get("sim-1"))
        .isEqualTo(JSON.readTree("{\"reads\":1,\"writes\":0,\"deletes\":0}"));

    HttpResponse<String> reset = send("POST", "/stats/reset");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(reset.body()).get("clusters").get("sim-1").get("reads").asLong())
        .isZero();
    assertThat(fleet.cluster("sim-1").counts()).isEqualTo(RequestCounts.ZERO);
  }

  @Test
  void shouldAnswerWrongMethodsAndUnknownPathsWithJsonErrors() throws Exception {
    HttpResponse<String> wrongMethod = send("DELETE", "/stats");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
    assertThat(JSON.readTree(wrongMethod.body()).get("error").asText())
        .isEqualTo("method_not_allowed");

    HttpResponse<String> getReset = send("GET", "/stats/reset");
    assertThat(getReset.statusCode()).isEqualTo(405);

    HttpResponse<String> unknown = send("GET", "/metrics");
    assertThat(unknown.statusCode()).isEqualTo(404);
    JsonNode error = JSON.readTree(unknown.body());
    assertThat(error.get("error").asText()).isEqualTo("not_found");
    assertThat(error.get("message").asText()).contains("/metrics");
  }
}
