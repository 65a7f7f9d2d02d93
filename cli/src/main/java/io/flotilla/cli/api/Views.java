package io.flotilla.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.domain.ClusterView;
import io.flotilla.cli.output.Formats;
import java.util.ArrayList;
import java.util.List;

/** Reads the applier's app views ({@code GET /api/v1/apps[/{app}]}); unknown fields are ignored. */
public final class Views {
  private Views() {}

  /** Every (app, cluster) of a list of apps or of one app. */
  public static List<ClusterView> clusters(JsonNode body) {
    List<ClusterView> out = new ArrayList<>();
    if (body != null && body.isArray()) {
      body.forEach(app -> out.addAll(ofApp(app)));
    } else if (body != null && body.isObject()) {
      out.addAll(ofApp(body));
    } else {
      throw new CliException(
          ExitCodes.UNAVAILABLE, "the applier answered with an unexpected body: " + body);
    }
    return out;
  }

  private static List<ClusterView> ofApp(JsonNode app) {
    String name = Formats.text(app, "app");
    List<ClusterView> out = new ArrayList<>();
    JsonNode clusters = app.get("clusters");
    if (clusters != null && clusters.isArray()) {
      for (JsonNode c : clusters) {
        out.add(
            new ClusterView(
                name,
                Formats.text(c, "cluster"),
                !c.has("targeted") || c.get("targeted").asBoolean(true),
                Formats.text(c, "desiredRevision"),
                Formats.text(c, "appliedRevision"),
                Formats.text(c, "syncState"),
                health(c.get("health")),
                Formats.text(c, "lastSyncAt"),
                Formats.text(c, "lastError"),
                Formats.text(c, "paused")));
      }
    }
    return out;
  }

  /** {@code "Healthy"} or {@code {"status": "Healthy", …}}: the applier may report either. */
  private static String health(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      return Formats.text(node, "status");
    }
    return node.asText();
  }
}
