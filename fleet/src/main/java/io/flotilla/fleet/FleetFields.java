package io.flotilla.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields each fleet kind may have. A field the parser does not know is a problem, not silently
 * ignored: a typo like {@code syncPolicy.prun: true} would otherwise leave pruning off without a
 * word. Only names are checked here; values are checked where they are read.
 */
final class FleetFields {
  /** Any content (free-form maps: labels, Helm values, merge patches). */
  private static final Object ANY = new Object();

  /** A list whose items follow the given schema. */
  private record ListOf(Object item) {}

  private static final Map<String, Object> SELECTOR =
      fields(
          "matchLabels",
          ANY,
          "matchExpressions",
          new ListOf(fields("key", ANY, "operator", ANY, "values", ANY)));

  private static final Map<String, Object> METADATA =
      fields("name", ANY, "labels", ANY, "annotations", ANY);

  // spec.kubeconfig is ANY: its own check names inline credentials precisely
  private static final Map<String, Object> CLUSTER = top(fields("kubeconfig", ANY));

  private static final Map<String, Object> APPLICATION =
      top(
          fields(
              "source",
              fields(
                  "repoURL",
                  ANY,
                  "ref",
                  ANY,
                  "refType",
                  ANY,
                  "path",
                  ANY,
                  "type",
                  ANY,
                  "credentialsRef",
                  ANY,
                  "helm",
                  fields("values", ANY, "valuesFiles", ANY)),
              "destination",
              fields("namespace", ANY, "clusterSelector", SELECTOR),
              "overrides",
              new ListOf(
                  fields(
                      "clusterSelector",
                      SELECTOR,
                      "helm",
                      fields("values", ANY),
                      "kustomize",
                      fields("path", ANY),
                      "patches",
                      new ListOf(
                          fields("target", fields("kind", ANY, "name", ANY), "patch", ANY)))),
              "syncPolicy",
              fields("automated", ANY, "prune", ANY, "selfHeal", ANY, "allowEmpty", ANY),
              "rollback",
              fields("onDegraded", ANY, "timeout", ANY),
              "signatures",
              fields("required", ANY, "keys", ANY)));

  private static final Map<String, Object> POLICY =
      top(
          fields(
              "match",
              fields("kinds", ANY, "namespaces", ANY, "clusterSelector", SELECTOR),
              "rule",
              ANY,
              "message",
              ANY,
              "action",
              ANY));

  private FleetFields() {}

  /** Reports every field of {@code doc} that a {@code kind} does not have. */
  static void check(FleetParser parser, String file, String kind, JsonNode doc) {
    Map<String, Object> schema =
        switch (kind) {
          case "Cluster" -> CLUSTER;
          case "Application" -> APPLICATION;
          case "Policy" -> POLICY;
          default -> throw new IllegalArgumentException("no fleet kind " + kind);
        };
    walk(parser, file, kind, "", schema, doc);
  }

  private static void walk(
      FleetParser parser, String file, String kind, String at, Object schema, JsonNode node) {
    if (schema == ANY || node == null || node.isNull()) {
      return;
    }
    if (schema instanceof ListOf list) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          walk(parser, file, kind, at + "[" + i + "]", list.item(), node.get(i));
        }
      }
      return;
    }
    if (!(schema instanceof Map<?, ?> known) || !node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = at.isEmpty() ? e.getKey() : at + "." + e.getKey();
      if (!known.containsKey(e.getKey())) {
        parser.problem(
            file,
            field,
            "is not a known field"
                + (known.isEmpty() ? "" : "; known here: " + String.join(", ", names(known)))
                + " (a typo would otherwise be ignored silently)");
      } else {
        walk(parser, file, kind, field, known.get(e.getKey()), e.getValue());
      }
    }
  }

  private static List<String> names(Map<?, ?> known) {
    return known.keySet().stream().map(String::valueOf).toList();
  }

  private static Map<String, Object> top(Map<String, Object> spec) {
    return fields("apiVersion", ANY, "kind", ANY, "metadata", METADATA, "spec", spec);
  }

  private static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
