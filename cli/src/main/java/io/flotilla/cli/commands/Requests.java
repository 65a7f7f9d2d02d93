package io.flotilla.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.Flotilla;
import io.flotilla.cli.api.ApiClient.Service;
import io.flotilla.cli.output.Formats;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/control/{action}} and the line that says it was accepted. */
final class Requests {
  private Requests() {}

  static JsonNode control(Flotilla root, String action, Map<String, Object> body, String what) {
    Map<String, Object> clean = new LinkedHashMap<>();
    body.forEach(
        (k, v) -> {
          if (v != null && !Boolean.FALSE.equals(v)) {
            clean.put(k, v);
          }
        });
    JsonNode answer = root.client().post(Service.APPLIER, "/api/v1/control/" + action, clean);
    String id = Formats.text(answer, "id");
    String by = Formats.text(answer, "requestedBy");
    root.out()
        .printf(
            "%s requested%s%s%n",
            what, by == null ? "" : " by " + by, id == null ? "" : " (event " + id + ")");
    return answer;
  }
}
