package io.flotilla.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * The fault-control endpoint of the stats server, so a test driving fleet-sim as a process can
 * break one cluster and heal it again:
 *
 * <ul>
 *   <li>{@code GET /faults/<cluster>} → {@code {"cluster", "up", "faults": {...}}}
 *   <li>{@code POST /faults/<cluster>} with any of {@code {"failAlways": 500}}, {@code {"throttle":
 *       2}} (429 with {@code Retry-After: 2} for every request), {@code {"latencyMs": 30000}},
 *       {@code {"down": true}} (the cluster's API server stops; its port refuses connections) or
 *       {@code {"down": false}} (started again on the same port, objects kept)
 *   <li>{@code DELETE /faults/<cluster>} clears every fault and starts the server again if down
 * </ul>
 */
final class FaultControl {
  static final String PREFIX = "/faults/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("failAlways", "throttle", "latencyMs", "down");

  private final Function<String, SimCluster> clusters;

  FaultControl(Function<String, SimCluster> clusters) {
    this.clusters = clusters;
  }

  /** The answer: status and body. Bad input gets 400 naming the field; an unknown cluster 404. */
  Answer handle(String method, String path, byte[] body) {
    String name = path.substring(PREFIX.length());
    SimCluster cluster = clusters.apply(name);
    if (cluster == null) {
      return new Answer(404, error("not_found", "no simulated cluster '" + name + "'"));
    }
    switch (method) {
      case "GET" -> {
        return new Answer(200, state(cluster));
      }
      case "DELETE" -> {
        cluster.faults().clear();
        cluster.bringUp();
        return new Answer(200, state(cluster));
      }
      case "POST" -> {
        return post(cluster, body);
      }
      default -> {
        return new Answer(
            405,
            error(
                "method_not_allowed",
                method + " is not allowed on " + path + "; use GET, POST or DELETE"));
      }
    }
  }

  private Answer post(SimCluster cluster, byte[] body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      return new Answer(400, error("bad_request", "the body is not JSON: " + e.getMessage()));
    }
    if (request == null || !request.isObject() || request.isEmpty()) {
      return new Answer(
          400, error("bad_request", "the body must be a JSON object with any of " + FIELDS));
    }
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        return new Answer(
            400, error("bad_request", "unknown field '" + field + "'; known: " + FIELDS));
      }
    }
    JsonNode fail = request.get("failAlways");
    JsonNode throttle = request.get("throttle");
    JsonNode latency = request.get("latencyMs");
    JsonNode down = request.get("down");
    if (fail != null && throttle != null) {
      return new Answer(400, error("bad_request", "give failAlways or throttle, not both"));
    }
    if (fail != null && (!fail.canConvertToInt() || fail.asInt() < 400 || fail.asInt() > 599)) {
      return new Answer(
          400, error("bad_request", "failAlways must be an HTTP status 400-599, was " + fail));
    }
    if (throttle != null && (!throttle.canConvertToInt() || throttle.asInt() < 0)) {
      return new Answer(
          400, error("bad_request", "throttle must be Retry-After seconds >= 0, was " + throttle));
    }
    if (latency != null && (!latency.canConvertToLong() || latency.asLong() < 0)) {
      return new Answer(400, error("bad_request", "latencyMs must be >= 0, was " + latency));
    }
    if (down != null && !down.isBoolean()) {
      return new Answer(400, error("bad_request", "down must be true or false, was " + down));
    }
    if (fail != null) {
      cluster.faults().failAlways(fail.asInt());
    }
    if (throttle != null) {
      cluster.faults().throttleAlways(throttle.asInt());
    }
    if (latency != null) {
      cluster.faults().latencyMs(latency.asLong());
    }
    if (down != null) {
      if (down.asBoolean()) {
        cluster.takeDown();
      } else {
        cluster.bringUp();
      }
    }
    return new Answer(200, state(cluster));
  }

  static ObjectNode state(SimCluster cluster) {
    ObjectNode node = JSON.createObjectNode();
    node.put("cluster", cluster.name());
    node.put("url", cluster.url());
    node.put("up", cluster.isUp());
    node.set("faults", JSON.valueToTree(cluster.faults().describe()));
    return node;
  }

  static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("error", code).put("message", message);
  }

  record Answer(int status, ObjectNode body) {}
}
