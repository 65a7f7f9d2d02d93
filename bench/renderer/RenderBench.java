import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.Person;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.LabelSelector;
import io.flotilla.renderer.app.DesiredPublisher;
import io.flotilla.renderer.app.RenderService;
import io.flotilla.renderer.app.RenderSettings;
import io.flotilla.renderer.app.RendererMetrics;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.git.GitSourceRepos;
import io.flotilla.renderer.tools.HelmJava;
import io.flotilla.renderer.tools.KubectlKustomize;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Renderer benchmark (issue 4). Drives the renderer's use case (RenderService) with its real Git
 * adapter (bare clones of file:// repositories), real Kustomize (kubectl) and real Helm
 * (helm-java); events are built but not sent (Kafka is not part of what is measured).
 *
 * <ol>
 *   <li>renders/s of the plain, Kustomize and Helm fixtures (renderer/src/test/resources/cases),
 *       cold (a new render cache for every render: Git read, tool run, finishing) and warm (the
 *       same commit again: a cache lookup);
 *   <li>a monorepo of APPS plain apps (3 objects each) targeting 3 clusters: every app rendered at
 *       commit A; then commit B changes one app, and a CommitDetected for every app at B is handled
 *       (the touched app renders, the rest are cache hits), RENDER_CONCURRENCY at a time.
 * </ol>
 *
 * args: casesDir workDir resultsDir ; env: ITERATIONS (30) APPS (1000) RENDER_CONCURRENCY (4)
 */
public class RenderBench {
  static final PersonIdent BENCH = new PersonIdent("Bench", "bench@example.com");
  static final Person AUTHOR = new Person("Bench", "bench@example.com");
  static final String LOAD = load();

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  public static void main(String[] args) throws Exception {
    Path cases = Path.of(args[0]);
    Path work = Path.of(args[1]);
    Path results = Path.of(args[2]);
    int iterations = Integer.parseInt(System.getenv().getOrDefault("ITERATIONS", "30"));
    int apps = Integer.parseInt(System.getenv().getOrDefault("APPS", "1000"));
    int concurrency = Integer.parseInt(System.getenv().getOrDefault("RENDER_CONCURRENCY", "4"));
    Map<String, Object> figures = new LinkedHashMap<>();
    // per-event INFO lines would dominate what is measured
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (var h : root.getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }

    // 1. the fixtures, one repo holding all three
    Path fixtures = work.resolve("fixtures");
    copy(cases.resolve("multi-doc/repo"), fixtures);
    copy(cases.resolve("kustomize-overlays/repo"), fixtures);
    copy(cases.resolve("helm-chart/repo"), fixtures);
    String sha = commitAll(fixtures, "fixtures", true);
    String url = fixtures.toUri().toString();
    Map<String, Application> fixtureApps = new LinkedHashMap<>();
    fixtureApps.put("plain", app("plain", url, "guestbook", "yaml", Application.Helm.NONE));
    fixtureApps.put(
        "kustomize", app("kustomize", url, "shop/overlays/prod", "kustomize", Application.Helm.NONE));
    fixtureApps.put(
        "helm",
        app(
            "helm",
            url,
            "charts/web",
            "helm",
            new Application.Helm(Map.of("replicaCount", 2), List.of("charts/web/values-prod.yaml"))));
    Map<String, Cluster> clusters = clusters(3);
    Fleet fleet = Fleet.of("bench", clusters, fixtureApps);
    for (String kind : fixtureApps.keySet()) {
      // a render cache of size 0: every render runs. Warm the Git clone and the tool first (the
      // first Helm call loads the native library).
      RenderService uncached = service(fleet, work, concurrency, 0);
      uncached.handle(commit(kind, url, sha));
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        uncached.handle(commit(kind, url, sha));
      }
      double cold = iterations / seconds(t0);
      RenderService warm = service(fleet, work, concurrency);
      warm.handle(commit(kind, url, sha));
      int warmRuns = iterations * 10;
      t0 = System.nanoTime();
      for (int i = 0; i < warmRuns; i++) {
        warm.handle(commit(kind, url, sha));
      }
      double hot = warmRuns / seconds(t0);
      figures.put("renders_per_second_" + kind + "_cold", round(cold));
      figures.put("renders_per_second_" + kind + "_warm", round(hot));
      System.out.printf(Locale.ROOT, "%-9s cold %8.1f renders/s   warm %8.1f renders/s%n", kind, cold, hot);
    }

    // 2. the monorepo
    Path mono = work.resolve("monorepo");
    for (int i = 0; i < apps; i++) {
      Path dir = mono.resolve(name(i));
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("app.yaml"), manifests(name(i), 1));
    }
    long t0 = System.nanoTime();
    String a = commitAll(mono, "1000 apps", true);
    System.out.printf(Locale.ROOT, "monorepo: %d apps committed in %.1f s%n", apps, seconds(t0));
    String monoUrl = mono.toUri().toString();
    Map<String, Application> monoApps = new LinkedHashMap<>();
    for (int i = 0; i < apps; i++) {
      monoApps.put(name(i), app(name(i), monoUrl, name(i), "yaml", Application.Helm.NONE));
    }
    Fleet monoFleet = Fleet.of("bench-mono", clusters, monoApps);
    RenderService service = service(monoFleet, work, concurrency);
    t0 = System.nanoTime();
    int events = handleAll(service, monoApps.keySet(), monoUrl, a, concurrency);
    double coldAll = seconds(t0);
    System.out.printf(Locale.ROOT, "monorepo: all %d apps rendered (cold) in %.2f s, %d events%n", apps, coldAll, events);

    Files.writeString(mono.resolve(name(42)).resolve("app.yaml"), manifests(name(42), 2));
    String b = commitAll(mono, "touch one app", false);
    service.handle(commit(name(0), monoUrl, b)); // fetches commit B into the bare clone
    long hits0 = service.cache().hits();
    t0 = System.nanoTime();
    events = handleAll(service, monoApps.keySet(), monoUrl, b, concurrency);
    double touchAll = seconds(t0) * 1000;
    long hits = service.cache().hits() - hits0;
    t0 = System.nanoTime();
    service.handle(commit(name(42), monoUrl, b));
    double touchedOnlyWarm = seconds(t0) * 1000;
    RenderService fresh = service(monoFleet, work, concurrency);
    fresh.handle(commit(name(0), monoUrl, b));
    t0 = System.nanoTime();
    fresh.handle(commit(name(42), monoUrl, b));
    double touchedCold = seconds(t0) * 1000;
    System.out.printf(
        Locale.ROOT,
        "monorepo: commit touching 1 of %d apps: all %d CommitDetected handled in %.1f ms (%d cache"
            + " hits), the touched app alone renders in %.1f ms%n",
        apps, apps, touchAll, hits, touchedCold);
    figures.put("monorepo_apps", apps);
    figures.put("monorepo_cold_all_apps_seconds", round(coldAll));
    figures.put("monorepo_commit_touching_1_all_apps_ms", round(touchAll));
    figures.put("monorepo_commit_touching_1_cache_hits", hits);
    figures.put("monorepo_touched_app_render_ms", round(touchedCold));
    figures.put("monorepo_touched_app_cached_ms", round(touchedOnlyWarm));

    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    String json =
        "{\"scenario\": \"render\", \"parameters\": {\"iterations\": "
            + iterations
            + ", \"monorepo_apps\": "
            + apps
            + ", \"clusters\": 3, \"render_concurrency\": "
            + concurrency
            + ", \"fixtures\": \"renderer/src/test/resources/cases/{multi-doc,kustomize-overlays,helm-chart}\","
            + " \"measured\": \"RenderService.handle(CommitDetected) with real Git (file:// bare clones), kubectl kustomize and helm-java; events built, not sent to Kafka\","
            + " \"cold\": \"render cache of size 0 (every render runs; Git clone and tools already warm)\", \"warm\": \"same commit again (render cache hit)\"},"
            + " \"machine\": {\"cpus\": "
            + Runtime.getRuntime().availableProcessors()
            + ", \"memory_gb\": "
            + Math.round(((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9)
            + ", \"os\": \""
            + System.getProperty("os.name") + " " + System.getProperty("os.version")
            + "\", \"load_average_at_start\": \""
            + LOAD
            + "\", \"java\": \""
            + System.getProperty("java.version")
            + "\"}, \"figures\": {"
            + String.join(", ", figures.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue()).toList())
            + "}}\n";
    Files.createDirectories(results);
    Path out = results.resolve("render-" + stamp + ".json");
    Files.writeString(out, json);
    System.out.println("wrote " + out);
    System.exit(0);
  }

  static int handleAll(RenderService service, Iterable<String> apps, String url, String sha, int concurrency)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicInteger events = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (String app : apps) {
      futures.add(pool.submit(() -> events.addAndGet(published(service.handle(commit(app, url, sha))))));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return events.get();
  }

  static int published(io.flotilla.renderer.app.Outcome outcome) {
    if (outcome instanceof io.flotilla.renderer.app.Outcome.Published p) {
      if (!p.events().stream().allMatch(e -> e.data() instanceof DesiredState)) {
        throw new IllegalStateException("a render failed: " + p.events());
      }
      return p.events().size();
    }
    throw new IllegalStateException("nothing rendered: " + outcome);
  }

  static RenderService service(Fleet fleet, Path work, int concurrency) {
    return service(fleet, work, concurrency, 4096);
  }

  static RenderService service(Fleet fleet, Path work, int concurrency, int cacheEntries) {
    DesiredPublisher discard = events -> {};
    return new RenderService(
        () -> fleet,
        new GitSourceRepos(work.resolve("cache/sources")),
        discard,
        new RendererMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        new RenderSettings("/flotilla/renderer/bench", Limits.DEFAULT, Duration.ofSeconds(60), concurrency, cacheEntries),
        new KubectlKustomize("kubectl", work.resolve("scratch")),
        new HelmJava(work.resolve("scratch"), work.resolve("jna")));
  }

  static CloudEvent<CommitDetected> commit(String app, String url, String sha) {
    return CloudEvent.of(
        new CommitDetected(app, url, "main", sha, null, AUTHOR, AUTHOR, "bench", Instant.now()),
        "/flotilla/git-watcher/bench",
        Clock.systemUTC());
  }

  static Application app(String name, String url, String path, String type, Application.Helm helm) {
    return new Application(
        name, url, "main", Application.RefType.BRANCH, path, type, name,
        new LabelSelector(Map.of(), List.of()), Application.SyncPolicy.DEFAULT, null, helm, List.of(), null, null);
  }

  static Map<String, Cluster> clusters(int n) {
    Map<String, Cluster> out = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      out.put("sim-" + i, new Cluster("sim-" + i, Map.of("env", "prod"), "sim-" + i + ".kubeconfig", null));
    }
    return out;
  }

  static String name(int i) {
    return String.format(Locale.ROOT, "app-%04d", i);
  }

  static String manifests(String app, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s, labels: {app: %1$s}}
        spec:
          replicas: %2$d
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              containers:
                - {name: web, image: "registry.example.com/%1$s:1.0.0", resources: {limits: {cpu: 100m, memory: 64Mi}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %1$s}
        spec: {selector: {app: %1$s}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %1$s-config}
        data: {greeting: hello}
        """.formatted(app, replicas);
  }

  static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static String commitAll(Path repo, String message, boolean init) throws Exception {
    try (Git git = init ? Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call() : Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      return git.commit().setMessage(message).setAuthor(BENCH).setCommitter(BENCH).setSign(false).call().name();
    }
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
