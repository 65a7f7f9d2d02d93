package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.api.ApiClient;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.output.Formats;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "One app in detail: per cluster its revisions, sync state, health, last sync, last error,"
            + " what holds it, and the objects out of sync.",
    footerHeading = "%nExamples:%n",
    footer = {"  flotilla status guestbook", "  flotilla status guestbook -o yaml"})
public final class StatusCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "the application")
  String app;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    JsonNode body =
        client().get(Service.APPLIER, "/api/v1/apps/" + ApiClient.segment(app), Map.of());
    switch (output) {
      case json -> out().print(Formats.json(body));
      case yaml -> out().print(Formats.yaml(body));
      case table -> out().print(render(body, root().clock().instant()));
      default -> throw usage("status prints table, json or yaml");
    }
    return 0;
  }

  static String render(JsonNode body, Instant now) {
    StringBuilder s = new StringBuilder("app " + Formats.text(body, "app") + "\n");
    JsonNode clusters = body.get("clusters");
    if (clusters == null || clusters.isEmpty()) {
      return s.append("  targets no cluster\n").toString();
    }
    for (JsonNode c : clusters) {
      s.append("\n")
          .append(Formats.text(c, "cluster"))
          .append(": ")
          .append(Formats.text(c, "syncState"));
      String health = health(c);
      if (health != null) {
        s.append(", ").append(health);
      }
      if (c.has("targeted") && !c.get("targeted").asBoolean(true)) {
        s.append(" (not targeted by the fleet)");
      }
      s.append("\n");
      field(s, "desired", Formats.text(c, "desiredRevision"));
      field(s, "applied", Formats.text(c, "appliedRevision"));
      String last = Formats.text(c, "lastSyncAt");
      if (last != null) {
        JsonNode writes = c.get("writes");
        field(
            s,
            "last sync",
            last
                + " ("
                + Formats.age(last, now)
                + (writes == null || writes.isNull() ? "" : ", " + writes.asLong() + " writes")
                + ")");
      }
      field(s, "held", Formats.text(c, "paused"));
      field(s, "last error", Formats.text(c, "lastError"));
      resources(s, c.get("resources"));
    }
    return s.toString();
  }

  private static String health(JsonNode c) {
    JsonNode h = c.get("health");
    if (h == null || h.isNull()) {
      return null;
    }
    String status = h.isObject() ? Formats.text(h, "status") : h.asText();
    String message = h.isObject() ? Formats.text(h, "message") : Formats.text(c, "healthMessage");
    return status + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }

  private static void resources(StringBuilder s, JsonNode resources) {
    if (resources == null || !resources.isArray() || resources.isEmpty()) {
      return;
    }
    Map<String, Integer> counts = new TreeMap<>();
    StringBuilder outOfSync = new StringBuilder();
    for (JsonNode r : resources) {
      String outcome = Formats.text(r, "outcome");
      counts.merge(outcome == null ? "unknown" : outcome, 1, Integer::sum);
      if ("failed".equals(outcome) || "retained".equals(outcome)) {
        String ns = Formats.text(r, "namespace");
        String message = Formats.text(r, "message");
        outOfSync
            .append("      ")
            .append(Formats.text(r, "kind"))
            .append(" ")
            .append(ns == null || ns.isEmpty() ? "" : ns + "/")
            .append(Formats.text(r, "name"))
            .append(": ")
            .append(outcome)
            .append(message == null || message.isBlank() ? "" : " — " + message)
            .append("\n");
      }
    }
    StringBuilder summary = new StringBuilder();
    counts.forEach(
        (k, v) -> summary.append(summary.isEmpty() ? "" : ", ").append(v).append(" ").append(k));
    field(s, "objects", resources.size() + " (" + summary + ")");
    if (!outOfSync.isEmpty()) {
      s.append("    out of sync:\n").append(outOfSync);
    }
  }

  private static void field(StringBuilder s, String name, String value) {
    if (value != null && !value.isBlank()) {
      s.append("    ").append(String.format("%-11s", name)).append(value).append("\n");
    }
  }
}
