package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Watches the applier's {@code GET /api/v1/apps/{app}} until a revision is applied everywhere. */
public final class Rollout {
  private Rollout() {}

  /** The applier's view of one app, per cluster name. */
  public static Map<String, JsonNode> clusters(String applierUrl, String app) {
    Map<String, JsonNode> byCluster = new LinkedHashMap<>();
    Http.get(applierUrl + "/api/v1/apps/" + app)
        .path("clusters")
        .forEach(c -> byCluster.put(c.path("cluster").asText(), c));
    return byCluster;
  }

  /**
   * Waits until every one of {@code clusters} reports {@code revision} applied and synced; prints
   * progress every few seconds. Returns the final per-cluster view.
   *
   * @throws IllegalStateException after {@code timeout}, with the last state seen
   */
  public static Map<String, JsonNode> await(
      String applierUrl,
      String app,
      String revision,
      List<String> clusters,
      Duration timeout,
      PrintStream out) {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextReport = Instant.now().plusSeconds(2);
    Map<String, JsonNode> state = Map.of();
    while (Instant.now().isBefore(deadline)) {
      state = clusters(applierUrl, app);
      Map<String, JsonNode> seen = state;
      if (clusters.stream().allMatch(c -> isApplied(seen.get(c), revision))) {
        return state;
      }
      if (Instant.now().isAfter(nextReport)) {
        out.println("   waiting: " + describe(state, clusters, revision));
        nextReport = Instant.now().plusSeconds(2);
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "revision "
            + revision
            + " of "
            + app
            + " was not applied everywhere within "
            + timeout.toSeconds()
            + " s: "
            + describe(state, clusters, revision));
  }

  static boolean isApplied(JsonNode cluster, String revision) {
    return cluster != null
        && revision.equals(cluster.path("appliedRevision").asText())
        && "Synced".equals(cluster.path("syncState").asText());
  }

  private static String describe(Map<String, JsonNode> state, List<String> clusters, String rev) {
    return clusters.stream()
        .map(
            c -> {
              JsonNode s = state.get(c);
              if (s == null) {
                return c + "=unknown";
              }
              String applied = s.path("appliedRevision").asText("");
              return c
                  + "="
                  + s.path("syncState").asText("?")
                  + (applied.equals(rev)
                      ? ""
                      : applied.isEmpty()
                          ? " (nothing applied yet)"
                          : " (applied " + shortSha(applied) + ")")
                  + (s.path("lastError").isTextual()
                      ? " error: " + s.path("lastError").asText()
                      : "");
            })
        .collect(Collectors.joining(", "));
  }

  public static String shortSha(String sha) {
    return sha == null || sha.length() < 8 ? String.valueOf(sha) : sha.substring(0, 8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a rollout", e);
    }
  }
}
