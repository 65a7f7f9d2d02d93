package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private static FleetSim fleet;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    fleet = FleetSim.start(FleetSimOptions.defaults(2));
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  private static HttpResponse<String> get(String cluster, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(fleet.cluster(cluster).url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldFailTheNextRequestsOfOneClusterOnlyThenServeAgain() throws Exception {
    fleet.cluster("sim-1").faults().failNext(2, 500);
    String path = "/api/v1/namespaces/default/configmaps";

    assertThat(get("sim-1", path).statusCode()).isEqualTo(500);
    assertThat(get("sim-2", path).statusCode()).isEqualTo(200);
    HttpResponse<String> second = get("sim-1", path);
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(second.body()).contains("\"kind\":\"Status\"").contains("InternalError");
    assertThat(get("sim-1", path).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldThrottleWithRetryAfterAndLeaveVersionAlone() throws Exception {
    fleet.cluster("sim-2").faults().throttleNext(1, 2);

    assertThat(get("sim-2", "/version").statusCode()).isEqualTo(200);
    HttpResponse<String> throttled = get("sim-2", "/api/v1/namespaces");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(throttled.body()).contains("\"retryAfterSeconds\":2");
    assertThat(get("sim-2", "/api/v1/namespaces").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldFailUntilClearedWhenAskedTo() throws Exception {
    fleet.cluster("sim-1").faults().failAlways(503);
    assertThat(get("sim-1", "/api/v1/namespaces").statusCode()).isEqualTo(503);
    assertThat(get("sim-1", "/api/v1/namespaces").statusCode()).isEqualTo(503);
    fleet.cluster("sim-1").faults().clear();
    assertThat(get("sim-1", "/api/v1/namespaces").statusCode()).isEqualTo(200);
  }
}
