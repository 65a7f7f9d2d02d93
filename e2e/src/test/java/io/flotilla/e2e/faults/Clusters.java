package io.flotilla.e2e.faults;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated clusters of a fault test: what is live on them (read straight from each cluster,
 * not from any Flotilla view), and fleet-sim's fault control ({@code /faults/<cluster>}).
 */
public final class Clusters {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path credentials;
  private final String statsBase;
  private final PrintStream out;

  /**
   * @param credentials the kubeconfigs folder
   * @param statsPort fleet-sim's stats (and fault-control) port
   */
  public Clusters(Path credentials, int statsPort, PrintStream out) {
    this.credentials = credentials;
    this.statsBase = "http://127.0.0.1:" + statsPort;
    this.out = out;
  }

  /** The Deployment {@code app}'s replicas on {@code cluster}, or -1 when absent/unreachable. */
  public int replicas(String cluster, String app) {
    try (KubernetesClient k8s = client(cluster)) {
      Deployment d = k8s.apps().deployments().inNamespace(app).withName(app).get();
      return d == null ? -1 : d.getSpec().getReplicas();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private KubernetesClient client(String cluster) {
    try {
      String kubeconfig =
          java.nio.file.Files.readString(credentials.resolve(cluster + ".kubeconfig"));
      Config config = Config.fromKubeconfig(kubeconfig);
      config.setRequestTimeout(5_000);
      config.setConnectionTimeout(2_000);
      config.setRequestRetryBackoffLimit(0);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the kubeconfig of " + cluster, e);
    }
  }

  /**
   * Waits until every cluster runs {@code replicas} replicas of {@code app} (each commit of a fault
   * test sets a new count); returns how long that took.
   *
   * @throws AssertionError after {@code timeout}, naming what each cluster runs
   */
  public Duration awaitReplicas(List<String> clusters, String app, int replicas, Duration timeout) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    Map<String, Integer> seen = new LinkedHashMap<>();
    while (Instant.now().isBefore(deadline)) {
      seen.clear();
      clusters.forEach(c -> seen.put(c, replicas(c, app)));
      if (seen.values().stream().allMatch(r -> r == replicas)) {
        return Duration.between(start, Instant.now());
      }
      sleep(Duration.ofMillis(250));
    }
    throw new AssertionError(
        app + " did not reach " + replicas + " replicas within " + timeout + ": " + seen);
  }

  /** {@code POST /faults/<cluster>} with {@code json}, e.g. {@code {"failAlways": 500}}. */
  public void fault(String cluster, String json) {
    send("POST", cluster, json);
  }

  /** {@code DELETE /faults/<cluster>}: every fault cleared, the API server up again. */
  public void heal(String cluster) {
    send("DELETE", cluster, null);
  }

  private void send(String method, String cluster, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(statsBase + "/faults/" + cluster))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            method + " /faults/" + cluster + " answered " + r.statusCode() + ": " + r.body());
      }
      out.println("   fleet-sim " + method + " /faults/" + cluster + " -> " + r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " /faults/" + cluster + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
