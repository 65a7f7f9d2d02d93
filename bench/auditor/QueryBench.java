// Auditor query-latency benchmark driver (see query.sh). Two steps:
//
//   fill  <jdbc-url> <user> <password> <rows> <golden-dir>
//     Fills the real schema to <rows> rows through the auditor's own parser (RecordParser: decode,
//     Secret hashing, bundles) and chain writer (AuditWriter.appendRecordedAt: chain lock,
//     partition, dedupe, chain, inserts), 2,000 events per transaction, with event and record
//     times spread over the last BENCH_DAYS (180) days so the rows fall in monthly partitions as
//     they would in production. Events are made from the golden CloudEvents of every type
//     (events/src/test/resources/golden) with app, cluster, revision, author and message varied:
//     per revision a commit, then per cluster (3 of 40) a desired state and a sync, sometimes a
//     health change, a render failure, drift, a rollback, a pause/resume or a sync request.
//
//   query <jdbc-url> <user> <password> <base-url> <token> <requests> <out.json>
//     Picks filter values from the stored rows, then times GET /api/v1/audit (first page, limit
//     100, the API's default) <requests> times per filter, one request at a time, and writes
//     p50/p99 per filter (client-side wall time, response fully read) to <out.json> (figures only;
//     query.sh wraps them).
//
// Run with the auditor's classpath: target/quarkus-app/app/*:target/quarkus-app/lib/main/*.
import io.flotilla.auditor.app.RecordParser;
import io.flotilla.auditor.db.AuditWriter;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

public class QueryBench {
  static final int APPS = 500;
  static final int CLUSTERS = 40;
  static final int PEOPLE = 120;
  static final String[] VERBS = {
    "scale", "bump", "fix", "add", "remove", "tune", "rename", "pin", "enable", "disable",
    "revert", "split", "migrate", "harden", "document"
  };
  static final String[] OBJECTS = {
    "replicas", "nginx image", "memory limit", "readiness probe", "config map", "ingress host",
    "feature flag checkout-v2", "service account", "pod disruption budget", "cpu request",
    "liveness probe", "network policy", "log level", "hpa target", "secret rotation",
    "database pool size", "cache ttl", "tls certificate", "node selector", "tolerations"
  };

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "fill" -> fill(args[1], args[2], args[3], Long.parseLong(args[4]), Path.of(args[5]));
      case "query" ->
          query(args[1], args[2], args[3], args[4], args[5], Integer.parseInt(args[6]),
              Path.of(args[7]));
      default -> throw new IllegalArgumentException("fill or query, got " + args[0]);
    }
  }

  // ---------------------------------------------------------------------------------- fill

  static void fill(String url, String user, String password, long rows, Path golden)
      throws Exception {
    Map<String, String> templates = new HashMap<>();
    try (var files = Files.list(golden)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        String text = Files.readString(p);
        templates.put(EventCodec.typeOf(text), text);
      }
    }
    int days = Integer.parseInt(System.getenv().getOrDefault("BENCH_DAYS", "180"));
    RecordParser parser = new RecordParser(new EventCodec());
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      long have = count(c);
      if (have >= rows) {
        System.out.printf("fill: %d rows already, nothing to do%n", have);
        return;
      }
      if (have > 0) {
        throw new IllegalStateException(
            "the database holds " + have + " rows, fewer than " + rows + ": use an empty one");
      }
      c.setAutoCommit(false);
      Instant end = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
      Instant start = end.minus(days, ChronoUnit.DAYS);
      long gapMicros = Duration.between(start, end).toNanos() / 1000 / rows;
      Generator gen = new Generator(templates, start, gapMicros);
      long stored = 0;
      long t0 = System.nanoTime();
      while (stored < rows) {
        List<String[]> batch = gen.next((int) Math.min(2000, rows - stored));
        List<AuditRecord> records =
            batch.parallelStream().map(e -> parser.parse(e[0], e[1])).toList();
        Instant recordedAt = gen.now().plusSeconds(1);
        AuditWriter.appendRecordedAt(c, records, recordedAt);
        c.commit();
        stored += records.size();
        if (stored % 100_000 < 2000) {
          double s = (System.nanoTime() - t0) / 1e9;
          System.out.printf("fill: %d rows in %.0f s (%.0f rows/s)%n", stored, s, stored / s);
        }
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("analyze audit_log");
        s.execute("analyze audit_event");
      } catch (java.sql.SQLException e) {
        // the service role may not own the tables; query.sh analyzes as the owner
        System.out.println("fill: analyze left to the owner: " + e.getMessage());
      }
      System.out.printf("fill: %d rows stored%n", count(c));
    }
  }

  static long count(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Events in time order, as the platform would publish them. */
  static final class Generator {
    final Map<String, String> templates;
    final Random random = new Random(42);
    final long gapMicros;
    Instant now;
    long rev;
    final List<String[]> pending = new ArrayList<>();

    Generator(Map<String, String> templates, Instant start, long gapMicros) {
      this.templates = templates;
      this.now = start;
      this.gapMicros = gapMicros;
    }

    Instant now() {
      return now;
    }

    List<String[]> next(int n) {
      while (pending.size() < n) {
        revision();
      }
      List<String[]> out = new ArrayList<>(pending.subList(0, n));
      pending.subList(0, n).clear();
      return out;
    }

    void revision() {
      rev++;
      int app = random.nextInt(APPS);
      int person = (int) Math.min(PEOPLE - 1, Math.abs(random.nextGaussian()) * PEOPLE / 3);
      String sha = String.format("%040x", rev * 2654435761L);
      String prev = String.format("%040x", (rev - 1) * 2654435761L);
      Map<String, String> v = new LinkedHashMap<>();
      v.put("app", "app-" + app);
      v.put("sha", sha);
      v.put("prev", prev);
      v.put("name", "Person " + person);
      v.put("email", "person" + person + "@example.com");
      String message =
          VERBS[random.nextInt(VERBS.length)] + " " + OBJECTS[random.nextInt(OBJECTS.length)]
              + " (TICKET-" + rev + ")";
      emit("io.flotilla.commit.detected.v1", v, null, "app-" + app + ": " + message + "\n");
      for (int k = 0; k < 3; k++) {
        String cluster = cluster((app * 7 + k * 13) % CLUSTERS);
        Map<String, String> vc = new LinkedHashMap<>(v);
        vc.put("cluster", cluster);
        if (random.nextInt(100) < 3) {
          emit("io.flotilla.render.failed.v1", vc, null,
              "malformed YAML in app-" + app + "/deployment.yaml: mapping values are not allowed");
          continue;
        }
        emit("io.flotilla.desiredstate.rendered.v1", vc, null, null);
        emit("io.flotilla.sync.completed.v1", vc, null, null);
        if (random.nextInt(100) < 20) {
          emit("io.flotilla.health.changed.v1", vc, null,
              "Deployment app-" + app + " rollout " + (random.nextBoolean() ? "complete" : "stalled"));
        }
        if (random.nextInt(100) < 2) {
          emit("io.flotilla.drift.detected.v1", vc, null, null);
          emit("io.flotilla.drift.corrected.v1", vc, null, null);
        }
        if (random.nextInt(1000) < 7) {
          emit("io.flotilla.rollback.requested.v1", vc, "oncall-" + random.nextInt(10),
              "rollback: app-" + app + " errors after " + sha.substring(0, 7));
        }
        if (random.nextInt(1000) < 10) {
          emit("io.flotilla.sync.requested.v1", vc, "oncall-" + random.nextInt(10),
              "re-apply after manual cleanup in " + cluster);
        }
      }
      if (random.nextInt(1000) < 3) {
        Map<String, String> vc = new LinkedHashMap<>(v);
        vc.put("cluster", cluster(random.nextInt(CLUSTERS)));
        emit("io.flotilla.pause.requested.v1", vc, "oncall-" + random.nextInt(10),
            "load balancer errors in " + vc.get("cluster") + ", investigating");
        emit("io.flotilla.resume.requested.v1", vc, "oncall-" + random.nextInt(10),
            "load balancer fixed in " + vc.get("cluster"));
      }
    }

    static String cluster(int i) {
      String[] regions = {"eu", "us", "ap", "sa"};
      return (i < 4 ? "staging-" : "prod-") + regions[i % 4] + "-" + (i / 4 + 1);
    }

    void emit(String type, Map<String, String> v, String requestedBy, String text) {
      String template = templates.get(type);
      if (template == null) {
        return; // a type this build's golden files lack
      }
      now = now.plus(gapMicros, ChronoUnit.MICROS);
      String json =
          template
              .replace("9fceb02d0ae598e95dc970b74767f19372d61af8", v.get("sha"))
              .replace("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", v.get("prev"))
              .replace("guestbook", v.get("app"))
              .replace("prod-eu-1", v.getOrDefault("cluster", "prod-eu-1"))
              .replace("Alice Example", v.get("name"))
              .replace("alice@example.com", v.get("email"));
      try {
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(json);
        tree.put("id", UUID.randomUUID().toString());
        tree.put("time", now.toString());
        ObjectNode data = (ObjectNode) tree.get("data");
        if (text != null) {
          data.put(data.has("reason") ? "reason" : "message", text);
        }
        if (requestedBy != null && data.has("requestedBy")) {
          data.put("requestedBy", requestedBy);
        }
        String value = EventCodec.mapper().writeValueAsString(tree);
        String topic = EventType.ofType(type).orElseThrow().topic();
        pending.add(new String[] {topic, value});
      } catch (Exception e) {
        throw new IllegalStateException("cannot make a " + type + " event", e);
      }
    }
  }

  // ---------------------------------------------------------------------------------- query

  static void query(
      String url, String user, String password, String base, String token, int n, Path out)
      throws Exception {
    Random random = new Random(7);
    List<String> apps, clusters, revisions, emails, identities;
    Instant oldest, newest;
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      apps = sample(c, "select distinct app from audit_log where app ~ '^app-[0-9]+$'");
      clusters = sample(c, "select distinct cluster from audit_log where cluster is not null");
      revisions =
          sample(c, "select revision from audit_log tablesample system (1) where revision is not"
              + " null limit 2000");
      emails =
          sample(c, "select actor_email from audit_log tablesample system (1) where actor_email"
              + " is not null limit 2000");
      identities =
          sample(c, "select distinct actor from audit_log tablesample system (5) where actor not"
              + " like '%<%'");
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("select min(event_time)::text, max(event_time)::text from audit_log")) {
        rs.next();
        oldest = Instant.parse(rs.getString(1).replace(' ', 'T').replaceAll("\\+00$", "Z"));
        newest = Instant.parse(rs.getString(2).replace(' ', 'T').replaceAll("\\+00$", "Z"));
      }
    }
    long spanSec = Duration.between(oldest, newest).getSeconds();
    Supplier<Instant> anyTime = () -> oldest.plusSeconds((long) (random.nextDouble() * spanSec));
    String[] prefixes = {
      "io.flotilla.sync", "io.flotilla.commit", "io.flotilla.desiredstate", "io.flotilla.health",
      "io.flotilla.rollback", "io.flotilla.drift", "io.flotilla.pause", "io.flotilla.render"
    };
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    Client client = new Client(http, base, token);

    Map<String, Supplier<String>> filters = new LinkedHashMap<>();
    filters.put("none", () -> "");
    filters.put("app", () -> "app=" + pick(random, apps));
    filters.put("cluster", () -> "cluster=" + pick(random, clusters));
    filters.put("revision", () -> "revision=" + pick(random, revisions));
    filters.put("actor_email", () -> "actor=" + pick(random, emails));
    filters.put("actor_identity", () -> "actor=" + enc(pick(random, identities)));
    filters.put("type_prefix", () -> "type=" + prefixes[random.nextInt(prefixes.length)]);
    filters.put("since_1d", () -> "since=1d");
    filters.put("since_until_1d_window", () -> {
      Instant t = anyTime.get();
      return "since=" + t + "&until=" + t.plus(1, ChronoUnit.DAYS);
    });
    filters.put("until", () -> "until=" + anyTime.get());
    filters.put("q_word", () -> "q=" + enc(OBJECTS[random.nextInt(OBJECTS.length)]));
    filters.put("q_rare", () -> "q=TICKET-" + (1 + random.nextInt(100_000)) + ")");
    filters.put("app_cluster", () -> {
      String app = pick(random, apps);
      int i = Integer.parseInt(app.substring(4));
      return "app=" + app + "&cluster=" + Generator.cluster((i * 7) % CLUSTERS);
    });
    filters.put("app_type_since_30d", () -> "app=" + pick(random, apps)
        + "&type=io.flotilla.sync&since=30d");
    filters.put("deep_cursor", () -> "cursor=" + client.cursorAt(anyTime.get(), ""));
    filters.put("deep_cursor_app", () -> {
      String app = pick(random, apps);
      return "app=" + app + "&cursor=" + client.cursorAt(anyTime.get(), "app=" + app + "&");
    });

    // warm up the JIT and the caches a little
    for (int i = 0; i < 20; i++) {
      for (Supplier<String> f : filters.values()) {
        client.get(f.get());
      }
    }
    StringBuilder json = new StringBuilder();
    for (Map.Entry<String, Supplier<String>> f : filters.entrySet()) {
      long[] ms = new long[n];
      long rows = 0;
      for (int i = 0; i < n; i++) {
        String q = f.getValue().get();
        long t0 = System.nanoTime();
        rows += client.get(q);
        ms[i] = (System.nanoTime() - t0) / 1000;
      }
      Arrays.sort(ms);
      double p50 = ms[n / 2] / 1000.0;
      double p99 = ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1000.0;
      double max = ms[n - 1] / 1000.0;
      System.out.printf(Locale.ROOT, "query %-22s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%.0f rows/page)%n",
          f.getKey(), p50, p99, max, rows / (double) n);
      json.append(String.format(Locale.ROOT, "%s\"query_%s_p50_ms\": %.1f, \"query_%s_p99_ms\": %.1f",
          json.length() == 0 ? "" : ", ", f.getKey(), p50, f.getKey(), p99));
    }
    Files.writeString(out, json.toString());
  }

  static List<String> sample(Connection c, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    if (values.isEmpty()) {
      throw new IllegalStateException("no values for: " + sql);
    }
    return values;
  }

  static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  record Client(HttpClient http, String base, String token) {
    /** GETs one page; returns how many entries it held. */
    int get(String query) {
      HttpResponse<String> r = send(query);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET ?" + query + " -> " + r.statusCode() + ": " + r.body());
      }
      int entries = 0;
      String body = r.body();
      for (int i = body.indexOf("\"seq\":"); i >= 0; i = body.indexOf("\"seq\":", i + 1)) {
        entries++;
      }
      return entries;
    }

    /** A cursor the API returned, positioned at the newest entry at or before {@code t}. */
    String cursorAt(Instant t, String filter) {
      HttpResponse<String> r = send(filter + "until=" + t + "&limit=1");
      return r.headers().firstValue("X-Next-Cursor").orElse("");
    }

    HttpResponse<String> send(String query) {
      try {
        HttpRequest req =
            HttpRequest.newBuilder(URI.create(base + "/api/v1/audit?" + query))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new IllegalStateException("GET ?" + query + ": " + e, e);
      }
    }
  }
}
