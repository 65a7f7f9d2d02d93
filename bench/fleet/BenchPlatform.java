import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One benchmark platform through deploy/local/platform.sh on the bench ports (Kafka 39492/39493,
 * PostgreSQL 57532, services 18381-18384, applier i on 18383 + 10*(i-1), fleet-sim stats 18390),
 * everything under its own directory; plus what the scenarios read from it (audit DB via psql,
 * fleet-sim /stats, /proc of each service).
 */
final class BenchPlatform {
  static final String SECRET = "fleet-bench-webhook-secret";
  static final int PG_PORT = 57532;
  final Path root;
  final Path dir;
  final Map<String, String> env = new LinkedHashMap<>();
  final int instances;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  BenchPlatform(Path root, Path dir, Path fleetRepo, int clusters, int instances, int latencyMs) {
    this.root = root;
    this.dir = dir;
    this.instances = instances;
    env.put("FLOTILLA_STATE_DIR", dir.resolve("state").toString());
    // PostgreSQL's own folder, where its server user can enter (not under a private temp dir), and
    // deleted with the rest when the platform goes down.
    pgDir = Path.of("/var/tmp", "flotilla-bench-postgres-" + Integer.toHexString(dir.toString().hashCode()));
    env.put("FLOTILLA_PG_DIR", pgDir.toString());
    env.put("FLOTILLA_PLATFORM_DIR", dir.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", dir.resolve("credentials").toString());
    env.put("KAFKA_PORT", "39492");
    env.put("KAFKA_CONTROLLER_PORT", "39493");
    env.put("PGPORT_FLOTILLA", String.valueOf(PG_PORT));
    env.put("FLOTILLA_DB_URL", "postgresql://127.0.0.1:" + PG_PORT + "/flotilla");
    env.put("FLOTILLA_SIM_CLUSTERS", String.valueOf(clusters));
    env.put("FLOTILLA_SIM_STATS_PORT", "18390");
    env.put("FLOTILLA_SIM_LATENCY_MS", String.valueOf(latencyMs));
    env.put("FLOTILLA_WATCHER_PORT", "18381");
    env.put("FLOTILLA_RENDERER_PORT", "18382");
    env.put("FLOTILLA_APPLIER_PORT", "18383");
    env.put("FLOTILLA_AUDITOR_PORT", "18384");
    env.put("FLOTILLA_APPLIER_INSTANCES", String.valueOf(instances));
    env.put("FLOTILLA_FLEET_REPO", "file://" + fleetRepo);
    env.put("FLOTILLA_WEBHOOK_SECRET", SECRET);
    env.put("FLOTILLA_POLL_INTERVAL", System.getenv().getOrDefault("BENCH_POLL_INTERVAL", "600s"));
    env.put("FLOTILLA_FLEET_REFRESH_INTERVAL", "600s");
    String opts = System.getenv("BENCH_JAVA_OPTS");
    if (opts != null) env.put("FLOTILLA_JAVA_OPTS", opts);
  }

  List<String> services() {
    List<String> s = new ArrayList<>(List.of("git-watcher", "renderer", "applier"));
    for (int i = 2; i <= instances; i++) s.add("applier-" + i);
    s.add("auditor");
    s.add("fleet-sim");
    return s;
  }

  private Thread hook;
  private final Path pgDir;

  void up() throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("state"));
    hook =
        new Thread(
            () -> {
              try {
                run(List.of(root + "/deploy/local/platform.sh", "down"), true);
                deletePgDir();
              } catch (Exception e) {
                System.err.println("platform down on exit failed: " + e.getMessage());
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    run(List.of(root + "/deploy/local/platform.sh", "up"), true);
  }

  void down() throws IOException, InterruptedException {
    if (hook != null) Runtime.getRuntime().removeShutdownHook(hook);
    run(List.of(root + "/deploy/local/platform.sh", "down"), true);
    deletePgDir();
  }

  private void deletePgDir() throws IOException {
    if ("true".equals(System.getenv("BENCH_KEEP")) || !Files.exists(pgDir)) return;
    try (var files = Files.walk(pgDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
    }
  }

  String pid(String svc) throws IOException, InterruptedException {
    return run(List.of(root + "/deploy/local/platform.sh", "pid", svc), false).strip();
  }

  String run(List<String> cmd, boolean echo) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    try (var r = p.inputReader()) {
      for (String line; (line = r.readLine()) != null; ) {
        if (echo) System.out.println("  | " + line);
        out.append(line).append('\n');
      }
    }
    if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    return out.toString();
  }

  String token() throws IOException {
    return Files.readAllLines(dir.resolve("credentials/api-tokens")).get(0).split(" ")[0];
  }

  /** Signed generic webhook naming a repo. */
  int webhook(String repoUrl) throws Exception {
    String body = "{\"repoURL\": \"" + repoUrl + "\"}";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:18381/api/v1/webhooks/generic"))
            .header("Content-Type", "application/json")
            .header("X-Flotilla-Signature", "sha256=" + sig)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) throw new IOException("webhook: " + res.statusCode() + res.body());
    return res.statusCode();
  }

  String post(String url, String body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) throw new IOException(url + ": " + res.statusCode() + res.body());
    return res.body();
  }

  String get(String url, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5));
    if (auth) b.header("Authorization", "Bearer " + token());
    HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() / 100 != 2) throw new IOException(url + ": " + res.statusCode() + res.body());
    return res.body();
  }

  /** GET /api/v1/audit/verify; throws unless the chain verifies. */
  void verifyAudit() throws Exception {
    String body = get("http://127.0.0.1:18384/api/v1/audit/verify", true);
    if (!body.replace(" ", "").contains("\"verified\":true"))
      throw new IllegalStateException("audit chain does not verify: " + body);
    System.out.println("audit chain verifies: " + body);
  }

  /** {reads, writes, deletes} summed over all clusters from fleet-sim /stats. */
  long[] simStats() throws Exception {
    String body = get("http://127.0.0.1:18390/stats", false);
    long[] sum = new long[3];
    String[] keys = {"reads", "writes", "deletes"};
    for (int k = 0; k < 3; k++) {
      Matcher m = Pattern.compile("\"" + keys[k] + "\"\\s*:\\s*(\\d+)").matcher(body);
      while (m.find()) sum[k] += Long.parseLong(m.group(1));
    }
    return sum;
  }

  /** Rows of a SQL query against the audit database (psql, unaligned, '|' separated). */
  List<String[]> sql(String query) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                "psql", "-h", "127.0.0.1", "-p", String.valueOf(PG_PORT), "-U", "flotilla",
                "-d", "flotilla", "-At", "-F", "|", "-c", query)
            .redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", "flotilla");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException("psql: " + out);
    List<String[]> rows = new ArrayList<>();
    for (String line : out.split("\n")) if (!line.isBlank()) rows.add(line.split("\\|", -1));
    return rows;
  }

  /**
   * Peak RSS (kB) and CPU ticks of a process, its live children included (PostgreSQL does its work
   * in one backend process per connection) and those that exited (cutime, cstime). The RSS is the
   * largest single process's peak, not a sum.
   */
  static long[] proc(String pid) throws IOException {
    long hwm = 0;
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status")))
      if (line.startsWith("VmHWM:")) hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
    String[] f = statFields(pid);
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    try (var all = Files.list(Path.of("/proc"))) {
      for (Path child : (Iterable<Path>) all::iterator) {
        String name = child.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          String[] c = statFields(name);
          if (c[1].equals(pid)) ticks += proc(name)[1];
        } catch (IOException | RuntimeException gone) {
          // exited between the listing and the read
        }
      }
    }
    return new long[] {hwm, ticks};
  }

  /** The fields of /proc/PID/stat after the command name: [0] is the state, [1] the parent pid. */
  private static String[] statFields(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }
}
