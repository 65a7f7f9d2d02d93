package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.DurationConverter;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.api.Views;
import io.flotilla.cli.domain.ClusterView;
import io.flotilla.cli.output.Formats;
import io.flotilla.cli.output.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "apps",
    mixinStandardHelpOptions = true,
    description =
        "Every app on every cluster it targets: sync state, health, revisions, last sync.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla apps",
      "  flotilla apps -o json | jq '.[].clusters[] | select(.syncState != \"Synced\")'",
      "  flotilla apps --watch --interval 5s"
    })
public final class AppsCommand extends BaseCommand {
  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml (default ${DEFAULT-VALUE})")
  Output output;

  @Option(
      names = {"-w", "--watch"},
      description = "refresh in place until interrupted (Ctrl-C)")
  boolean watch;

  @Option(
      names = "--interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "refresh interval with --watch (default ${DEFAULT-VALUE})")
  Duration interval;

  /** For tests and scripts: stop --watch after this many refreshes (0 = never). */
  @Option(names = "--watch-count", hidden = true, defaultValue = "0")
  int watchCount;

  @Override
  public Integer call() {
    if (output == Output.ndjson) {
      throw usage("apps prints table, json or yaml (-o ndjson is for audit)");
    }
    boolean tty = System.console() != null;
    for (int i = 1; ; i++) {
      JsonNode body = client().get(Service.APPLIER, "/api/v1/apps", Map.of());
      String text = render(body, output, root().clock().instant());
      if (watch && tty) {
        out().print("\033[H\033[2J");
      }
      if (watch) {
        out().println("every " + interval.toSeconds() + "s: " + root().clock().instant());
      }
      out().print(text);
      if (!watch || (watchCount > 0 && i >= watchCount)) {
        return 0;
      }
      root().sleep(interval);
    }
  }

  static String render(JsonNode body, Output output, Instant now) {
    return switch (output) {
      case json -> Formats.json(body);
      case yaml -> Formats.yaml(body);
      default -> table(Views.clusters(body), now);
    };
  }

  static String table(List<ClusterView> clusters, Instant now) {
    if (clusters.isEmpty()) {
      return "no applications (is the fleet repo empty?)\n";
    }
    Table t =
        new Table("APP", "CLUSTER", "SYNC", "HEALTH", "DESIRED", "APPLIED", "LAST SYNC", "NOTE");
    for (ClusterView c : clusters) {
      String note = c.paused() != null ? c.paused() : c.lastError();
      if (!c.targeted()) {
        note = "not targeted by the fleet" + (note == null ? "" : "; " + note);
      }
      t.row(
          c.app(),
          c.cluster(),
          c.syncState(),
          c.health(),
          Formats.shortSha(c.desiredRevision()),
          Formats.shortSha(c.appliedRevision()),
          Formats.age(c.lastSyncAt(), now),
          note == null ? "" : Formats.cut(note, 70));
    }
    return t.render();
  }
}
