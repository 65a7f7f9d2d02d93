package io.flotilla.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static JsonNode workload(String kind, String replicas, String image) throws Exception {
    String spec = replicas == null ? "" : "'replicas':" + replicas + ",";
    return JSON.readTree(
        ("{'kind':'"
                + kind
                + "','apiVersion':'apps/v1','metadata':{'name':'w','generation':3},"
                + "'spec':{"
                + spec
                + "'template':{'spec':{"
                + "'initContainers':[{'name':'init','image':'busybox:1'}],"
                + "'containers':[{'name':'c','image':'"
                + image
                + "'}]}}}}")
            .replace('\'', '"'));
  }

  @ParameterizedTest
  @CsvSource({
    "nginx:broken, broken",
    "nginx, ''",
    "registry.local:5000/team/app, ''",
    "registry.local:5000/team/app:broken, broken",
    "app:1.2@sha256:abc, 1.2",
  })
  void shouldReadTheTagOfAnImageReference(String image, String tag) {
    assertThat(WorkloadStatus.tagOf(image)).isEqualTo(tag);
  }

  @Test
  void shouldDefaultToOneReadyReplica() throws Exception {
    JsonNode status = WorkloadStatus.of(workload("Deployment", null, "nginx:1"), NOW);

    assertThat(status.path("observedGeneration").asLong()).isEqualTo(3);
    assertThat(status.path("readyReplicas").asInt()).isEqualTo(1);
    assertThat(status.has("unavailableReplicas")).as("zero counters are omitted").isFalse();
    assertThat(status.path("conditions").get(0).path("lastTransitionTime").asText())
        .isEqualTo("2030-01-01T00:00:00Z");
  }

  @Test
  void shouldTreatAWorkloadScaledToZeroAsAvailableEvenWithABrokenImage() throws Exception {
    JsonNode status = WorkloadStatus.of(workload("Deployment", "0", "nginx:broken"), NOW);

    assertThat(status.has("replicas")).isFalse();
    assertThat(status.path("conditions").get(0).path("status").asText()).isEqualTo("True");
  }

  @Test
  void shouldGiveStatefulSetsRevisionsButNoConditions() throws Exception {
    JsonNode status = WorkloadStatus.of(workload("StatefulSet", "2", "nginx:broken"), NOW);

    assertThat(status.has("conditions")).isFalse();
    assertThat(status.has("readyReplicas")).isFalse();
    assertThat(status.path("currentReplicas").asInt()).isEqualTo(2);
    assertThat(status.path("currentRevision").asText())
        .startsWith("w-")
        .isEqualTo(status.path("updateRevision").asText());
  }
}
