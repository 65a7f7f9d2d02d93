package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code flotilla} CLI against the real services: a whole platform (git-watcher, renderer,
 * applier, auditor, fleet-sim, Kafka, PostgreSQL) started through {@code platform.sh} on its own
 * ports and database, the CLI run in-process as a shell would run it ({@link Main#run}, its own
 * environment, output and exit code captured). Every command's happy path, a server that is down, a
 * refused token, bad arguments, and {@code diff} of a branch that changes, adds and removes one
 * object each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
  static final String APP = "cli-" + UUID.randomUUID().toString().substring(0, 6);
  static final List<String> CLUSTERS = List.of("sim-1", "sim-2");
  static final PersonIdent ALICE = new PersonIdent("Alice Example", "alice@example.com");
  static final Duration ROLLOUT = Duration.ofSeconds(90);
  static final String TOKEN = "cli-it-" + UUID.randomUUID().toString().replace("-", "");
  static final String IDENTITY = "cli-tester";

  static Platform platform;
  static Path work;
  static Path appRepo;
  static GitRepo fleet;
  static String sha1;
  static String sha2;

  @BeforeAll
  static void startPlatform() throws Exception {
    Path repoRoot =
        Path.of(System.getenv().getOrDefault("FLOTILLA_REPO_ROOT", "..")).toAbsolutePath();
    work = repoRoot.resolve("e2e/target/cli-it-" + APP);
    Files.createDirectories(work);
    appRepo = work.resolve("app");
    try (Git git = Git.init().setDirectory(appRepo.toFile()).setInitialBranch("main").call()) {
      write(appRepo, CliFixtures.app(APP, 2));
      sha1 = commit(git, "first release");
      // the merge-request branch: scale the Deployment, add a ConfigMap, drop the Service
      git.checkout().setCreateBranch(true).setName("feature").call();
      write(appRepo, Map.of(APP + "/deployment.yaml", CliFixtures.deployment(APP, 3)));
      write(appRepo, Map.of(APP + "/extra.yaml", CliFixtures.extraConfig(APP)));
      git.rm().addFilepattern(APP + "/service.yaml").call();
      commit(git, "scale web, add a config map, drop the service");
      git.checkout().setName("main").call();
    }
    fleet = GitRepo.init(work.resolve("fleet"));
    fleet.commit(CliFixtures.fleet(APP, appRepo.toUri().toString()), "fleet", ALICE);

    Path credentials = work.resolve("credentials");
    Files.createDirectories(credentials);
    Files.writeString(credentials.resolve("api-tokens"), TOKEN + " " + IDENTITY + "\n");

    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLOTILLA_PLATFORM_DIR", work.resolve("platform").toString());
    env.put("FLOTILLA_CREDENTIALS_DIR", credentials.toString());
    env.put("FLOTILLA_FLEET_REPO", fleet.url());
    env.put("FLOTILLA_DB_URL", Databases.fresh("flotilla_cli_it"));
    env.put("FLOTILLA_POLL_INTERVAL", "1s");
    env.put("FLOTILLA_SIM_CLUSTERS", "2");
    env.putAll(Platform.ports(18180));
    platform = Platform.up(repoRoot, env, System.out);
    // on a loaded machine a service's first answers can take longer than one request's timeout
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> Http.get(platform.applierUrl() + "/api/v1/apps") != null);
    Rollout.await(platform.applierUrl(), APP, sha1, CLUSTERS, ROLLOUT, System.out);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  // --- happy paths -------------------------------------------------------------------------

  @Test
  @Order(1)
  void appsShouldListTheAppOnEveryClusterAsTableAndJson() throws Exception {
    Result r = flotilla("apps");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .matches("APP +CLUSTER +SYNC +HEALTH +DESIRED +APPLIED +LAST SYNC +NOTE");
    String sha = sha1.substring(0, 7);
    assertThat(lines.subList(1, lines.size()))
        .hasSize(2)
        .anySatisfy(
            l -> assertThat(l).matches(APP + " +sim-1 +Synced +\\S+ +" + sha + " +" + sha + " +.*"))
        .anySatisfy(
            l ->
                assertThat(l).matches(APP + " +sim-2 +Synced +\\S+ +" + sha + " +" + sha + " +.*"));

    Result json = flotilla("apps", "-o", "json");
    assertThat(json.exit()).isZero();
    JsonNode apps = new ObjectMapper().readTree(json.out());
    assertThat(apps).hasSize(1);
    assertThat(apps.get(0).path("app").asText()).isEqualTo(APP);
    assertThat(apps.get(0).path("clusters"))
        .allSatisfy(c -> assertThat(c.path("appliedRevision").asText()).isEqualTo(sha1));

    Result yaml = flotilla("apps", "-o", "yaml");
    assertThat(yaml.exit()).isZero();
    assertThat(yaml.out()).contains("- app: " + APP).contains("syncState: Synced");
  }

  @Test
  @Order(2)
  void statusShouldShowEachClustersRevisionsAndObjects() {
    Result r = flotilla("status", APP);
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    for (String cluster : CLUSTERS) {
      assertThat(r.out()).contains(cluster + ": Synced");
    }
    assertThat(r.out())
        .contains("    desired    " + sha1)
        .contains("    applied    " + sha1)
        .contains("    objects    4 (");
  }

  @Test
  @Order(3)
  void diffOfTheLiveBranchShouldShowNoChangesAndExit0() {
    Result r = diff("--ref", "main");
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            "diff of "
                + APP
                + " at main ("
                + sha1.substring(0, 7)
                + ") against the live state of 2 clusters\n"
                + "\ncluster sim-1: no changes (4 objects up to date)\n"
                + "\ncluster sim-2: no changes (4 objects up to date)\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  @Order(4)
  void diffOfABranchThatChangesAddsAndRemovesShouldShowEachAndExit1() throws Exception {
    Result r = diff("--ref", "feature");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(CliFixtures.expectedDiffText(APP, featureSha(), CLUSTERS));
    assertThat(r.exit()).isEqualTo(1);

    Result md = diff("--ref", "feature", "--format", "markdown");
    assertThat(md.err()).isEmpty();
    assertThat(md.out()).isEqualTo(CliFixtures.expectedDiffMarkdown(APP, featureSha(), CLUSTERS));
    assertThat(md.exit()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void syncWaitShouldReportEveryClusterAndExit0WhenConverged() {
    Result r = flotilla("sync", APP, "--wait", "--interval", "200ms", "--timeout", "90s");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    String sha = sha1.substring(0, 7);
    assertThat(normalize(r.out()))
        .startsWith("sync of " + APP + " requested by " + IDENTITY + " (event <id>)\n")
        .contains("waiting for 2 clusters (timeout 90s)\n")
        .contains("  ✓ sim-1 synced " + sha + "\n")
        .contains("  ✓ sim-2 synced " + sha + "\n")
        .contains("2/2 clusters done, 0 failed\n")
        .endsWith("converged: " + APP + " on 2/2 clusters\n");
  }

  @Test
  @Order(6)
  void pauseAndResumeShouldBeAcknowledgedByTheApplier() {
    Result pause = flotilla("pause", APP, "--reason", "cli test", "--timeout", "30s");
    assertThat(pause.err()).isEmpty();
    assertThat(pause.exit()).isZero();
    assertThat(normalize(pause.out()))
        .isEqualTo(
            "pause of app "
                + APP
                + " on all its clusters requested by "
                + IDENTITY
                + " (event <id>)\n"
                + "acknowledged by the applier: 2 app/cluster pairs paused\n"
                + "  "
                + APP
                + " on sim-1: paused by "
                + IDENTITY
                + ": cli test\n"
                + "  "
                + APP
                + " on sim-2: paused by "
                + IDENTITY
                + ": cli test\n");
    Result apps = flotilla("apps");
    assertThat(apps.out().lines().skip(1))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).endsWith("paused by " + IDENTITY + ": cli test"));

    Result resume = flotilla("resume", APP, "--reason", "cli test over", "--timeout", "30s");
    assertThat(resume.err()).isEmpty();
    assertThat(resume.exit()).isZero();
    assertThat(normalize(resume.out()))
        .startsWith(
            "resume of app "
                + APP
                + " on all its clusters requested by "
                + IDENTITY
                + " (event <id>)\n");
    assertThat(flotilla("apps").out()).doesNotContain("paused by");
  }

  @Test
  @Order(7)
  void rollbackToAShortShaFromHistoryShouldBringTheOldRevisionBack() throws Exception {
    try (Git git = Git.open(appRepo.toFile())) {
      write(appRepo, Map.of(APP + "/deployment.yaml", CliFixtures.deployment(APP, 4)));
      sha2 = commit(git, "scale to 4");
    }
    Rollout.await(platform.applierUrl(), APP, sha2, CLUSTERS, ROLLOUT, System.out);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(flotilla("history", APP).out()).contains(sha2.substring(0, 7)));

    Result history = flotilla("history", APP, "--cluster", "sim-1");
    assertThat(history.err()).isEmpty();
    assertThat(history.exit()).isZero();
    List<String> rows = history.out().lines().toList();
    assertThat(rows.get(0)).matches("TIME +KIND +CLUSTER +REVISION +OUTCOME +BY +MESSAGE");
    assertThat(rows.get(1))
        .matches(
            "\\S+ +sync +sim-1 +"
                + sha2.substring(0, 7)
                + " +synced +Alice Example <alice@example.com> +scale to 4");
    assertThat(rows)
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "\\S+ +sync +sim-1 +"
                            + sha1.substring(0, 7)
                            + " +synced +Alice Example <alice@example.com> +first release"));

    Result rollback =
        flotilla(
            "rollback",
            APP,
            "--to",
            sha1.substring(0, 7),
            "--reason",
            "4 is too many",
            "--wait",
            "--interval",
            "200ms",
            "--timeout",
            "90s");
    assertThat(rollback.err()).isEmpty();
    assertThat(rollback.exit()).isZero();
    assertThat(normalize(rollback.out()))
        .startsWith(
            "rollback of "
                + APP
                + " to "
                + sha1.substring(0, 7)
                + " requested by "
                + IDENTITY
                + " (event <id>)")
        .contains("automated sync is suspended until `flotilla resume " + APP + "`")
        .endsWith("converged: " + APP + " on 2/2 clusters\n");
    for (String cluster : CLUSTERS) {
      assertThat(replicasOn(cluster)).isEqualTo(2);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(flotilla("history", APP).out())
                    .containsPattern(
                        "rollback +\\(all\\) +" + sha1.substring(0, 7) + " .*4 is too many"));

    Result resume = flotilla("resume", APP, "--reason", "rollback over", "--timeout", "30s");
    assertThat(resume.exit()).isZero();
    assertThat(flotilla("apps").out()).doesNotContain(IDENTITY);
    // the suspension is over: the next commit is applied again
    String sha3;
    try (Git git = Git.open(appRepo.toFile())) {
      write(appRepo, Map.of(APP + "/deployment.yaml", CliFixtures.deployment(APP, 3)));
      sha3 = commit(git, "scale to 3");
    }
    Rollout.await(platform.applierUrl(), APP, sha3, CLUSTERS, ROLLOUT, System.out);
  }

  @Test
  @Order(8)
  void auditShouldFindWhatTheCliDidAndVerifyTheChain() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(flotilla("audit", "--app", APP, "--actor", IDENTITY).out())
                    .contains("rollback.requested.v1"));
    Result r = flotilla("audit", "--app", APP, "--actor", IDENTITY, "--since", "1h", "--asc");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    List<String> types = r.out().lines().skip(1).map(l -> l.split(" +")[2]).toList();
    assertThat(types)
        .containsExactly(
            "sync.requested.v1",
            "pause.requested.v1",
            "resume.requested.v1",
            "rollback.requested.v1",
            "resume.requested.v1");
    assertThat(r.out().lines().skip(1)).allSatisfy(l -> assertThat(l).contains(" " + APP + " "));

    Result ndjson =
        flotilla("audit", "--app", APP, "--type", "io.flotilla.pause", "-o", "ndjson", "--all");
    assertThat(ndjson.exit()).isZero();
    List<String> lines = ndjson.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode entry = new ObjectMapper().readTree(lines.get(0));
    assertThat(entry.path("actor").asText()).isEqualTo(IDENTITY);
    assertThat(entry.path("message").asText()).isEqualTo("cli test");

    Result verify = flotilla("audit", "verify");
    assertThat(verify.err()).isEmpty();
    assertThat(verify.out()).matches("audit chain verified: \\d+ entries intact\n");
    assertThat(verify.exit()).isZero();
  }

  @Test
  @Order(9)
  void aConfigFileShouldServeWhenNoFlagOrEnvironmentIsSet() throws Exception {
    Path home = work.resolve("xdg");
    Files.createDirectories(home.resolve("flotilla"));
    // tokenFile is relative to the config file's folder
    Files.writeString(home.resolve("token"), TOKEN + " " + IDENTITY + "\n");
    Files.writeString(
        home.resolve("flotilla/config.yaml"),
        "server: "
            + platform.applierUrl()
            + "\nauditServer: "
            + platform.auditorUrl()
            + "\ntokenFile: ../token\n");
    Result r = run(Map.of("XDG_CONFIG_HOME", home.toString()), "audit", "verify");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
  }

  // --- what goes wrong ---------------------------------------------------------------------

  @Test
  @Order(10)
  void aServerThatIsDownShouldBeNamedWithWhatToCheckAndExit3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    Result r = run(Map.of("FLOTILLA_SERVER", url), "apps");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("error: cannot reach the applier at " + url + " (")
        .contains("`make status`")
        .contains("The URL came from FLOTILLA_SERVER")
        .doesNotContain("\tat ");

    Result audit = run(Map.of("FLOTILLA_TOKEN", TOKEN), "audit", "--audit-server", url);
    assertThat(audit.exit()).isEqualTo(3);
    assertThat(audit.err())
        .startsWith("error: cannot reach the auditor at " + url + " (")
        .contains("The URL came from --audit-server");
  }

  @Test
  @Order(11)
  void aRefusedTokenShouldExit4WithoutShowingIt() {
    String wrong = "not-the-token-" + UUID.randomUUID();
    Result pause =
        run(
            Map.of("FLOTILLA_SERVER", platform.applierUrl(), "FLOTILLA_TOKEN", wrong),
            "pause",
            APP,
            "--reason",
            "x");
    assertThat(pause.exit()).isEqualTo(4);
    assertThat(pause.err())
        .startsWith(
            "error: the applier at "
                + platform.applierUrl()
                + " refused the token from FLOTILLA_TOKEN (401: ")
        .contains("FLOTILLA_API_TOKENS")
        .doesNotContain(wrong);

    Result audit =
        run(
            Map.of("FLOTILLA_AUDIT_SERVER", platform.auditorUrl()),
            "audit",
            "--token",
            wrong,
            "--app",
            APP);
    assertThat(audit.exit()).isEqualTo(4);
    assertThat(audit.err())
        .startsWith("error: the auditor at " + platform.auditorUrl() + " refused the token")
        .doesNotContain(wrong);

    Result none = run(Map.of("FLOTILLA_SERVER", platform.applierUrl()), "sync", APP);
    assertThat(none.exit()).isEqualTo(4);
    assertThat(none.err()).contains("requires an API token and none was given");
    // nothing was paused by the refused request
    assertThat(flotilla("apps").out()).doesNotContain("paused by");
  }

  @Test
  @Order(12)
  void badArgumentsShouldSayWhatIsWrongAndExit2() {
    Result duration = flotilla("sync", APP, "--wait", "--timeout", "5 minutes");
    assertThat(duration.exit()).isEqualTo(2);
    assertThat(duration.err())
        .contains("'5 minutes' is not a duration; use e.g. 500ms, 30s, 5m or 1h")
        .endsWith("Run 'flotilla sync --help' for usage and examples.\n");

    Result unknownApp = flotilla("status", "no-such-app");
    assertThat(unknownApp.exit()).isEqualTo(2);
    assertThat(unknownApp.err())
        .isEqualTo("error: applier: no application 'no-such-app' in the fleet\n");

    Result unknownCluster = flotilla("pause", "--cluster", "sim-9", "--reason", "x");
    assertThat(unknownCluster.exit()).isEqualTo(2);
    assertThat(unknownCluster.err()).contains("no cluster 'sim-9' in the fleet");

    Result unknownRevision = flotilla("rollback", APP, "--to", "abcdef1", "--reason", "x");
    assertThat(unknownRevision.exit()).isEqualTo(2);
    assertThat(unknownRevision.err())
        .contains("no revision starting with abcdef1 in the history of " + APP);

    Result badSince = flotilla("audit", "--since", "yesterday");
    assertThat(badSince.exit()).isEqualTo(2);
    assertThat(badSince.err()).contains("yesterday");

    Result unknownRef = diff("--ref", "no-such-branch");
    assertThat(unknownRef.exit()).isEqualTo(2);
    assertThat(unknownRef.err()).startsWith("error: no branch or tag 'no-such-branch' in file:");
  }

  @Test
  @Order(13)
  void refusedRequestsShouldBeAuditedWithoutTheTokenAndIgnoredByTheOtherConsumers()
      throws Exception {
    List<JsonNode> entries = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Result r =
                  flotilla(
                      "audit",
                      "--type",
                      "io.flotilla.access.denied",
                      "--since",
                      "1h",
                      "-o",
                      "ndjson",
                      "--all");
              assertThat(r.exit()).isZero();
              entries.clear();
              for (String line : r.out().lines().toList()) {
                entries.add(new ObjectMapper().readTree(line));
              }
              assertThat(
                      entries.stream()
                          .map(e -> e.path("event").path("data").path("service").asText()))
                  .contains("applier", "auditor");
            });
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.path("actor").asText()).isEqualTo("anonymous@127.0.0.1");
              assertThat(e.toString()).doesNotContain("not-the-token-").doesNotContain(TOKEN);
            });
    assertThat(entries)
        .anySatisfy(e -> assertThat(e.path("message").asText()).isEqualTo("unknown token"))
        .anySatisfy(e -> assertThat(e.path("message").asText()).isEqualTo("missing token"));
    // nobody dead-lettered it: the renderer and the applier skip it, the auditor stores it
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(
            kafkaProps(),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer())) {
      var partitions =
          consumer.partitionsFor("flotilla.dead-letter").stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          assertThat(record.value()).doesNotContain("io.flotilla.access.denied");
        }
      }
    }
  }

  private static Properties kafkaProps() {
    Properties p = new Properties();
    p.put("bootstrap.servers", System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092"));
    return p;
  }

  // --- helpers -----------------------------------------------------------------------------

  record Result(int exit, String out, String err) {}

  /** The CLI with the platform's URLs and token in its environment. */
  static Result flotilla(String... args) {
    return run(
        Map.of(
            "FLOTILLA_SERVER", platform.applierUrl(),
            "FLOTILLA_AUDIT_SERVER", platform.auditorUrl(),
            "FLOTILLA_TOKEN", TOKEN),
        args);
  }

  static Result diff(String... args) {
    List<String> all = new ArrayList<>(List.of("diff", APP));
    all.addAll(List.of(args));
    all.addAll(List.of("--cache-dir", work.resolve("cli-cache").toString()));
    return run(
        Map.of(
            "FLOTILLA_FLEET_REPO",
            fleet.url(),
            "FLOTILLA_CREDENTIALS_DIR",
            platform.credentialsDir().toString()),
        all.toArray(String[]::new));
  }

  /** Runs the CLI in-process with exactly {@code env} (never the developer's config file). */
  static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("XDG_CONFIG_HOME", work.resolve("no-config").toString());
    int exit = Main.run(args, e, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC());
    System.out.println("   $ flotilla " + String.join(" ", args) + "  → exit " + exit);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Event ids are random: {@code (event <uuid>)} becomes {@code (event <id>)}. */
  static String normalize(String out) {
    return out.replaceAll("\\(event [0-9a-f-]{36}\\)", "(event <id>)");
  }

  static String featureSha() throws Exception {
    try (Git git = Git.open(appRepo.toFile())) {
      return git.getRepository().resolve("feature").name().substring(0, 7);
    }
  }

  private static int replicasOn(String cluster) {
    try (KubernetesClient k8s = Demo.client(platform.credentialsDir(), cluster)) {
      return k8s.apps()
          .deployments()
          .inNamespace(APP)
          .withName("web")
          .get()
          .getSpec()
          .getReplicas();
    }
  }

  private static void write(Path repo, Map<String, String> files) throws Exception {
    for (var file : files.entrySet()) {
      Path target = repo.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
  }

  private static String commit(Git git, String message) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(ALICE).setCommitter(ALICE).call().name();
  }

  /** A database of its own for this test's auditor, on the server of FLOTILLA_E2E_DB_URL. */
  static final class Databases {
    private Databases() {}

    static String fresh(String name) throws SQLException {
      String base =
          System.getenv()
              .getOrDefault("FLOTILLA_E2E_DB_URL", "postgresql://127.0.0.1:56432/flotilla_e2e");
      Properties p = new Properties();
      p.put("user", "flotilla");
      p.put("password", "flotilla");
      try (Connection db = DriverManager.getConnection("jdbc:" + base, p);
          Statement s = db.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        s.execute("CREATE DATABASE " + name);
      }
      return base.substring(0, base.lastIndexOf('/') + 1) + name;
    }
  }

  /** The app, its fleet, and the expected diff outputs (resources under {@code cli/}). */
  static final class CliFixtures {
    private CliFixtures() {}

    static Map<String, String> app(String app, int replicas) {
      Map<String, String> files = new LinkedHashMap<>();
      files.put(
          app + "/namespace.yaml",
          """
          apiVersion: v1
          kind: Namespace
          metadata:
            name: %s
          """
              .formatted(app));
      files.put(
          app + "/config.yaml",
          """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: web-config
          data:
            greeting: hello
            color: blue
          """);
      files.put(app + "/deployment.yaml", deployment(app, replicas));
      files.put(
          app + "/service.yaml",
          """
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          spec:
            selector: {app: web}
            ports:
              - port: 80
                targetPort: 80
          """);
      return files;
    }

    static String deployment(String app, int replicas) {
      return """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            replicas: %d
            selector:
              matchLabels: {app: web}
            template:
              metadata:
                labels: {app: web}
              spec:
                containers:
                  - name: web
                    image: nginx:1.27.3
                    ports:
                      - containerPort: 80
          """
          .formatted(replicas);
    }

    static String extraConfig(String app) {
      return """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: web-extra
          data:
            feature: "on"
          """;
    }

    /** Clusters sim-1 and sim-2 (env=prod); the app on env=prod, automated, pruning. */
    static Map<String, String> fleet(String app, String repoUrl) {
      Map<String, String> files = new LinkedHashMap<>();
      for (String c : CLUSTERS) {
        files.put(
            "clusters/" + c + ".yaml",
            """
            apiVersion: flotilla.io/v1
            kind: Cluster
            metadata:
              name: %1$s
              labels: {env: prod}
            spec:
              kubeconfig:
                secretRef: %1$s.kubeconfig
            """
                .formatted(c));
      }
      files.put(
          "apps/" + app + ".yaml",
          """
          apiVersion: flotilla.io/v1
          kind: Application
          metadata:
            name: %1$s
          spec:
            source:
              repoURL: %2$s
              ref: main
              path: %1$s
              type: yaml
            destination:
              namespace: %1$s
              clusterSelector: {matchLabels: {env: prod}}
            syncPolicy:
              automated: true
              prune: true
          """
              .formatted(app, repoUrl));
      return files;
    }

    static String expectedDiffText(String app, String sha, List<String> clusters) throws Exception {
      StringBuilder out =
          new StringBuilder(
              "diff of "
                  + app
                  + " at feature ("
                  + sha
                  + ") against the live state of "
                  + clusters.size()
                  + " clusters\n");
      String perCluster = resource("cli/diff-feature-cluster.txt");
      for (String c : clusters) {
        out.append(perCluster.replace("${CLUSTER}", c).replace("${APP}", app));
      }
      return out.toString();
    }

    static String expectedDiffMarkdown(String app, String sha, List<String> clusters)
        throws Exception {
      return resource("cli/diff-feature.md").replace("${APP}", app).replace("${SHA}", sha);
    }

    private static String resource(String name) throws Exception {
      try (var in = CliIT.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("test resource " + name + " is missing");
        }
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }
}
