package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code .status} a Deployment or StatefulSet controller would eventually write, computed from
 * the object alone. Pure: the caller decides when to write it.
 *
 * <p>A workload becomes fully ready unless a container or init container image of its pod template
 * has the tag {@code broken} (e.g. {@code nginx:broken}): then its pods "never become ready".
 * Counters that are zero are omitted, as the real API server does ({@code omitempty}), so code
 * reading {@code readyReplicas} must treat {@code null} as 0 here as it must against a real
 * cluster. StatefulSets get no conditions, as real StatefulSet controllers set none.
 */
final class WorkloadStatus {
  static final String BROKEN_TAG = "broken";

  private WorkloadStatus() {}

  /**
   * The status for {@code workload} (a Deployment or StatefulSet as JSON) observed at {@code now}.
   */
  static ObjectNode of(JsonNode workload, Instant now) {
    String kind = workload.path("kind").asText();
    long generation = workload.path("metadata").path("generation").asLong(1);
    int replicas = workload.path("spec").path("replicas").asInt(1);
    boolean ready = replicas == 0 || !hasBrokenImage(workload.path("spec").path("template"));
    int readyCount = ready ? replicas : 0;

    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("observedGeneration", generation);
    putCount(status, "replicas", replicas);
    putCount(status, "updatedReplicas", replicas);
    putCount(status, "readyReplicas", readyCount);
    putCount(status, "availableReplicas", readyCount);
    if ("StatefulSet".equals(kind)) {
      putCount(status, "currentReplicas", replicas);
      String revision =
          workload.path("metadata").path("name").asText()
              + "-"
              + Integer.toHexString(workload.path("spec").path("template").hashCode());
      status.put("currentRevision", revision);
      status.put("updateRevision", revision);
      return status;
    }
    putCount(status, "unavailableReplicas", replicas - readyCount);
    String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
    String replicaSet = workload.path("metadata").path("name").asText() + "-sim";
    ArrayNode conditions = status.putArray("conditions");
    if (ready) {
      condition(
          conditions,
          "Available",
          "True",
          "MinimumReplicasAvailable",
          "Deployment has minimum availability.",
          at);
      condition(
          conditions,
          "Progressing",
          "True",
          "NewReplicaSetAvailable",
          "ReplicaSet \"" + replicaSet + "\" has successfully progressed.",
          at);
    } else {
      condition(
          conditions,
          "Available",
          "False",
          "MinimumReplicasUnavailable",
          "Deployment does not have minimum availability.",
          at);
      condition(
          conditions,
          "Progressing",
          "False",
          "ProgressDeadlineExceeded",
          "ReplicaSet \"" + replicaSet + "\" has timed out progressing.",
          at);
    }
    return status;
  }

  /** Whether any container or init container image in a pod template has the tag "broken". */
  static boolean hasBrokenImage(JsonNode podTemplate) {
    JsonNode spec = podTemplate.path("spec");
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        if (BROKEN_TAG.equals(tagOf(container.path("image").asText()))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The tag of an image reference, or "" when it has none ({@code host:5000/app} has none). */
  static String tagOf(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "";
  }

  private static void putCount(ObjectNode status, String field, int value) {
    if (value != 0) {
      status.put(field, value);
    }
  }

  private static void condition(
      ArrayNode conditions, String type, String value, String reason, String message, String at) {
    ObjectNode c = conditions.addObject();
    c.put("type", type);
    c.put("status", value);
    c.put("lastUpdateTime", at);
    c.put("lastTransitionTime", at);
    c.put("reason", reason);
    c.put("message", message);
  }
}
