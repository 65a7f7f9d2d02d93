import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Fleet-scale scenarios through a whole platform (platform.sh): cold fleet sync (fleet-cold-sync,
 * with per-service resources), no-op resync (fleet-noop), one-app change via webhook
 * (fleet-change, with writes per changed object), scale-out over applier instances with injected
 * fleet-sim latency (fleet-scaleout). See bench/README.md.
 *
 * <p>usage: FleetBench [--apps M] [--clusters N] [--reps R] [--scale-apps M5] [--scale-clusters N5]
 * [--instances 1,2,3] [--latency-ms 20] [--scale-parallelism 4|default] [--scale-warmup-apps 20]
 * [--scenarios main,scaleout] [--timeout-s 900] [--tag t]
 */
public final class FleetBench {
  static final String SYNC = "io.flotilla.sync.completed.v1";
  final Map<String, String> opt = new LinkedHashMap<>();
  final Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
  final Path work;
  final String stamp =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());

  FleetBench(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    work = Files.createTempDirectory("fleetbench-");
  }

  int num(String k, int dflt) {
    return Integer.parseInt(opt.getOrDefault(k, String.valueOf(dflt)));
  }

  public static void main(String[] args) throws Exception {
    FleetBench b = new FleetBench(args);
    List<String> scenarios = Arrays.asList(b.opt.getOrDefault("scenarios", "main,scaleout").split(","));
    try {
      if (scenarios.contains("main") || scenarios.contains("cold")) b.mainScenarios(!scenarios.contains("main"));
      if (scenarios.contains("scaleout")) b.scaleOut();
    } finally {
      if (!"true".equals(System.getenv("BENCH_KEEP"))) {
        try (var files = Files.walk(b.work)) {
          files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
      } else {
        System.out.println("kept " + b.work);
      }
    }
  }

  // ---------------------------------------------------------------- scenarios 1, 2, 3, 4, 6
  /** Scenarios 1 and 6, then (unless {@code coldOnly}, for comparing builds quickly) 3, 2 and 4. */
  void mainScenarios(boolean coldOnly) throws Exception {
    int apps = num("apps", 20);
    int clusters = num("clusters", 3);
    int reps = num("reps", 5);
    Path d = Files.createDirectories(work.resolve("main"));
    Path appsRepo = d.resolve("apps-repo");
    Path fleetRepo = d.resolve("fleet-repo");
    FleetGen.writeAppsRepo(appsRepo, apps);
    FleetGen.writeFleetRepo(fleetRepo, clusters);
    BenchPlatform p = new BenchPlatform(root, d, fleetRepo, clusters, 1, num("latency0", 0));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("apps", apps);
    params.put("clusters", clusters);
    params.put("objects_per_app", 4);
    params.put("applier_instances", 1);
    try {
      p.up();
      // (1) + (6) cold fleet sync, resources per service
      Map<String, long[]> before = procAll(p);
      Cold cold = coldSync(p, fleetRepo, appsRepo, apps, clusters);
      Map<String, long[]> after = procAll(p);
      p.verifyAudit();
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("cold_sync_seconds", cold.seconds);
      f.put("objects_per_second", cold.objectsPerSecond());
      f.put("pair_p50_ms", pct(cold.pairMs, 50));
      f.put("pair_p99_ms", pct(cold.pairMs, 99));
      f.put("cold_writes", cold.writes);
      f.put("cold_reads", cold.reads);
      f.put("writes_per_object_cold", cold.writes / (double) (apps * clusters * 4));
      Map<String, double[]> res = new LinkedHashMap<>();
      for (var e : after.entrySet()) {
        long[] b0 = before.get(e.getKey());
        double rss = e.getValue()[0] / 1024.0;
        double cpu = (e.getValue()[1] - (b0 == null ? 0 : b0[1])) / 100.0;
        String key = e.getKey().replace('-', '_');
        f.put(key + "_rss_mb", round(rss));
        f.put(key + "_cpu_seconds", round(cpu));
        if (e.getKey().equals("applier")) f.put("applier_rss_mb", round(rss));
        res.put(e.getKey(), new double[] {rss, cpu});
      }
      Path json = write("fleet-cold-sync", params, f);
      Plots.resources(res, sibling(json, ".png"));
      Plots.histogram("cold sync: per (app, cluster) latency", cold.pairMs, sibling(json, "-pairs.png"));
      if (coldOnly) return;

      // (3) no-op resync
      long[] s0 = p.simStats();
      long t0 = System.currentTimeMillis();
      for (int i = 1; i <= apps; i++)
        p.post(
            "http://127.0.0.1:18383/api/v1/control/sync",
            "{\"app\": \"" + FleetGen.app(i) + "\", \"reason\": \"bench no-op resync\"}");
      double noopS = waitPairs(p, t0, "app like 'bench-%'", apps * clusters, false) / 1000.0;
      long[] s1 = p.simStats();
      p.verifyAudit();
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("noop_writes", s1[1] - s0[1] + s1[2] - s0[2]);
      fn.put("noop_reads", s1[0] - s0[0]);
      fn.put("noop_seconds", round(noopS));
      write("fleet-noop", params, fn);

      // (2) + (4) one-app change via webhook, writes per changed object
      List<Double> lat = new ArrayList<>();
      long[] c0 = p.simStats();
      for (int r = 1; r <= reps; r++) {
        FleetGen.writeApp(appsRepo, 1, r);
        FleetGen.commit(appsRepo, "bench-0001: generation " + r);
        long start = System.currentTimeMillis();
        p.webhook("file://" + appsRepo);
        long ms = waitPairs(p, start, "app = 'bench-0001'", clusters, true);
        lat.add((double) ms);
        System.out.printf("change %d: converged on %d clusters in %d ms%n", r, clusters, ms);
      }
      long[] c1 = p.simStats();
      p.verifyAudit();
      Map<String, Object> fc = new LinkedHashMap<>();
      double[] l = lat.stream().mapToDouble(Double::doubleValue).toArray();
      fc.put("change_p50_ms", pct(l, 50));
      fc.put("change_p99_ms", pct(l, 99));
      fc.put("change_max_ms", pct(l, 100));
      fc.put("writes_per_changed_object", round((c1[1] - c0[1]) / (double) (reps * clusters)));
      fc.put("change_reads_per_cluster_sync", round((c1[0] - c0[0]) / (double) (reps * clusters)));
      Map<String, Object> pc = new LinkedHashMap<>(params);
      pc.put("repetitions", reps);
      pc.put("changed_objects_per_cluster", 1);
      Path cj = write("fleet-change", pc, fc);
      Plots.histogram("one-app change: commit to converged on " + clusters + " clusters", l, sibling(cj, ".png"));
    } finally {
      p.down();
    }
  }

  // ---------------------------------------------------------------- scenario 5
  void scaleOut() throws Exception {
    int apps = num("scale-apps", 20);
    int clusters = num("scale-clusters", 3);
    int latency = num("latency-ms", 20);
    // Syncs in flight per instance: a pod's capacity. At the applier's default (32) one instance
    // already uses both cores of a 2-core machine, and a second one has no cores to add.
    String parallelism = opt.getOrDefault("scale-parallelism", "4");
    // Apps synced (and the machine let settle) before the measured commit: the measurement is of a
    // running platform, not of JVMs warming up. Each applier instance warms up on its own, on the
    // same 2 cores, so an unwarmed run charges the second instance's start-up to the scale-out.
    int warm = num("scale-warmup-apps", 20);
    List<Integer> inst = new ArrayList<>();
    for (String s : opt.getOrDefault("instances", "1,2,3").split(",")) inst.add(Integer.parseInt(s));
    Map<String, Object> f = new LinkedHashMap<>();
    Map<Integer, Double> tp = new LinkedHashMap<>();
    Map<Integer, Double> steady = new LinkedHashMap<>();
    for (int n : inst) {
      Path d = Files.createDirectories(work.resolve("scale-" + n));
      FleetGen.writeAppsRepo(d.resolve("apps-repo"), apps, warm);
      FleetGen.writeFleetRepo(d.resolve("fleet-repo"), clusters);
      BenchPlatform p = new BenchPlatform(root, d, d.resolve("fleet-repo"), clusters, n, latency);
      if (!parallelism.equals("default")) p.env.put("FLOTILLA_APPLY_PARALLELISM", parallelism);
      try {
        p.up();
        warmUp(p, d.resolve("fleet-repo"), d.resolve("apps-repo"), warm, clusters);
        Cold c = coldSync(p, d.resolve("fleet-repo"), d.resolve("apps-repo"), apps, clusters);
        p.verifyAudit();
        tp.put(n, c.objectsPerSecond());
        f.put("objects_per_second_" + n, c.objectsPerSecond());
        f.put("cold_sync_seconds_" + n, c.seconds);
        f.put("objects_per_second_steady_" + n, c.steadyObjectsPerSecond());
        steady.put(n, c.steadyObjectsPerSecond());
      } finally {
        p.down();
      }
    }
    if (tp.containsKey(1) && tp.containsKey(2)) f.put("scaleout_speedup_2", round(tp.get(2) / tp.get(1)));
    if (tp.containsKey(1) && tp.containsKey(3)) f.put("scaleout_speedup_3", round(tp.get(3) / tp.get(1)));
    if (steady.containsKey(1) && steady.containsKey(2))
      f.put("scaleout_speedup_steady_2", round(steady.get(2) / steady.get(1)));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("apps", apps);
    params.put("clusters", clusters);
    params.put("objects_per_app", 4);
    params.put("latency_ms", latency);
    params.put("apply_parallelism_per_instance", parallelism);
    params.put("instances", inst.toString());
    params.put("warmup_apps", warm);
    Path json = write("fleet-scaleout", params, f);
    Plots.throughput(tp, sibling(json, ".png"));
  }

  // ---------------------------------------------------------------- shared
  record Cold(double seconds, double[] pairMs, long writes, long reads, int objects) {
    double objectsPerSecond() {
      return round(objects / seconds);
    }

    /**
     * Objects/s once syncing is under way: the last 95 % of the pairs over the time from the 5th
     * percentile of their commit-to-audited latency to the last one. It leaves out the head (commit
     * detected, rendered, first contact with each cluster), which is the same for any number of
     * applier instances.
     */
    double steadyObjectsPerSecond() {
      double from = pct(pairMs, 5);
      double to = pct(pairMs, 100);
      return to > from ? round(0.95 * objects / ((to - from) / 1000.0)) : 0;
    }
  }

  /**
   * Syncs {@code warm} warm-up apps ({@link FleetGen#WARM}, from the measured apps' repo) to every
   * cluster, then waits until the machine is quiet: every service has run the whole path once
   * (JIT, classes, connections, the apps repo mirrored), as on a platform that has been up a while.
   */
  void warmUp(BenchPlatform p, Path fleetRepo, Path appsRepo, int warm, int clusters) throws Exception {
    if (warm <= 0) return;
    FleetGen.addApps(fleetRepo, appsRepo, FleetGen.WARM, warm);
    long t0 = System.currentTimeMillis();
    p.webhook("file://" + fleetRepo);
    long ms = waitPairs(p, t0, "app like '" + FleetGen.WARM + "%'", warm * clusters, true);
    long s0 = System.currentTimeMillis();
    double busy = settle(0.25, 30_000);
    System.out.printf(
        "warm-up: %d apps x %d clusters synced in %.1f s; machine %.0f %% busy after %.1f s more%n",
        warm, clusters, ms / 1000.0, busy * 100, (System.currentTimeMillis() - s0) / 1000.0);
  }

  /**
   * Waits until the machine's CPUs are less than {@code quiet} busy over a second (from
   * /proc/stat), at most {@code maxMs}; returns the last second's busy fraction.
   */
  static double settle(double quiet, long maxMs) throws Exception {
    long deadline = System.currentTimeMillis() + maxMs;
    double busy;
    do {
      long[] a = cpuTicks();
      Thread.sleep(1000);
      long[] b = cpuTicks();
      busy = b[1] == a[1] ? 0 : (b[0] - a[0]) / (double) (b[1] - a[1]);
    } while (busy >= quiet && System.currentTimeMillis() < deadline);
    return busy;
  }

  /** {busy, total} jiffies of all CPUs, from the first line of /proc/stat. */
  static long[] cpuTicks() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) total += Long.parseLong(f[i]); // user .. steal
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
    return new long[] {total - idle, total};
  }

  Cold coldSync(BenchPlatform p, Path fleetRepo, Path appsRepo, int apps, int clusters) throws Exception {
    long[] s0 = p.simStats();
    FleetGen.addApps(fleetRepo, appsRepo, apps);
    long t0 = System.currentTimeMillis();
    p.webhook("file://" + fleetRepo);
    long ms = waitPairs(p, t0, "app like 'bench-%'", apps * clusters, true);
    long[] s1 = p.simStats();
    List<String[]> rows =
        p.sql(
            "select (extract(epoch from min(recorded_at))*1000)::bigint - "
                + t0
                + " from audit_log where type = '"
                + SYNC
                + "' and app like 'bench-%' and recorded_at >= to_timestamp("
                + t0 / 1000.0
                + ") and envelope::jsonb #>> '{data,status}' = 'synced' group by app, cluster");
    double[] pair = rows.stream().mapToDouble(r -> Double.parseDouble(r[0])).toArray();
    System.out.printf(
        "cold sync: %d apps x %d clusters x 4 objects applied and audited in %.1f s%n", apps, clusters, ms / 1000.0);
    return new Cold(ms / 1000.0, pair, s1[1] - s0[1], s1[0] - s0[0], apps * clusters * 4);
  }

  /**
   * Waits until {@code want} distinct (app, cluster) SyncCompleted rows matching {@code where}
   * (synced, recorded since t0) are in the audit log; returns ms from t0 to the last one recorded.
   */
  long waitPairs(BenchPlatform p, long t0, String where, int want, boolean syncedOnly) throws Exception {
    long deadline = System.currentTimeMillis() + num("timeout-s", 900) * 1000L;
    // Incremental: each poll reads only the rows appended since the last one, so PostgreSQL parses
    // every SyncCompleted's JSON once, not once per poll (the platform under test needs that CPU).
    Set<String> pairs = new HashSet<>();
    long lastSeq = 0;
    long lastRecorded = 0;
    long lastPrint = 0;
    while (true) {
      String q =
          "select seq, app, cluster, (extract(epoch from recorded_at)*1000)::bigint from audit_log"
              + " where seq > " + lastSeq
              + " and type = '" + SYNC + "' and " + where
              + " and recorded_at >= to_timestamp(" + t0 / 1000.0 + ")"
              + (syncedOnly ? " and envelope::jsonb #>> '{data,status}' = 'synced'" : "")
              + " order by seq";
      for (String[] r : p.sql(q)) {
        lastSeq = Math.max(lastSeq, Long.parseLong(r[0]));
        if (pairs.add(r[1] + "/" + r[2])) lastRecorded = Math.max(lastRecorded, Long.parseLong(r[3]));
      }
      if (pairs.size() >= want) return lastRecorded - t0;
      long now = System.currentTimeMillis();
      if (now > deadline)
        throw new IllegalStateException("only " + pairs.size() + " of " + want + " pairs after " + (now - t0) + " ms");
      if (now - lastPrint > 10_000) {
        System.out.printf("  ... %d / %d pairs after %.0f s%n", pairs.size(), want, (now - t0) / 1000.0);
        lastPrint = now;
      }
      // The figure is the time the last pair's first synced row was recorded, not the time of this
      // poll: polling less often loses no precision.
      Thread.sleep(want > 1000 ? 1000 : want > 100 ? 500 : 25);
    }
  }

  Map<String, long[]> procAll(BenchPlatform p) throws Exception {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (String svc : p.services()) m.put(svc, BenchPlatform.proc(p.pid(svc)));
    for (String infra : List.of("kafka", "postgres")) {
      try {
        m.put(infra, BenchPlatform.proc(p.pid(infra)));
      } catch (java.io.IOException e) {
        System.out.println("no /proc figures for " + infra + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    return m;
  }

  /**
   * The CPU as /proc/cpuinfo names it (model name, family/model, bogomips): machines of one size
   * differ in speed, and results are only comparable on the same CPU.
   */
  static String cpuModel() {
    try {
      Map<String, String> first = new LinkedHashMap<>();
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.isBlank()) break; // the first processor is enough
        int colon = line.indexOf(':');
        if (colon > 0) first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
      return first.getOrDefault("model name", "?") + " (family " + first.getOrDefault("cpu family", "?")
          + ", model " + first.getOrDefault("model", "?") + ", " + first.getOrDefault("bogomips", "?") + " bogomips)";
    } catch (Exception e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  Path write(String scenario, Map<String, Object> params, Map<String, Object> figures) throws Exception {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("cpu_model", cpuModel());
    machine.put("load_average", Files.readString(Path.of("/proc/loadavg")).strip());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put(
        "mem_total_kb",
        Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", ""));
    String tag = opt.get("tag");
    if (tag != null) params.put("tag", tag);
    // tuning passed to the platform through the environment (never credentials)
    System.getenv().entrySet().stream()
        .filter(
            e ->
                e.getKey().startsWith("FLOTILLA_")
                    || e.getKey().startsWith("KAFKA_")
                    || e.getKey().equals("BENCH_JAVA_OPTS")
                    || e.getKey().equals("MALLOC_ARENA_MAX"))
        .filter(e -> !e.getKey().matches(".*(SECRET|TOKEN|PASSWORD|KEY|CREDENTIAL|DB_URL).*"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> params.put("env." + e.getKey(), e.getValue()));
    StringBuilder s = new StringBuilder("{\n  \"scenario\": \"" + scenario + "\",\n");
    s.append("  \"parameters\": ").append(obj(params)).append(",\n");
    s.append("  \"machine\": ").append(obj(machine)).append(",\n");
    s.append("  \"figures\": ").append(obj(figures)).append("\n}\n");
    Path out = root.resolve("bench/results/" + scenario + "-" + stamp + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, s);
    System.out.println("\n" + scenario + "  (" + out + ")");
    System.out.printf("  %-34s %s%n", "figure", "value");
    figures.forEach((k, v) -> System.out.printf("  %-34s %s%n", k, v));
    return out;
  }

  static String obj(Map<String, Object> m) {
    List<String> parts = new ArrayList<>();
    m.forEach(
        (k, v) ->
            parts.add(
                "\"" + k + "\": " + (v instanceof Number ? v.toString() : "\"" + v.toString().replace("\"", "'") + "\"")));
    return "{" + String.join(", ", parts) + "}";
  }

  static Path sibling(Path json, String suffix) {
    return json.resolveSibling(json.getFileName().toString().replace(".json", suffix));
  }

  static double pct(double[] values, int p) {
    if (values.length == 0) return 0;
    double[] v = values.clone();
    Arrays.sort(v);
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }

  static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }
}
