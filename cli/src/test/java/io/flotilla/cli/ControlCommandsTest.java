package io.flotilla.cli;

import static io.flotilla.cli.fake.Shapes.app;
import static io.flotilla.cli.fake.Shapes.apps;
import static io.flotilla.cli.fake.Shapes.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.fake.FakeFlotilla;
import io.flotilla.cli.fake.Shapes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sync, pause, resume, rollback: the request sent, the wait, the exit code. */
class ControlCommandsTest {
  static final String A = "9fceb02d0ae598e95dc970b74767f19372d61af8";
  static final String B = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
  static final String T1 = "2026-11-26T10:00:00.100Z";
  static final String T2 = "2026-11-26T10:20:01.300Z";

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
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static JsonNode guestbook(JsonNode... clusters) {
    return apps(app("guestbook", clusters));
  }

  static JsonNode synced(String cluster, String rev, String at) {
    return cluster(cluster, rev, rev, "Synced", at, null, null, List.of());
  }

  @Test
  void syncWaitShouldReportEachClusterAndExit0WhenAllConverged() {
    server.apps =
        n ->
            switch (n) {
              case 0, 1 ->
                  guestbook(
                      cluster("sim-2", B, A, "Progressing", T1, null, null, List.of()),
                      synced("sim-3", A, T1));
              case 2 -> guestbook(synced("sim-2", B, T2), synced("sim-3", A, T1));
              default -> guestbook(synced("sim-2", B, T2), synced("sim-3", B, T2));
            };
    Cli.Result r = Cli.run(env, "sync", "guestbook", "--prune", "--wait", "--interval", "10ms");
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            sync of guestbook requested by admin (event 0b6f3c1e-7d0c-4d4e-9a53-000000000002)
            waiting for 2 clusters (timeout 300s)
              ✓ sim-2 synced 1c2d3e4
            1/2 clusters done, 0 failed
              ✓ sim-3 synced 1c2d3e4
            2/2 clusters done, 0 failed
            converged: guestbook on 2/2 clusters
            """);
    FakeFlotilla.Request post = server.requests("/api/v1/control/").get(0);
    assertThat(post.path()).isEqualTo("/api/v1/control/sync");
    assertThat(post.auth()).isEqualTo("Bearer s3cret-token");
    assertThat(post.body().get("app").asText()).isEqualTo("guestbook");
    assertThat(post.body().get("prune").asBoolean()).isTrue();
    assertThat(post.body().has("cluster")).isFalse();
    assertThat(post.body().get("reason").asText()).isNotBlank();
  }

  @Test
  void syncWaitShouldExit1AndSayWhyWhenAClusterFails() {
    server.apps =
        n ->
            n < 2
                ? guestbook(synced("sim-2", A, T1), synced("sim-3", A, T1))
                : guestbook(
                    synced("sim-2", A, T2),
                    cluster(
                        "sim-3",
                        A,
                        A,
                        "Failed",
                        T2,
                        "Deployment guestbook/web: 422 spec.replicas: Invalid value: -1",
                        null,
                        List.of()));
    Cli.Result r = Cli.run(env, "sync", "guestbook", "--wait", "--interval", "10ms");
    assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
    assertThat(r.out())
        .contains(
            "  ✗ sim-3 sync failed: Deployment guestbook/web: 422 spec.replicas: Invalid value: -1\n")
        .endsWith("2/2 clusters done, 1 failed\nnot converged: 1 of 2 clusters failed\n");
  }

  @Test
  void syncWaitShouldStopAtOnceOnAPausedCluster() {
    server.apps =
        n ->
            guestbook(
                cluster(
                    "sim-2", B, A, "Paused", T1, null, "paused by alice: incident 42", List.of()));
    Cli.Result r =
        Cli.run(env, "sync", "guestbook", "--cluster", "sim-2", "--wait", "--interval", "10ms");
    assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
    assertThat(r.out()).contains("  ✗ sim-2 paused by alice: incident 42; resume it first");
    assertThat(server.requests("/api/v1/control/").get(0).body().get("cluster").asText())
        .isEqualTo("sim-2");
  }

  @Test
  void syncWaitShouldExit5NamingWhatIsPendingWhenTheTimeoutPasses() {
    server.apps = n -> guestbook(synced("sim-2", A, T1), synced("sim-3", A, T1));
    Cli.Result r =
        Cli.run(
            env,
            Clock.systemUTC(),
            "sync",
            "guestbook",
            "--wait",
            "--timeout",
            "300ms",
            "--interval",
            "20ms");
    assertThat(r.exit()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(r.out())
        .contains("timed out after 0s: 0/2 clusters done, still waiting for sim-2, sim-3");
  }

  @Test
  void syncOfAClusterTheAppDoesNotTargetShouldExit2BeforeRequestingAnything() {
    server.apps = n -> guestbook(synced("sim-2", A, T1));
    Cli.Result r = Cli.run(env, "sync", "guestbook", "--cluster", "sim-9", "--wait");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("error: app guestbook does not target cluster sim-9\n");
    assertThat(server.requests("/api/v1/control/")).isEmpty();
  }

  @Test
  void pauseAllShouldPrintWhenTheApplierShowsEveryPairPaused() {
    String why = "paused by admin: incident 42";
    server.apps =
        n ->
            n == 0
                ? apps(
                    app("guestbook", synced("sim-2", A, T1)), app("shop", synced("sim-1", A, T1)))
                : apps(
                    app("guestbook", cluster("sim-2", A, A, "Paused", T1, null, why, List.of())),
                    app("shop", cluster("sim-1", A, A, "Paused", T1, null, why, List.of())));
    Cli.Result r = Cli.run(env, "pause", "--all", "--reason", "incident 42", "--interval", "10ms");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            pause of every app on every cluster requested by admin (event 0b6f3c1e-7d0c-4d4e-9a53-000000000001)
            acknowledged by the applier: 2 app/cluster pairs paused
              guestbook on sim-2: paused by admin: incident 42
              shop on sim-1: paused by admin: incident 42
            """);
    JsonNode body = server.requests("/api/v1/control/pause").get(0).body();
    assertThat(body.get("all").asBoolean()).isTrue();
    assertThat(body.get("reason").asText()).isEqualTo("incident 42");
  }

  @Test
  void resumeShouldExit1WhenABroaderPauseStillHolds() {
    server.apps =
        n ->
            guestbook(
                cluster(
                    "sim-2", A, A, "Paused", T1, null, "paused by admin: incident 42", List.of()));
    Cli.Result r =
        Cli.run(
            env,
            Clock.systemUTC(),
            "resume",
            "guestbook",
            "--reason",
            "fixed",
            "--timeout",
            "200ms",
            "--interval",
            "20ms");
    assertThat(r.exit()).isEqualTo(ExitCodes.NEGATIVE);
    assertThat(r.out())
        .contains("not acknowledged after 0s: 1 of 1 pairs not resumed yet:")
        .contains("  guestbook on sim-2: paused by admin: incident 42")
        .contains("resume --all");
  }

  @Test
  void pauseShouldRefuseAMissingScopeOrReasonWithExit2() {
    Cli.Result noScope = Cli.run(env, "pause", "--reason", "x");
    assertThat(noScope.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noScope.err())
        .contains("pause needs a scope: APP, --cluster CLUSTER, APP --cluster CLUSTER, or --all");

    Cli.Result both = Cli.run(env, "pause", "guestbook", "--all", "--reason", "x");
    assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);

    Cli.Result noReason = Cli.run(env, "pause", "guestbook");
    assertThat(noReason.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noReason.err())
        .startsWith("error: Missing required option: '--reason=<reason>'")
        .contains("Run 'flotilla pause --help' for usage and examples.");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void rollbackWaitShouldConvergeOnTheRevisionItsSuspensionHolds() {
    String hold = "rolled back to " + A + ", automated sync suspended by admin: v2 breaks checkout";
    server.apps =
        n ->
            n == 0
                ? guestbook(synced("sim-2", B, T1), synced("sim-3", B, T1))
                : guestbook(
                    cluster("sim-2", A, A, "Paused", T2, null, hold, List.of()),
                    cluster("sim-3", A, A, "Paused", T2, null, hold, List.of()));
    Cli.Result r =
        Cli.run(
            env,
            "rollback",
            "guestbook",
            "--to",
            A,
            "--reason",
            "v2 breaks checkout",
            "--wait",
            "--interval",
            "10ms");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("  ✓ sim-2 synced 9fceb02\n")
        .endsWith("converged: guestbook on 2/2 clusters\n");
  }

  @Test
  void rollbackShouldResolveAShortShaFromTheHistory() {
    server.history =
        Shapes.history(
            "guestbook",
            Shapes.deployment(
                9, "sync", "sim-2", B, "synced", "Bob", "v2", "2026-11-26T09:00:00Z", null),
            Shapes.deployment(
                5, "sync", "sim-2", A, "synced", "Bob", "v1", "2026-11-26T08:00:00Z", null));
    Cli.Result r =
        Cli.run(env, "rollback", "guestbook", "--to", "9fceb0", "--reason", "v2 breaks checkout");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .startsWith("rollback of guestbook to 9fceb02 requested by admin")
        .contains("automated sync is suspended until `flotilla resume guestbook`");
    JsonNode body = server.requests("/api/v1/control/rollback").get(0).body();
    assertThat(body.get("toRevision").asText()).isEqualTo(A);

    Cli.Result unknown = Cli.run(env, "rollback", "guestbook", "--to", "abcd", "--reason", "x");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err())
        .contains("no revision starting with abcd in the history of guestbook");
  }
}
