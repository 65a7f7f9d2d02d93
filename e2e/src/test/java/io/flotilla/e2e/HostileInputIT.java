package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.e2e.hostile.AuditDb;
import io.flotilla.e2e.hostile.Calls;
import io.flotilla.e2e.hostile.HostileCommits;
import io.flotilla.e2e.hostile.HostileRepo;
import io.flotilla.e2e.hostile.SecretSweep;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile and bad input against the whole platform (separate processes, real Kafka, PostgreSQL, Git
 * and fleet-sim): each hostile fleet revision, app commit, webhook and API call is refused with an
 * error naming what and where, nothing reaches a cluster, and the refusal is in the audit log.
 * Last, the secrets the test planted (a Git token, a Secret's data, a kubeconfig token, inline
 * credentials, the webhook secret) are searched for in every topic, log file, audit row and HTTP
 * answer: none may appear. The fast cases each module refuses are tested in that module; see
 * docs/security.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static final String APP = "hostile-" + RUN;
  static final String VICTIM = APP + "-priv";
  static final String INLINE = APP + "-inline";
  static final List<String> TARGETS = List.of("sim-2", "sim-3", "sim-tok");
  static final PersonIdent MALLORY = new PersonIdent("Mallory Example", "mallory@example.com");
  static final Duration STEP = Duration.ofSeconds(60);
  static final ObjectMapper JSON = new ObjectMapper();

  // the secrets: labels are printed, values never are
  static final String GIT_TOKEN = "ghp_gitTokenFromFile" + RUN + "Zq9";
  static final String GIT_INLINE_TOKEN = "ghp_gitTokenInUrl" + RUN + "Xk2";
  static final String KUBE_TOKEN = "kube-bearer-token-" + RUN + "-Wm4";
  static final String KUBE_INLINE_TOKEN = "kube-inline-token-" + RUN + "-Jr7";
  static final String SECRET_DATA = "s3cr3t-password-" + RUN + "-Pv5";
  static final String SECRET_DATA_2 = "s3cr3t-apikey-" + RUN + "-Hd8";
  static final String WEBHOOK_SECRET = "webhook-hmac-" + RUN + "-Lc3";
  static final String BAD_API_TOKEN = "not-a-token-" + RUN + "-Qs6";

  static Platform platform;
  static HostileRepo apps;
  static HostileRepo fleet;
  static AuditDb audit;
  static Path work;
  static final Calls calls = new Calls();
  static String good;
  static final Map<String, String> fleetFiles = new LinkedHashMap<>();

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    work = repoRoot.resolve("e2e/target/e2e-" + APP);
    Files.createDirectories(work.resolve("credentials"));
    Files.writeString(work.resolve("credentials/git-token"), GIT_TOKEN + "\n");
    audit =
        new AuditDb(
            System.getenv()
                .getOrDefault("FLOTILLA_E2E_DB_URL", "postgresql://127.0.0.1:56432/flotilla_e2e"),
            "flotilla_hostile");
    audit.dropIfExists();

    apps = HostileRepo.init(work.resolve("apps"));
    apps.put(APP + "/app.yaml", HostileCommits.goodManifests(APP, 1));
    good = apps.commit("a good release", MALLORY);
    fleet = HostileRepo.init(work.resolve("fleet"));
    fleetFiles.putAll(Samples.fleet(3, Map.of(APP, apps.url())));
    fleetFiles.put(
        "apps/" + VICTIM + ".yaml", HostileCommits.app(VICTIM, "http://127.0.0.1:9/private.git"));
    fleetFiles.put(
        "apps/" + VICTIM + ".yaml",
        fleetFiles
            .get("apps/" + VICTIM + ".yaml")
            .replace("    type: yaml\n", "    type: yaml\n    credentialsRef: git-token\n"));
    fleetFiles.put(
        "apps/" + INLINE + ".yaml",
        HostileCommits.app(
            INLINE, "https://x-access-token:" + GIT_INLINE_TOKEN + "@127.0.0.1:9/inline.git"));
    fleetFiles.forEach(fleet::put);
    fleet.commit("fleet: three clusters, the app, two unreachable private apps", MALLORY);

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", work.resolve("credentials").toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", audit.url());
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.put("FLOTILLA_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.putAll(Platform.ports(18680));
    platform = Platform.up(repoRoot, env, System.out);

    // a fourth cluster whose kubeconfig carries a bearer token (fleet-sim's own carry none); it
    // points at sim-2's simulated API server
    Path credentials = platform.credentialsDir();
    String kubeconfig = Files.readString(credentials.resolve("sim-2.kubeconfig"));
    assertThat(kubeconfig).contains("user: {}");
    Files.writeString(
        credentials.resolve("sim-tok.kubeconfig"),
        kubeconfig.replace("user: {}", "user: {token: \"" + KUBE_TOKEN + "\"}"));
    fleetFiles.put(
        "clusters/sim-tok.yaml",
        """
        apiVersion: flotilla.io/v1
        kind: Cluster
        metadata: {name: sim-tok, labels: {env: prod}}
        spec: {kubeconfig: {secretRef: sim-tok.kubeconfig}}
        """);
    fleetFiles.forEach(fleet::put);
    fleet.commit("fleet: a cluster whose kubeconfig has a token", MALLORY);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
    if (apps != null) {
      apps.close();
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void goodReleaseShouldReachEveryTargetAndUnreachablePrivateReposBeReported() throws Exception {
    Rollout.await(platform.applierUrl(), APP, good, TARGETS, Duration.ofSeconds(120), System.out);

    for (String app : List.of(VICTIM, INLINE)) {
      await()
          .atMost(STEP)
          .untilAsserted(
              () ->
                  assertThat(audit.envelopesContaining("io.flotilla.watch.failed.v1", app))
                      .isNotEmpty());
    }
    assertThat(audit.envelopesContaining("io.flotilla.watch.failed.v1", INLINE))
        .allSatisfy(e -> assertThat(e).contains("https://***@127.0.0.1:9/inline.git"));
  }

  @Test
  @Order(2)
  void hostileFleetRevisionShouldBeRefusedNamingFileAndFieldAndTheFleetStay() throws Exception {
    long writesBefore = writes();
    fleet.put("clusters/evil.yaml", HostileCommits.inlineCredentialsCluster(KUBE_INLINE_TOKEN));
    fleet.put("apps/" + APP + "-typo.yaml", HostileCommits.typoApp(APP, apps.url()));
    String bad = fleet.commit("fleet: inline credentials, traversal and a typo", MALLORY);

    List<String> rejected = awaitRows("io.flotilla.fleet.rejected.v1", bad, 1);
    assertThat(rejected.get(0))
        .contains(
            "clusters/evil.yaml",
            "spec.kubeconfig.token",
            "credentials are never inline",
            "apps/" + APP + "-typo.yaml",
            "spec.source.path",
            "must stay inside the repository",
            "spec.source.helm.valuesFiles[0]",
            "spec.syncPolicy.prun",
            "is not a known field")
        .doesNotContain(KUBE_INLINE_TOKEN);
    assertThat(writes()).as("writes after the refused fleet").isEqualTo(writesBefore);
    assertThat(Rollout.clusters(platform.applierUrl(), APP).keySet())
        .as("the clusters of the fleet in force")
        .doesNotContain("evil");

    // the fixed fleet: an app whose selector matches nothing is a warning, in the FleetChanged
    fleet.remove("clusters/evil.yaml").remove("apps/" + APP + "-typo.yaml");
    fleet.put(
        "apps/" + APP + "-nowhere.yaml",
        HostileCommits.app(APP + "-nowhere", apps.url()).replace("{env: prod}", "{env: mars}"));
    String fixed = fleet.commit("fleet: an app for clusters that do not exist yet", MALLORY);

    List<String> changed = awaitRows("io.flotilla.fleet.changed.v1", fixed, 1);
    assertThat(changed.get(0))
        .contains(
            "\"warnings\"",
            "application '"
                + APP
                + "-nowhere': spec.destination.clusterSelector matches no cluster of the fleet");
  }

  @Test
  @Order(3)
  void hostileCommitsShouldEachBeRefusedWithNothingApplied() throws Exception {
    long writesBefore = writes();
    List<HostileCommits.Case> cases = HostileCommits.cases(APP, VICTIM, SECRET_DATA, SECRET_DATA_2);
    for (HostileCommits.Case c : cases) {
      c.apply().accept(apps);
      String sha = apps.commit("hostile: " + c.name(), MALLORY);
      long committed = System.nanoTime();
      c.undo().accept(apps);
      List<String> failed = awaitRows("io.flotilla.render.failed.v1", sha, TARGETS.size());
      // printed, not asserted: from the commit to every RenderFailed in the audit log
      System.out.printf(
          "   refused %s at %s, audited %d ms after the commit%n",
          c.name(), Rollout.shortSha(sha), (System.nanoTime() - committed) / 1_000_000);
      for (String envelope : failed) {
        JsonNode data = JSON.readTree(envelope).path("data");
        assertThat(data.path("reason").asText()).as(c.name()).contains(c.words());
        if (c.file() != null) {
          assertThat(data.path("file").asText()).as(c.name()).isEqualTo(c.file());
        }
        assertThat(envelope).as(c.name()).doesNotContain(SECRET_DATA, SECRET_DATA_2);
      }
    }

    assertThat(writes()).as("writes to the simulated clusters").isEqualTo(writesBefore);
    Map<String, JsonNode> state = Rollout.clusters(platform.applierUrl(), APP);
    calls.keep(state.toString());
    for (String cluster : TARGETS) {
      assertThat(state.get(cluster).path("appliedRevision").asText())
          .as("revision on %s", cluster)
          .isEqualTo(good);
    }
  }

  @Test
  @Order(5)
  void anUnknownApiGroupShouldBeReportedPerObjectByTheApplier() throws Exception {
    apps.put(
        APP + "/widget.yaml",
        """
        apiVersion: widgets.nonexistent.example.com/v1
        kind: Widget
        metadata: {name: knob}
        spec: {size: 3}
        """);
    String sha = apps.commit("a kind no cluster knows", MALLORY);
    apps.remove(APP + "/widget.yaml");

    List<String> synced = awaitRows("io.flotilla.sync.completed.v1", sha, TARGETS.size());
    Map<String, JsonNode> state = Rollout.clusters(platform.applierUrl(), APP);
    calls.keep(state.toString());
    String expected =
        "the API server does not serve kind Widget in widgets.nonexistent.example.com/v1";
    for (String envelope : synced) {
      JsonNode data = JSON.readTree(envelope).path("data");
      assertThat(data.path("status").asText()).isEqualTo("failed");
      JsonNode widget = null;
      for (JsonNode r : data.path("resources")) {
        if ("Widget".equals(r.path("kind").asText())) {
          widget = r;
        }
      }
      assertThat(widget).as("the Widget's result in %s", envelope).isNotNull();
      assertThat(widget.path("outcome").asText()).isEqualTo("failed");
      assertThat(widget.path("message").asText()).contains(expected);
    }
    for (String cluster : TARGETS) {
      assertThat(state.get(cluster).path("syncState").asText()).isEqualTo("Failed");
      assertThat(state.get(cluster).path("lastError").asText())
          .contains("Widget " + APP + "/knob: " + expected);
    }
  }

  @Test
  @Order(6)
  void webhooksShouldRefuseBadCallsAndRateLimitAFloodWithoutStarvingOthers() throws Exception {
    String url = "http://127.0.0.1:18681/api/v1/webhooks/generic";
    byte[] body = ("{\"repoURL\": \"" + apps.url() + "\"}").getBytes(StandardCharsets.UTF_8);
    String header = "X-Flotilla-Signature";

    Calls.Answer none = calls.post(url, Map.of(), body);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("signature-missing", header);

    Calls.Answer forged = calls.post(url, Map.of(header, Calls.sign("guess", body)), body);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body()).contains("signature-invalid");

    byte[] huge = new byte[10 << 20];
    java.util.Arrays.fill(huge, (byte) ' ');
    Calls.Answer tooLarge = calls.post(url, Map.of(header, Calls.sign(WEBHOOK_SECRET, huge)), huge);
    assertThat(tooLarge.status()).isEqualTo(413);

    byte[] malformed = "{\"repoURL\": [unclosed".getBytes(StandardCharsets.UTF_8);
    Calls.Answer bad =
        calls.post(url, Map.of(header, Calls.sign(WEBHOOK_SECRET, malformed)), malformed);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("malformed-payload");

    List<Calls.Answer> flood =
        calls.flood(url, Map.of(header, Calls.sign(WEBHOOK_SECRET, body)), body, 1_000);
    List<Calls.Answer> limited = flood.stream().filter(a -> a.status() == 429).toList();
    assertThat(limited).as("429s among 1,000 calls").hasSizeGreaterThan(900);
    assertThat(limited)
        .allSatisfy(
            a -> {
              assertThat(Long.parseLong(a.header("Retry-After"))).isPositive();
              assertThat(a.body()).contains("rate-limited");
            });
    assertThat(flood).allSatisfy(a -> assertThat(a.status()).isIn(202, 429));

    // another source is served while this one is still limited
    Calls.Answer other =
        calls.postFrom(
            "127.0.0.2", URI.create(url), Map.of(header, Calls.sign(WEBHOOK_SECRET, body)), body);
    assertThat(other.status()).as("from 127.0.0.2: %s", other.body()).isEqualTo(202);
    assertThat(other.body()).contains(APP);

    String watcherLog = logs();
    assertThat(watcherLog).contains("refused: no " + header + " header", "refused: bad " + header);
  }

  @Test
  @Order(7)
  void auditAndControlApisShouldRefuseBadTokensAndBadQueriesWith4xx() throws Exception {
    String auditUrl = platform.auditorUrl() + "/api/v1/audit";
    String token = platform.apiToken();

    assertThat(calls.get(auditUrl, null).status()).isEqualTo(401);
    Calls.Answer wrong = calls.get(auditUrl, BAD_API_TOKEN);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(BAD_API_TOKEN);
    Calls.Answer control =
        calls.post(
            platform.applierUrl() + "/api/v1/control/pause",
            Map.of("Content-Type", "application/json"),
            ("{\"app\": \"" + APP + "\", \"reason\": \"x\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(control.status()).isEqualTo(401);

    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String query :
        List.of(
            "app=" + enc("' OR '1'='1"),
            "type=" + enc("x'; DROP TABLE audit_log; --"),
            "q=" + enc("%' UNION SELECT hash FROM audit_log --"),
            "since=" + enc("1' OR 1=1 --"),
            "until=" + enc("2026-13-45T99:99:99Z"),
            "limit=-1",
            "limit=99999999999999999999",
            "cursor=" + enc("'; SELECT pg_sleep(10); --"),
            "order=" + enc("seq; DROP TABLE audit_log"),
            "q=" + "x".repeat(3_000),
            "app=" + "a".repeat(3_000))) {
      Calls.Answer a = calls.get(auditUrl + "?" + query, token);
      statuses.put(query.length() > 80 ? query.substring(0, 20) + "…" : query, a.status());
      assertThat(a.status()).as("%s: %s", query, a.body()).isLessThan(500);
      if (a.status() == 200) {
        JsonNode rows = JSON.readTree(a.body());
        assertThat(rows.isArray() ? rows : rows.path("items"))
            .as("%s matches no row", query)
            .isEmpty();
      }
    }
    System.out.println("   audit API answers: " + statuses);
    assertThat(statuses)
        .containsEntry("since=" + enc("1' OR 1=1 --"), 400)
        .containsEntry("limit=-1", 400)
        .containsEntry("limit=99999999999999999999", 400);
    assertThat(audit.envelopes("io.flotilla.commit.detected.v1", good)).isNotEmpty();

    // an oversized query line is refused by the HTTP server itself, without reaching the API
    Calls.Answer huge = calls.get(auditUrl + "?q=" + "x".repeat(100_000), token);
    System.out.println("   a 100 kB query line: " + huge.status());
    assertThat(huge.status()).as("100 kB query").isBetween(400, 499);
  }

  @Test
  @Order(8)
  void noSecretShouldAppearInAnyTopicLogAuditRowOrAnswer() throws Exception {
    // the answers a user reads: the app's state and its audit trail
    calls.keep(calls.get(platform.applierUrl() + "/api/v1/apps/" + APP, null).body());
    calls.keep(
        calls
            .get(
                platform.auditorUrl() + "/api/v1/audit?app=" + APP + "&limit=500",
                platform.apiToken())
            .body());
    calls.keep(
        calls.get(platform.auditorUrl() + "/api/v1/audit?limit=500", platform.apiToken()).body());

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the Git token file", GIT_TOKEN);
    secrets.put("the Git token in a repoURL", GIT_INLINE_TOKEN);
    secrets.put("the kubeconfig token", KUBE_TOKEN);
    secrets.put("the inline kubeconfig token", KUBE_INLINE_TOKEN);
    secrets.put("the Secret's stringData", SECRET_DATA);
    secrets.put("the Secret's data", SECRET_DATA_2);
    secrets.put(
        "the Secret's data, base64",
        Base64.getEncoder().encodeToString(SECRET_DATA_2.getBytes(StandardCharsets.UTF_8)));
    secrets.put("the webhook secret", WEBHOOK_SECRET);
    secrets.put("a refused API token", BAD_API_TOKEN);

    SecretSweep sweep = new SecretSweep(secrets);
    sweep.topics(System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092"));
    sweep.files(platform.logDir());
    try (Connection db = audit.connect()) {
      sweep.database(db);
    }
    sweep.answers(calls.bodies());
    System.out.printf("   searched %d records, files, rows and answers%n", sweep.searched());

    assertThat(sweep.hits()).isEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  private static List<String> awaitRows(String type, String revision, int count) {
    List<List<String>> rows = new ArrayList<>();
    await()
        .atMost(STEP)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              List<String> found = audit.envelopes(type, revision);
              assertThat(found).as("%s rows for %s", type, revision).hasSize(count);
              rows.add(found);
            });
    return rows.get(rows.size() - 1);
  }

  private static long writes() {
    JsonNode stats = Http.get(platform.simStatsUrl()).path("clusters");
    long total = 0;
    for (JsonNode c : stats) {
      total += c.path("writes").asLong();
    }
    return total;
  }

  private static String logs() throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.walk(platform.logDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
