import com.sun.management.OperatingSystemMXBean;
import io.flotilla.fleet.git.HttpGitServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * git-watcher benchmark (issue 3), against the packaged service, a real broker and a real smart-HTTP
 * Git server:
 *
 * <ol>
 *   <li>poll cost: REPOS repositories (one app and one branch each) that do not change, polled
 *       every 60 s; wall time per full round (the service's flotilla_poll_round timer) and the
 *       service's CPU seconds over WINDOW seconds (from /proc);
 *   <li>webhook latency: PUSHES pushes to one repository, each followed by a signed generic
 *       webhook; time from the webhook request to its CommitDetected on flotilla.commits.
 * </ol>
 *
 * args: bootstrap workdir jar resultsDir ; env: REPOS (1000) PUSHES (100) WINDOW (60)
 */
public class WatcherBench {
  static final String SECRET = "bench-webhook-secret";
  static final PersonIdent ALICE = new PersonIdent("Bench", "bench@example.com");

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    Path work = Path.of(args[1]);
    Path jar = Path.of(args[2]);
    Path results = Path.of(args[3]);
    int repos = Integer.parseInt(System.getenv().getOrDefault("REPOS", "1000"));
    int pushes = Integer.parseInt(System.getenv().getOrDefault("PUSHES", "100"));
    int window = Integer.parseInt(System.getenv().getOrDefault("WINDOW", "60"));
    int port = 18481;

    long t0 = System.nanoTime();
    List<String> urls = new ArrayList<>();
    List<Git> gits = new ArrayList<>();
    try (HttpGitServer server = new HttpGitServer(null, null)) {
      for (int i = 0; i < repos; i++) {
        Git git = Git.init().setDirectory(work.resolve("repos/r" + i).toFile()).setInitialBranch("main").call();
        Files.writeString(work.resolve("repos/r" + i + "/cm.yaml"), "kind: ConfigMap\n");
        git.add().addFilepattern(".").call();
        git.commit().setMessage("first").setAuthor(ALICE).setCommitter(ALICE).call();
        urls.add(server.serve("r" + i, work.resolve("repos/r" + i + "/.git")));
        gits.add(git);
      }
      Path fleetDir = work.resolve("fleet");
      try (Git fleet = Git.init().setDirectory(fleetDir.toFile()).setInitialBranch("main").call()) {
        Files.createDirectories(fleetDir.resolve("clusters"));
        Files.createDirectories(fleetDir.resolve("apps"));
        Files.writeString(fleetDir.resolve("clusters/sim-1.yaml"), """
            apiVersion: flotilla.io/v1
            kind: Cluster
            metadata: {name: sim-1, labels: {env: prod}}
            spec: {kubeconfig: {secretRef: sim-1.kubeconfig}}
            """);
        for (int i = 0; i < repos; i++) {
          Files.writeString(fleetDir.resolve("apps/app-" + i + ".yaml"), """
              apiVersion: flotilla.io/v1
              kind: Application
              metadata: {name: app-%d}
              spec:
                source: {repoURL: '%s', ref: main}
                destination: {namespace: app-%d, clusterSelector: {}}
              """.formatted(i, urls.get(i), i));
        }
        fleet.add().addFilepattern(".").call();
        fleet.commit().setMessage("bench fleet").setAuthor(ALICE).setCommitter(ALICE).call();
      }
      System.out.printf("made %d repositories and the fleet in %.1f s%n", repos, (System.nanoTime() - t0) / 1e9);

      ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString())
          .redirectErrorStream(true)
          .redirectOutput(work.resolve("git-watcher.log").toFile());
      var env = pb.environment();
      env.put("FLOTILLA_FLEET_REPO", fleetDir.resolve(".git").toUri().toString());
      env.put("KAFKA_BOOTSTRAP", bootstrap);
      env.put("FLOTILLA_WATCHER_PORT", String.valueOf(port));
      env.put("FLOTILLA_CACHE_DIR", work.resolve("cache").toString());
      env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
      env.put("FLOTILLA_POLL_INTERVAL", "60s");
      env.putIfAbsent("FLOTILLA_POLL_PARALLELISM", "4");
      env.put("FLOTILLA_POLL_JITTER", "0s");
      env.put("FLOTILLA_WEBHOOK_SECRET", SECRET);
      env.put("FLOTILLA_WEBHOOK_RATE", "1000");
      env.put("FLOTILLA_WEBHOOK_BURST", "1000");
      env.put("FLOTILLA_WATCH_STATE_TOPIC", "flotilla.watch-state");
      Process watcher = pb.start();
      try {
        HttpClient http = HttpClient.newHttpClient();
        String metricsUrl = "http://127.0.0.1:" + port + "/q/metrics";
        // first sightings: every app announced once (the first scheduled round may find no
        // repository owned yet, while the instance joins the watcher group)
        Instant started = Instant.now();
        double[] atFirstSightings = waitForAnnounced(http, metricsUrl, repos, Duration.ofMinutes(10));
        double firstSightingsSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        System.out.printf("1,000 first sightings (ls-remote + fetch + announce) done %.1f s after start%n", firstSightingsSeconds);
        // the next complete round after that is an unchanged one; CPU measured over a whole interval
        double cpu0 = cpuSeconds(watcher.pid());
        Instant w0 = Instant.now();
        double[] next = waitForRounds(http, metricsUrl, (int) atFirstSightings[0] + 1, Duration.ofMinutes(5));
        double unchangedRound = next[1] - atFirstSightings[1];
        long remaining = window * 1000L - Duration.between(w0, Instant.now()).toMillis();
        if (remaining > 0) {
          Thread.sleep(remaining);
        }
        double cpu = cpuSeconds(watcher.pid()) - cpu0;
        double windowSeconds = Duration.between(w0, Instant.now()).toMillis() / 1000.0;
        double[] first = {0, firstSightingsSeconds};
        double cpuShare = cpu / windowSeconds;
        System.out.printf("unchanged round of %d repos: %.2f s wall; CPU %.2f s over %.0f s = %.1f%% of one core%n",
            repos, unchangedRound, cpu, windowSeconds, 100 * cpuShare);

        // webhook → CommitDetected
        List<Double> latencies = webhookLatencies(bootstrap, http, port, gits.get(0), urls.get(0), pushes);
        Collections.sort(latencies);
        double p50 = pct(latencies, 50);
        double p99 = pct(latencies, 99);
        System.out.printf("webhook -> CommitDetected over %d pushes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            latencies.size(), p50, p99, latencies.get(latencies.size() - 1));

        String ts = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        Path out = results.resolve("git-watcher-" + ts + ".json");
        Files.createDirectories(results);
        Files.writeString(out, String.format(Locale.ROOT, """
            {"scenario": "git-watcher", "parameters": {"repos": %d, "refs_per_repo": 1, "poll_interval_seconds": 60, "poll_parallelism": %s, "pushes": %d, "git_server": "JGit UploadPack over JDK HTTP, same machine"},
             "machine": {"cpus": %d, "memory_gb": %.0f, "os": "%s", "java": "%s", "load_average_at_end": "%s"},
             "figures": {"poll_first_sightings_seconds": %.3f, "poll_round_seconds": %.3f, "poll_cpu_seconds_per_minute": %.3f, "poll_cpu_share_of_one_core": %.4f, "webhook_p50_ms": %.1f, "webhook_p99_ms": %.1f}}
            """, repos, System.getenv().getOrDefault("FLOTILLA_POLL_PARALLELISM", "4"), latencies.size(), Runtime.getRuntime().availableProcessors(),
            ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9,
            System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("java.version"),
            Files.readString(Path.of("/proc/loadavg")).strip(),
            first[1], unchangedRound, cpu * 60 / windowSeconds, cpuShare, p50, p99));
        System.out.println("wrote " + out);
      } finally {
        watcher.destroy();
        watcher.waitFor(20, TimeUnit.SECONDS);
        gits.forEach(Git::close);
      }
    }
  }

  /**
   * Waits until {@code n} CommitDetected were produced and the round that produced the last of
   * them ended; returns the round timer's {count, total seconds} then.
   */
  static double[] waitForAnnounced(HttpClient http, String url, int n, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      try {
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double announced = body.lines()
            .filter(l -> l.startsWith("flotilla_events_produced_total{") && l.contains("commit.detected"))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        if (announced >= n) {
          double count = metric(body, "flotilla_poll_round_seconds_count");
          return waitForRounds(http, url, (int) count + 1, timeout);
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(n + " commits not announced within " + timeout);
  }

  /** Waits until the round timer counted {@code n} rounds; returns {count, total seconds}. */
  static double[] waitForRounds(HttpClient http, String url, int n, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      try {
        String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double count = metric(body, "flotilla_poll_round_seconds_count");
        if (count >= n) {
          return new double[] {count, metric(body, "flotilla_poll_round_seconds_sum")};
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no poll round " + n + " within " + timeout);
  }

  static double metric(String body, String name) {
    return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  static double cpuSeconds(long pid) throws IOException {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
  }

  static List<Double> webhookLatencies(String bootstrap, HttpClient http, int port, Git repo, String url, int pushes) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-" + System.nanoTime());
    p.put("auto.offset.reset", "latest");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    List<Double> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of("flotilla.commits"));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      consumer.seekToEnd(consumer.assignment());
      consumer.assignment().forEach(consumer::position);
      Path file = repo.getRepository().getWorkTree().toPath().resolve("cm.yaml");
      byte[] body = ("{\"repoURL\": \"" + url + "\"}").getBytes(StandardCharsets.UTF_8);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      for (int i = 0; i < pushes; i++) {
        Files.writeString(file, "kind: ConfigMap\n# push " + i + "\n");
        repo.add().addFilepattern(".").call();
        String sha = repo.commit().setMessage("push " + i).setAuthor(ALICE).setCommitter(ALICE).call().name();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/generic"))
                .header("Content-Type", "application/json")
                .header("X-Flotilla-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
          throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
        }
        boolean seen = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!seen && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(5))) {
            if (rec.value().contains(sha)) {
              seen = true;
            }
          }
        }
        if (!seen) {
          throw new IllegalStateException("no CommitDetected for push " + i + " within 30 s");
        }
        out.add((System.nanoTime() - start) / 1e6);
      }
    }
    return out;
  }

  static double pct(List<Double> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
