package io.flotilla.applier.kube;

import io.flotilla.applier.app.ApplierConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * One health check per cluster of the fleet in force (added and removed as the fleet changes)
 * (SmallRye's "wellness" group: part of {@code /q/health} and {@code /q/health/well}, not of
 * readiness — one unreachable cluster must not take the applier, which still serves every other
 * cluster, out of service), named {@code cluster:<name>}: UP when its API server answers {@code GET
 * /version}, DOWN with the reason otherwise (or when its kubeconfig could not be used). Reports the
 * cluster name and API server URL, never credentials. A probe result is reused for {@code
 * FLOTILLA_HEALTH_CLUSTER_PROBE_INTERVAL} so frequent probes of a large fleet do not flood the API
 * servers.
 */
@Startup
@Singleton
public class ClusterReadiness {

  @Inject
  public ClusterReadiness(
      ClusterRegistry registry,
      @Wellness HealthRegistry health,
      ApplierConfig config,
      Clock clock) {
    Duration interval = config.health().clusterProbeInterval();
    registry.onChange(
        connections -> {
          synchronized (registered) {
            Map<String, ClusterRegistry.Connection> now = new HashMap<>();
            connections.forEach(c -> now.put("cluster:" + c.name(), c));
            for (var it = registered.entrySet().iterator(); it.hasNext(); ) {
              var e = it.next();
              if (now.get(e.getKey()) != e.getValue()) {
                health.remove(e.getKey());
                it.remove();
              }
            }
            now.forEach(
                (id, c) -> {
                  if (!registered.containsKey(id)) {
                    health.register(id, new Probe(c, interval, clock));
                    registered.put(id, c);
                  }
                });
          }
        });
  }

  private final Map<String, ClusterRegistry.Connection> registered = new HashMap<>();

  /** The cached probe of one cluster. */
  static final class Probe implements AsyncHealthCheck {
    private final ClusterRegistry.Connection connection;
    private final Duration interval;
    private final Clock clock;
    private HealthCheckResponse last;
    private Instant lastAt = Instant.MIN;

    Probe(ClusterRegistry.Connection connection, Duration interval, Clock clock) {
      this.connection = connection;
      this.interval = interval;
      this.clock = clock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
      return Uni.createFrom()
          .item(this::cachedOrProbe)
          .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private synchronized HealthCheckResponse cachedOrProbe() {
      Instant now = clock.instant();
      if (last == null || !now.isBefore(lastAt.plus(interval))) {
        last = probe();
        lastAt = now;
      }
      return last;
    }

    private HealthCheckResponse probe() {
      var response =
          HealthCheckResponse.named("cluster:" + connection.name())
              .withData("cluster", connection.name())
              .withData("server", connection.server());
      if (connection.problem() != null) {
        return response.down().withData("reason", connection.problem()).build();
      }
      try {
        String version = connection.client().getKubernetesVersion().getGitVersion();
        return response.up().withData("version", String.valueOf(version)).build();
      } catch (RuntimeException e) {
        String reason =
            e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
                ? Fabric8ClusterClient.describe(k)
                : Errors.describe(e);
        return response.down().withData("reason", reason).build();
      }
    }
  }
}
