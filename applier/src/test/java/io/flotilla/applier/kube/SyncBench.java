package io.flotilla.applier.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.applier.app.AppStateStore;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.app.Clusters;
import io.flotilla.applier.app.GuardedClusterClient;
import io.flotilla.applier.app.LiveIndex;
import io.flotilla.applier.app.PreparedBundles;
import io.flotilla.applier.app.RetryPolicy;
import io.flotilla.applier.app.SyncRequest;
import io.flotilla.applier.app.SyncService;
import io.flotilla.applier.domain.plan.PlanPolicy;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.SyncCompleted;
import io.flotilla.fleetsim.FleetSim;
import io.flotilla.fleetsim.FleetSimOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The sync path (SyncService → per-cluster budget and retries → fabric8 → fleet-sim), without
 * Kafka: cold sync, one changed object per app, no-op resync, for APPS × CLUSTERS × 4 objects, one
 * thread per cluster as the lanes run them. Not a test (surefire skips *Bench); run by
 * bench/applier/sync.sh, which writes bench/results/applier-sync-<UTC>.json.
 */
class SyncBench {
  private static final int APPS = Integer.getInteger("bench.apps", 100);
  private static final int CLUSTERS = Integer.getInteger("bench.clusters", 10);
  private static final long LATENCY = Long.getLong("bench.latencyMs", 0);
  private static final double QPS = Double.parseDouble(System.getProperty("bench.qps", "50"));
  private static final int BURST = Integer.getInteger("bench.burst", 100);

  @Test
  void run() throws Exception {
    try (FleetSim fleet =
        FleetSim.start(
            FleetSimOptions.defaults(CLUSTERS).withLatencyMs(LATENCY).withStatusDelayMs(200))) {
      Map<String, ClusterClient> clients = new HashMap<>();
      List<KubernetesClient> kubes = new ArrayList<>();
      for (var cluster : fleet.clusters()) {
        KubernetesClient kube = cluster.newClient();
        kubes.add(kube);
        clients.put(
            cluster.name(),
            new GuardedClusterClient(
                new Fabric8ClusterClient(kube),
                new GuardedClusterClient.Budget(QPS, BURST, 4),
                RetryPolicy.exponential(5, Duration.ofMillis(200), 2, Duration.ofSeconds(10)),
                (verb, status, took) -> {},
                d -> Thread.sleep(d.toMillis())));
      }
      SyncService syncs =
          new SyncService(
              name -> new Clusters.Ready(clients.get(name)),
              new AppStateStore(),
              Clock.systemUTC(),
              app -> PlanPolicy.NO_PRUNE,
              new PreparedBundles(),
              new LiveIndex());
      Map<String, Object> figures = new LinkedHashMap<>();

      fleet.resetStats();
      double cold = round(phase(fleet, syncs, 1, figures, "cold"));
      figures.put("cold_sync_seconds", cold);
      figures.put("syncs_per_second", round(APPS * CLUSTERS / cold));
      figures.put("objects_per_second", round(APPS * CLUSTERS * 4 / cold));

      fleet.resetStats();
      double change = phase(fleet, syncs, 2, figures, "change");
      figures.put("change_seconds", round(change));
      figures.put(
          "writes_per_changed_object", round((double) totalWrites(fleet) / (APPS * CLUSTERS)));

      fleet.resetStats();
      double noop = phase(fleet, syncs, 2, figures, "noop");
      figures.put("noop_seconds", round(noop));
      figures.put("noop_writes", totalWrites(fleet));
      figures.put("reads_per_sync", round((double) totalReads(fleet) / (APPS * CLUSTERS)));
      figures.put("noop_syncs_per_second", round(APPS * CLUSTERS / noop));
      kubes.forEach(KubernetesClient::close);
      write(figures);
    }
  }

  private static double phase(
      FleetSim fleet, SyncService syncs, int replicas, Map<String, Object> figures, String name)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLUSTERS);
    long start = System.nanoTime();
    List<Future<Integer>> failures = new ArrayList<>();
    for (var cluster : fleet.clusters()) {
      failures.add(
          pool.submit(
              () -> {
                int failed = 0;
                for (int a = 0; a < APPS; a++) {
                  SyncCompleted done =
                      syncs.sync(
                          desired("app-" + a, cluster.name(), replicas),
                          SyncRequest.automatic(false));
                  failed += done.status() == SyncCompleted.Status.FAILED ? 1 : 0;
                }
                return failed;
              }));
    }
    int failed = 0;
    for (Future<Integer> f : failures) {
      failed += f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    figures.put(name + "_failed_syncs", failed);
    return seconds;
  }

  private static long totalWrites(FleetSim fleet) {
    return fleet.stats().values().stream().mapToLong(c -> c.writes() + c.deletes()).sum();
  }

  private static long totalReads(FleetSim fleet) {
    return fleet.stats().values().stream().mapToLong(c -> c.reads()).sum();
  }

  private static DesiredState desired(String app, String cluster, int replicas) {
    List<Map<String, Object>> resources =
        List.of(
            object("v1", "Namespace", app, Map.of()),
            object("v1", "ConfigMap", "settings", Map.of("data", Map.of("GREETING", "hello"))),
            object(
                "apps/v1",
                "Deployment",
                "web",
                Map.of(
                    "spec",
                    Map.of(
                        "replicas",
                        replicas,
                        "selector",
                        Map.of("matchLabels", Map.of("app", "web")),
                        "template",
                        Map.of(
                            "metadata",
                            Map.of("labels", Map.of("app", "web")),
                            "spec",
                            Map.of(
                                "containers",
                                List.of(Map.of("name", "web", "image", "nginx:1.27"))))))),
            object(
                "v1",
                "Service",
                "web",
                Map.of("spec", Map.of("ports", List.of(Map.of("port", 80))))));
    String revision = String.format("%040d", replicas);
    return new DesiredState(
        app,
        cluster,
        revision,
        app,
        resources,
        EventCodec.sha256(EventCodec.canonical(resources)),
        null);
  }

  private static Map<String, Object> object(
      String apiVersion, String kind, String name, Map<String, Object> body) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", Map.of("name", name));
    object.putAll(body);
    return object;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void write(Map<String, Object> figures) throws Exception {
    String out = System.getProperty("bench.out");
    String ts =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    StringBuilder json = new StringBuilder();
    json.append("{\"scenario\": \"applier-sync\", \"parameters\": {")
        .append("\"apps\": ")
        .append(APPS)
        .append(", \"clusters\": ")
        .append(CLUSTERS)
        .append(", \"objects_per_app\": 4")
        .append(", \"latency_ms\": ")
        .append(LATENCY)
        .append(", \"cluster_qps\": ")
        .append(QPS)
        .append(", \"cluster_burst\": ")
        .append(BURST)
        .append(", \"kafka\": false}, \"machine\": {")
        .append("\"cores\": ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(", \"java\": \"")
        .append(System.getProperty("java.version"))
        .append("\", \"os\": \"")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append("\"}, \"figures\": {");
    boolean first = true;
    for (var e : figures.entrySet()) {
      json.append(first ? "" : ", ")
          .append('"')
          .append(e.getKey())
          .append("\": ")
          .append(String.format(Locale.ROOT, "%s", e.getValue()));
      first = false;
    }
    json.append("}}\n");
    System.out.println("BENCH " + json);
    if (out != null) {
      Path file = Path.of(out, "applier-sync-" + ts + ".json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, json.toString());
      System.out.println("BENCH written " + file);
    }
  }
}
