package io.flotilla.cli;

import static io.flotilla.cli.fake.Shapes.app;
import static io.flotilla.cli.fake.Shapes.apps;
import static io.flotilla.cli.fake.Shapes.cluster;
import static io.flotilla.cli.fake.Shapes.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.cli.fake.FakeFlotilla;
import io.flotilla.cli.fake.Shapes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** apps, status, history, audit, audit verify against an HTTP server speaking the real shapes. */
class ReadCommandsTest {
  static final String A = "9fceb02d0ae598e95dc970b74767f19372d61af8";
  static final String B = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";

  FakeFlotilla server;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    server = new FakeFlotilla();
    env =
        Map.of(
            "FLOTILLA_SERVER",
            server.url(),
            "FLOTILLA_AUDIT_SERVER",
            server.url(),
            "FLOTILLA_TOKEN",
            "s3cret-token");
    ArrayNode fleet =
        apps(
            app(
                "guestbook",
                cluster(
                    "sim-2",
                    A,
                    A,
                    "Synced",
                    "2026-11-26T10:15:32.700Z",
                    null,
                    null,
                    List.of(resource("Namespace", null, "guestbook", "unchanged", ""))),
                cluster(
                    "sim-3",
                    B,
                    A,
                    "Failed",
                    "2026-11-26T10:19:30Z",
                    "Deployment guestbook/web: 422 spec.replicas: Invalid value: -1",
                    null,
                    List.of(
                        resource("Namespace", null, "guestbook", "unchanged", ""),
                        resource(
                            "Deployment",
                            "guestbook",
                            "web",
                            "failed",
                            "422 spec.replicas: Invalid value: -1")))),
            app(
                "shop",
                cluster(
                    "sim-1",
                    null,
                    null,
                    "Unknown",
                    null,
                    null,
                    "paused by alice: incident 42",
                    List.of())));
    // the applier's health verdict, and a field this CLI does not know yet (carried along)
    ((com.fasterxml.jackson.databind.node.ObjectNode) fleet.get(0).get("clusters").get(1))
        .put("health", "Degraded")
        .put("healthMessage", "Deployment guestbook/web: 1/3 replicas ready");
    ((com.fasterxml.jackson.databind.node.ObjectNode) fleet.get(0).get("clusters").get(0))
        .put("someNewField", 7);
    server.apps = n -> fleet;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void appsShouldPrintOneRowPerAppAndCluster() {
    Cli.Result r = Cli.run(env, "apps");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            """
            APP        CLUSTER  SYNC     HEALTH    DESIRED  APPLIED  LAST SYNC  NOTE
            guestbook  sim-2    Synced   Healthy   9fceb02  9fceb02  4m ago
            guestbook  sim-3    Failed   Degraded  1c2d3e4  9fceb02  30s ago    Deployment guestbook/web: 422 spec.replicas: Invalid value: -1
            shop       sim-1    Unknown  Unknown   -        -        -          paused by alice: incident 42
            """);
  }

  @Test
  void appsAsJsonShouldBeTheServersDocumentUnknownFieldsIncluded() throws Exception {
    Cli.Result r = Cli.run(env, "apps", "-o", "json");
    assertThat(r.exit()).isZero();
    JsonNode printed = new ObjectMapper().readTree(r.out());
    assertThat(printed.get(0).get("clusters").get(0).get("someNewField").asInt()).isEqualTo(7);
    assertThat(printed.size()).isEqualTo(2);
  }

  @Test
  void appsAsYamlShouldBeYaml() {
    Cli.Result r = Cli.run(env, "apps", "-o", "yaml");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("- app: guestbook").contains("syncState: Failed");
  }

  @Test
  void appsWatchShouldRefreshUntilStopped() {
    Cli.Result r = Cli.run(env, "apps", "--watch", "--interval", "10ms", "--watch-count", "3");
    assertThat(r.exit()).isZero();
    assertThat(server.appsGets()).isEqualTo(3);
    assertThat(r.out().split("APP  ", -1)).hasSize(4);
  }

  @Test
  void statusShouldShowLastErrorAndObjectsOutOfSync() {
    Cli.Result r = Cli.run(env, "status", "guestbook");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("sim-2: Synced, Healthy")
        .contains("sim-3: Failed, Degraded (Deployment guestbook/web: 1/3 replicas ready)")
        .contains("    desired    " + B)
        .contains("    applied    " + A)
        .contains("    last error Deployment guestbook/web: 422 spec.replicas: Invalid value: -1")
        .contains("    objects    2 (1 failed, 1 unchanged)")
        .contains(
            "    out of sync:\n      Deployment guestbook/web: failed — 422 spec.replicas: Invalid value: -1");
  }

  @Test
  void statusOfAnUnknownAppShouldSayWhatTheServerSaidAndExit2() {
    Cli.Result r = Cli.run(env, "status", "nope");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("error: applier: no application 'nope' in the fleet\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void historyShouldListDeploymentsNewestFirst() {
    server.history =
        Shapes.history(
            "guestbook",
            Shapes.deployment(
                12,
                "rollback",
                null,
                A,
                null,
                "alice",
                "1.5 breaks checkout",
                "2026-11-26T10:10:00Z",
                A),
            Shapes.deployment(
                9,
                "sync",
                "sim-2",
                B,
                "synced",
                "Bob <bob@example.com>",
                "scale web to 3",
                "2026-11-26T09:00:00Z",
                null));
    Cli.Result r = Cli.run(env, "history", "guestbook", "--cluster", "sim-2", "--since", "7d");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            TIME                  KIND      CLUSTER  REVISION  OUTCOME  BY                     MESSAGE
            2026-11-26T10:10:00Z  rollback  (all)    9fceb02   -        alice                  1.5 breaks checkout
            2026-11-26T09:00:00Z  sync      sim-2    1c2d3e4   synced   Bob <bob@example.com>  scale web to 3
            """);
    FakeFlotilla.Request req = server.requests("/api/v1/history/").get(0);
    assertThat(req.path()).isEqualTo("/api/v1/history/guestbook");
    assertThat(req.query())
        .containsEntry("cluster", "sim-2")
        .containsEntry("since", "7d")
        .containsEntry("limit", "50");
  }

  @Test
  void auditShouldPassFiltersAndPrintATable() {
    server.auditEntries =
        List.of(
            Shapes.auditEntry(
                41,
                "io.flotilla.control.pause.requested.v1",
                "guestbook",
                null,
                null,
                "alice",
                "incident 42",
                "2026-11-26T10:00:00Z"),
            Shapes.auditEntry(
                40,
                "io.flotilla.sync.completed.v1",
                "guestbook",
                "sim-2",
                A,
                "Bob",
                null,
                "2026-11-26T09:59:00Z"));
    Cli.Result r =
        Cli.run(
            env,
            "audit",
            "--app",
            "guestbook",
            "--since",
            "2h",
            "--actor",
            "alice",
            "--type",
            "io.flotilla.control");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            SEQ  TIME                  TYPE                        APP        CLUSTER  REVISION  ACTOR  MESSAGE
            41   2026-11-26T10:00:00Z  control.pause.requested.v1  guestbook  -        -         alice  incident 42
            40   2026-11-26T09:59:00Z  sync.completed.v1           guestbook  sim-2    9fceb02   Bob    -
            """);
    FakeFlotilla.Request req = server.requests("/api/v1/audit").get(0);
    assertThat(req.query())
        .containsEntry("app", "guestbook")
        .containsEntry("since", "2h")
        .containsEntry("actor", "alice")
        .containsEntry("type", "io.flotilla.control")
        .containsEntry("order", "desc")
        .doesNotContainKey("cluster");
    assertThat(req.auth()).isEqualTo("Bearer s3cret-token");
  }

  @Test
  void auditAllAsNdjsonShouldFollowTheCursorAndPrintOneEntryALine() throws Exception {
    server.auditEntries =
        java.util.stream.IntStream.rangeClosed(1, 5)
            .mapToObj(
                i ->
                    (JsonNode)
                        Shapes.auditEntry(
                            i,
                            "io.flotilla.commit.detected.v1",
                            "guestbook",
                            null,
                            A,
                            "Bob",
                            "c" + i,
                            "2026-11-26T09:00:0" + i + "Z"))
            .toList();
    Cli.Result r = Cli.run(env, "audit", "--all", "--limit", "2", "-o", "ndjson");
    assertThat(r.exit()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(new ObjectMapper().readTree(lines.get(4)).get("seq").asLong()).isEqualTo(5);
    assertThat(server.requests("/api/v1/audit")).hasSize(3);
  }

  @Test
  void auditVerifyShouldExit0WhenIntactAnd1NamingTheBrokenRow() {
    server.verification = Shapes.verification(true, 1234, null);
    Cli.Result ok = Cli.run(env, "audit", "verify");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).isEqualTo("audit chain verified: 1234 entries intact\n");

    server.verification = Shapes.verification(false, 77, 77L);
    Cli.Result broken = Cli.run(env, "audit", "verify");
    assertThat(broken.exit()).isEqualTo(ExitCodes.NEGATIVE);
    assertThat(broken.out()).startsWith("audit chain BROKEN at seq 77: expected bbbb");
  }
}
