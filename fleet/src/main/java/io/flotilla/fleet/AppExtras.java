package io.flotilla.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the optional parts of an Application's spec (Helm values, overrides, rollback, signatures)
 * for {@link FleetParser}, reporting problems through it.
 */
final class AppExtras {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final FleetParser parser;
  private final String file;
  private final String appPath;
  private final String sourceType;

  AppExtras(FleetParser parser, String file, String appPath, String sourceType) {
    this.parser = parser;
    this.file = file;
    this.appPath = appPath;
    this.sourceType = sourceType;
  }

  Application.Helm helm(JsonNode helm) {
    if (helm.isMissingNode() || helm.isNull()) {
      return Application.Helm.NONE;
    }
    if (!"helm".equals(sourceType)) {
      parser.problem(file, "spec.source.helm", "is only allowed with type: helm");
      return Application.Helm.NONE;
    }
    Map<String, Object> values = map("spec.source.helm.values", helm.path("values"));
    List<String> files = new ArrayList<>();
    JsonNode list = helm.path("valuesFiles");
    if (!list.isMissingNode() && !list.isArray()) {
      parser.problem(file, "spec.source.helm.valuesFiles", "must be a list of paths");
    }
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String field = "spec.source.helm.valuesFiles[" + i + "]";
      if (!list.get(i).isTextual() || list.get(i).asText().isBlank()) {
        parser.problem(file, field, "must be a path relative to the app path");
        continue;
      }
      resolve(field, list.get(i).asText()).ifPresent(files::add);
    }
    return new Application.Helm(values, files);
  }

  List<Application.Override> overrides(JsonNode node) {
    List<Application.Override> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      parser.problem(file, "spec.overrides", "must be a list");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String at = "spec.overrides[" + i + "]";
      JsonNode o = node.get(i);
      if (!o.path("clusterSelector").isObject()) {
        parser.problem(file, at + ".clusterSelector", "is required");
        continue;
      }
      LabelSelector selector =
          parser.selector(file, at + ".clusterSelector", o.get("clusterSelector"));
      Map<String, Object> helmValues = Map.of();
      if (o.has("helm")) {
        if (!"helm".equals(sourceType)) {
          parser.problem(file, at + ".helm", "is only allowed with type: helm");
        }
        helmValues = map(at + ".helm.values", o.path("helm").path("values"));
      }
      String kustomizePath = null;
      if (o.has("kustomize")) {
        if (!"kustomize".equals(sourceType)) {
          parser.problem(file, at + ".kustomize", "is only allowed with type: kustomize");
        }
        String p = o.path("kustomize").path("path").asText("");
        if (p.isBlank()) {
          parser.problem(file, at + ".kustomize.path", "is required");
        } else {
          kustomizePath = resolve(at + ".kustomize.path", p).orElse(null);
        }
      }
      out.add(new Application.Override(selector, helmValues, kustomizePath, patches(at, o)));
    }
    return out;
  }

  private List<Application.Patch> patches(String at, JsonNode o) {
    List<Application.Patch> out = new ArrayList<>();
    JsonNode list = o.path("patches");
    if (list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      parser.problem(file, at + ".patches", "must be a list of {target: {kind, name}, patch}");
      return out;
    }
    for (int j = 0; j < list.size(); j++) {
      String pat = at + ".patches[" + j + "]";
      JsonNode p = list.get(j);
      String kind = p.path("target").path("kind").asText("");
      if (kind.isBlank()) {
        parser.problem(file, pat + ".target.kind", "is required");
        continue;
      }
      if (!p.path("patch").isObject()) {
        parser.problem(file, pat + ".patch", "must be a mapping (a JSON merge patch)");
        continue;
      }
      String name =
          p.path("target").hasNonNull("name") ? p.get("target").get("name").asText() : null;
      out.add(new Application.Patch(kind, name, map(pat + ".patch", p.get("patch"))));
    }
    return out;
  }

  Application.Rollback rollback(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Application.Rollback.DEFAULT;
    }
    boolean onDegraded =
        parser.bool(file, "spec.rollback.onDegraded", node.get("onDegraded"), false);
    Duration timeout = Application.Rollback.DEFAULT.timeout();
    if (node.hasNonNull("timeout")) {
      Optional<Duration> parsed = duration(node.get("timeout").asText());
      if (parsed.isEmpty()) {
        parser.problem(
            file,
            "spec.rollback.timeout",
            "must be a duration like 90s, 2m or 1h, got '" + node.get("timeout").asText() + "'");
      } else {
        timeout = parsed.get();
      }
    }
    return new Application.Rollback(onDegraded, timeout);
  }

  Application.Signatures signatures(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Application.Signatures.NONE;
    }
    boolean required = parser.bool(file, "spec.signatures.required", node.get("required"), false);
    List<String> keys = new ArrayList<>();
    node.path("keys").forEach(k -> keys.add(k.asText()));
    if (required && keys.isEmpty()) {
      parser.problem(
          file, "spec.signatures.keys", "must name at least one key when signatures are required");
    }
    for (int i = 0; i < keys.size(); i++) {
      if (!keys.get(i).matches("keys/[^/]+\\.asc")) {
        parser.problem(
            file,
            "spec.signatures.keys[" + i + "]",
            "must be a key file of the fleet repo like keys/alice.asc, got '" + keys.get(i) + "'");
      }
    }
    return new Application.Signatures(required, keys);
  }

  /** {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT2M}). */
  static Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          });
    }
    try {
      return Optional.of(Duration.parse(text.trim()));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Map<String, Object> map(String field, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      parser.problem(file, field, "must be a mapping");
      return Map.of();
    }
    return JSON.convertValue(node, MAP);
  }

  /** {@code relative} (to the app path) as a repo-relative path, if it stays in the repo. */
  private Optional<String> resolve(String field, String relative) {
    String raw = relative.replace('\\', '/');
    if (raw.startsWith("/")) {
      parser.problem(file, field, "must be relative to the app path, got '" + relative + "'");
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    String joined = appPath.isEmpty() ? raw : appPath + "/" + raw;
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          parser.problem(file, field, "must stay inside the repository, got '" + relative + "'");
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return Optional.of(String.join("/", parts));
  }
}
