package io.flotilla.applier.domain.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each folder under {@code src/test/resources/cases/health/} holds one live object
 * ({@code live.yaml}; empty: the object is absent, named by {@code ref} in the expectation) and the
 * health expected ({@code expected-health.json}: status and message).
 */
class HealthCasesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(HealthCasesTest.class.getResource("/cases/health").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldAssessHealthAsExpected(String name) throws Exception {
    Path dir = Path.of(HealthCasesTest.class.getResource("/cases/health/" + name).toURI());
    JsonNode expected = JSON.readTree(dir.resolve("expected-health.json").toFile());
    String text = Files.readString(dir.resolve("live.yaml"));
    HealthResult result;
    if (text.isBlank()) {
      String[] ref = expected.get("ref").asText().split("[ /]");
      result = Health.of(new ObjectRef(ref[0] + "/" + ref[1], ref[2], ref[3], ref[4]), Live.ABSENT);
    } else {
      Map<String, Object> live = YAML.readValue(text, new TypeReference<>() {});
      result = Health.of(ObjectRef.of(live), new Live.Present(live));
    }
    assertThat(result.status().label()).isEqualTo(expected.get("status").asText());
    assertThat(result.message()).isEqualTo(expected.get("message").asText());
  }

  @Test
  void shouldAggregateToTheWorstAndNameEveryUnhealthyObject() {
    HealthResult all =
        Health.aggregate(
            List.of(
                HealthResult.HEALTHY,
                new HealthResult(HealthStatus.PROGRESSING, "Deployment a/b: 0 of 1 available"),
                new HealthResult(HealthStatus.DEGRADED, "Job a/c: job failed")));

    assertThat(all.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(all.message()).isEqualTo("Deployment a/b: 0 of 1 available; Job a/c: job failed");
    assertThat(Health.aggregate(List.of()).status()).isEqualTo(HealthStatus.HEALTHY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldOnlyTakeForExistenceOnlyWhatEveryCaseFindsHealthyWhenPresent(String name)
      throws Exception {
    Path dir = Path.of(HealthCasesTest.class.getResource("/cases/health/" + name).toURI());
    String text = Files.readString(dir.resolve("live.yaml"));
    if (text.isBlank()) {
      return; // absent: nothing to classify
    }
    Map<String, Object> live = YAML.readValue(text, new TypeReference<>() {});
    if (Health.existenceOnly(live)) {
      assertThat(Health.assess(live).status()).isEqualTo(HealthStatus.HEALTHY);
    }
  }

  @Test
  void shouldTakeOnlyKindsWithoutAControllerWrittenStatusForExistenceOnly() {
    assertThat(Health.existenceOnly(object("v1", "ConfigMap", Map.of()))).isTrue();
    assertThat(Health.existenceOnly(object("v1", "ServiceAccount", Map.of()))).isTrue();
    assertThat(
            Health.existenceOnly(object("rbac.authorization.k8s.io/v1", "RoleBinding", Map.of())))
        .isTrue();
    assertThat(Health.existenceOnly(object("v1", "Service", Map.of("spec", Map.of())))).isTrue();
    assertThat(
            Health.existenceOnly(
                object("v1", "Service", Map.of("spec", Map.of("type", "LoadBalancer")))))
        .isFalse();
    assertThat(Health.existenceOnly(object("apps/v1", "Deployment", Map.of()))).isFalse();
    assertThat(Health.existenceOnly(object("v1", "Namespace", Map.of()))).isFalse();
    assertThat(Health.existenceOnly(object("example.com/v1", "ConfigMap", Map.of()))).isFalse();
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, Map<String, Object> rest) {
    Map<String, Object> object = new java.util.HashMap<>(rest);
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", Map.of("name", "x"));
    return object;
  }
}
