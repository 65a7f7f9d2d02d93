package io.flotilla.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads one {@code policies/*.yaml} file for {@link FleetParser}. */
final class PolicyParser {
  private PolicyParser() {}

  static Policy policy(FleetParser parser, String path, JsonNode doc) {
    String name = doc.path("metadata").path("name").asText();
    JsonNode spec = doc.path("spec");
    JsonNode match = spec.path("match");
    List<String> kinds = strings(parser, path, "spec.match.kinds", match.path("kinds"));
    List<String> namespaces =
        strings(parser, path, "spec.match.namespaces", match.path("namespaces"));
    LabelSelector selector =
        match.path("clusterSelector").isObject()
            ? parser.selector(path, "spec.match.clusterSelector", match.get("clusterSelector"))
            : new LabelSelector(java.util.Map.of(), List.of());
    String rule = spec.path("rule").asText("");
    if (rule.isBlank()) {
      parser.problem(path, "spec.rule", "is required (a CEL expression over object)");
    }
    String message = spec.path("message").asText("");
    if (message.isBlank()) {
      parser.problem(path, "spec.message", "is required");
    }
    String actionName = spec.path("action").asText("deny");
    Policy.Action action =
        switch (actionName) {
          case "deny" -> Policy.Action.DENY;
          case "warn" -> Policy.Action.WARN;
          default -> {
            parser.problem(path, "spec.action", "must be deny or warn, got '" + actionName + "'");
            yield Policy.Action.DENY;
          }
        };
    return new Policy(name, path, kinds, namespaces, selector, rule, message, action);
  }

  private static List<String> strings(
      FleetParser parser, String path, String field, JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      parser.problem(path, field, "must be a list of strings");
      return out;
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
