package io.flotilla.fleetsim;

import static io.flotilla.fleetsim.Fixtures.MANAGER;
import static io.flotilla.fleetsim.Fixtures.configMap;
import static io.flotilla.fleetsim.Fixtures.freshNamespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Fault control over HTTP, as tests of the platform drive the fleet-sim process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultControlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private FleetSim fleet;

  @BeforeAll
  void startFleet() {
    fleet = FleetSim.start(FleetSimOptions.defaults(2).withStatsPort(0));
  }

  @AfterAll
  void stopFleet() {
    fleet.close();
  }

  private HttpResponse<String> control(String method, String cluster, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fleet.statsPort() + "/faults/" + cluster))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String cluster, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(fleet.cluster(cluster).url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldFailThrottleAndClearOneClusterOverHttp() throws Exception {
    String path = "/api/v1/namespaces/default/configmaps";
    HttpResponse<String> set = control("POST", "sim-1", "{\"failAlways\": 503}");
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(set.body()).path("faults").path("failAlways").asInt()).isEqualTo(503);
    assertThat(get("sim-1", path).statusCode()).isEqualTo(503);
    assertThat(get("sim-2", path).statusCode()).isEqualTo(200);

    control("POST", "sim-1", "{\"throttle\": 3}");
    HttpResponse<String> throttled = get("sim-1", path);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(get("sim-1", path).statusCode()).isEqualTo(429);

    HttpResponse<String> cleared = control("DELETE", "sim-1", null);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(cleared.body()).path("faults").isEmpty()).isTrue();
    assertThat(get("sim-1", path).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldStopAClusterAndServeItAgainOnTheSamePortWithItsObjects() throws Exception {
    String ns = freshNamespace();
    String url = fleet.cluster("sim-2").url();
    try (KubernetesClient client = fleet.cluster("sim-2").newClient()) {
      client
          .resource(configMap(ns, "kept", Map.of("k", "v")))
          .fieldManager(MANAGER)
          .serverSideApply();
    }

    JsonNode down = JSON.readTree(control("POST", "sim-2", "{\"down\": true}").body());
    assertThat(down.path("up").asBoolean()).isFalse();
    assertThatThrownBy(() -> get("sim-2", "/version")).isInstanceOf(ConnectException.class);

    JsonNode up = JSON.readTree(control("DELETE", "sim-2", null).body());
    assertThat(up.path("up").asBoolean()).isTrue();
    assertThat(fleet.cluster("sim-2").url()).isEqualTo(url);
    assertThat(get("sim-2", "/version").statusCode()).isEqualTo(200);
    try (KubernetesClient client = fleet.cluster("sim-2").newClient()) {
      assertThat(client.configMaps().inNamespace(ns).withName("kept").get().getData())
          .containsEntry("k", "v");
    }
  }

  @Test
  void shouldRefuseBadRequestsNamingWhatIsWrong() throws Exception {
    HttpResponse<String> unknown = control("POST", "sim-9", "{\"down\": true}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("sim-9");
    HttpResponse<String> field = control("POST", "sim-1", "{\"explode\": true}");
    assertThat(field.statusCode()).isEqualTo(400);
    assertThat(field.body()).contains("explode");
    HttpResponse<String> status = control("POST", "sim-1", "{\"failAlways\": 200}");
    assertThat(status.statusCode()).isEqualTo(400);
    assertThat(status.body()).contains("failAlways");
    HttpResponse<String> notJson = control("POST", "sim-1", "{");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(control("PUT", "sim-1", "{}").statusCode()).isEqualTo(405);
  }
}
