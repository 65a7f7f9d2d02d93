package io.flotilla.cli.commands;

import static io.flotilla.cli.fixtures.Shapes.app;
import static io.flotilla.cli.fixtures.Shapes.apps;
import static io.flotilla.cli.fixtures.Shapes.cluster;
import static io.flotilla.cli.fixtures.Shapes.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.api.Views;
import io.flotilla.cli.fixtures.Shapes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tables and reports the commands print, from fixtures of the services' JSON and a fixed clock.
 * That the commands fetch and print these from the real services is CliIT's job (e2e).
 */
class FormattingTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:20:00Z");
  static final String A = "9fceb02d0ae598e95dc970b74767f19372d61af8";
  static final String B = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";

  static ArrayNode fleet() {
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
    ((ObjectNode) fleet.get(0).get("clusters").get(1))
        .put("health", "Degraded")
        .put("healthMessage", "Deployment guestbook/web: 1/3 replicas ready");
    return fleet;
  }

  @Test
  void appsShouldPrintOneRowPerAppAndCluster() {
    assertThat(AppsCommand.table(Views.clusters(fleet()), NOW))
        .isEqualTo(
            """
            APP        CLUSTER  SYNC     HEALTH    DESIRED  APPLIED  LAST SYNC  NOTE
            guestbook  sim-2    Synced   Healthy   9fceb02  9fceb02  4m ago
            guestbook  sim-3    Failed   Degraded  1c2d3e4  9fceb02  30s ago    Deployment guestbook/web: 422 spec.replicas: Invalid value: -1
            shop       sim-1    Unknown  Unknown   -        -        -          paused by alice: incident 42
            """);
    assertThat(AppsCommand.table(List.of(), NOW))
        .isEqualTo("no applications (is the fleet repo empty?)\n");
  }

  @Test
  void appsAsJsonShouldKeepFieldsThisCliDoesNotKnow() {
    ArrayNode fleet = fleet();
    ((ObjectNode) fleet.get(0).get("clusters").get(0)).put("someNewField", 7);
    assertThat(AppsCommand.render(fleet, Output.json, NOW)).contains("\"someNewField\" : 7");
    assertThat(AppsCommand.render(fleet, Output.yaml, NOW))
        .contains("- app: guestbook")
        .contains("syncState: Failed");
  }

  @Test
  void statusShouldShowLastErrorAndObjectsOutOfSync() {
    assertThat(StatusCommand.render(fleet().get(0), NOW))
        .contains("sim-2: Synced, Healthy")
        .contains("sim-3: Failed, Degraded (Deployment guestbook/web: 1/3 replicas ready)")
        .contains("    desired    " + B)
        .contains("    applied    " + A)
        .contains("    last error Deployment guestbook/web: 422 spec.replicas: Invalid value: -1")
        .contains("    objects    2 (1 failed, 1 unchanged)")
        .contains(
            "    out of sync:\n"
                + "      Deployment guestbook/web: failed — 422 spec.replicas: Invalid value: -1");
  }

  @Test
  void historyShouldListDeploymentsNewestFirst() {
    JsonNode history =
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
    assertThat(HistoryCommand.table(history))
        .isEqualTo(
            """
            TIME                  KIND      CLUSTER  REVISION  OUTCOME  BY                     MESSAGE
            2026-11-26T10:10:00Z  rollback  (all)    9fceb02   -        alice                  1.5 breaks checkout
            2026-11-26T09:00:00Z  sync      sim-2    1c2d3e4   synced   Bob <bob@example.com>  scale web to 3
            """);
  }

  @Test
  void auditShouldPrintATableWithShortTypes() {
    List<JsonNode> entries =
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
    assertThat(AuditCommand.table(entries))
        .isEqualTo(
            """
            SEQ  TIME                  TYPE                        APP        CLUSTER  REVISION  ACTOR  MESSAGE
            41   2026-11-26T10:00:00Z  control.pause.requested.v1  guestbook  -        -         alice  incident 42
            40   2026-11-26T09:59:00Z  sync.completed.v1           guestbook  sim-2    9fceb02   Bob    -
            """);
    assertThat(AuditCommand.table(List.of())).isEqualTo("no audit entries match\n");
  }
}
