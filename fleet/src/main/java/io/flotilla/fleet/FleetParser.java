package io.flotilla.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.semver4j.range.RangeListFactory;

/**
 * Reads the fleet repo's files ({@code clusters/*.yaml}, {@code apps/*.yaml}) into a {@link Fleet}.
 * A pure function of the file contents: every problem found is reported at once, each naming file,
 * field and reason, and an invalid fleet is never half-accepted.
 */
public final class FleetParser {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String API_VERSION = "flotilla.io/v1";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

  /** A branch or tag name: no spaces, control characters or the characters Git refuses. */
  private static final Pattern GIT_REF_NAME =
      Pattern.compile("[^\\s~^:?*\\[\\\\/.][^\\s~^:?*\\[\\\\]*(?<![/.])");

  private static final Set<String> SOURCE_TYPES = Set.of("yaml", "kustomize", "helm");
  private static final Set<String> KUBECONFIG_FIELDS = Set.of("secretRef", "context");

  private final List<FleetException.Problem> problems = new ArrayList<>();

  private FleetParser() {}

  /**
   * @param revision the fleet repo commit the files come from
   * @param files path (relative to the repo root, {@code /}-separated) to content
   * @throws FleetException listing every problem, when there is any
   */
  public static Fleet parse(String revision, Map<String, String> files) {
    FleetParser parser = new FleetParser();
    Map<String, Cluster> clusters = new TreeMap<>();
    Map<String, Application> apps = new TreeMap<>();
    Map<String, Policy> policies = new TreeMap<>();
    Map<String, String> keys = new TreeMap<>();
    new TreeMap<>(files)
        .forEach(
            (path, content) -> {
              if (isFleetFile(path, "clusters/")) {
                parser
                    .document(path, content, "Cluster")
                    .map(d -> parser.cluster(path, d))
                    .ifPresent(c -> parser.add(clusters, c.name(), c, path, "Cluster"));
              } else if (isFleetFile(path, "apps/")) {
                parser
                    .document(path, content, "Application")
                    .map(d -> parser.app(path, d))
                    .ifPresent(a -> parser.add(apps, a.name(), a, path, "Application"));
              } else if (isFleetFile(path, "policies/")) {
                parser
                    .document(path, content, "Policy")
                    .map(d -> PolicyParser.policy(parser, path, d))
                    .ifPresent(p -> parser.add(policies, p.name(), p, path, "Policy"));
              } else if (isKeyFile(path)) {
                if (!content.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
                  parser.problem(path, "", "is not an armored OpenPGP public key block");
                } else {
                  keys.put(path, content);
                }
              }
            });
    apps.forEach(
        (name, app) ->
            app.signatures().keys().stream()
                .filter(k -> !keys.containsKey(k))
                .forEach(
                    k ->
                        parser.problem(
                            "apps/" + name + ".yaml",
                            "spec.signatures.keys",
                            "names '" + k + "', which is not a key file in the fleet repo")));
    if (!parser.problems.isEmpty()) {
      throw new FleetException(parser.problems);
    }
    return Fleet.of(revision, clusters, apps, policies, keys);
  }

  /** Whether {@code path} is a file the parser reads. */
  public static boolean isFleetFile(String path) {
    return isFleetFile(path, "clusters/")
        || isFleetFile(path, "apps/")
        || isFleetFile(path, "policies/")
        || isKeyFile(path);
  }

  private static boolean isKeyFile(String path) {
    return path.startsWith("keys/") && path.indexOf('/', 5) < 0 && path.endsWith(".asc");
  }

  private static boolean isFleetFile(String path, String folder) {
    return path.startsWith(folder)
        && path.indexOf('/', folder.length()) < 0
        && (path.endsWith(".yaml") || path.endsWith(".yml"));
  }

  private <T> void add(Map<String, T> into, String name, T value, String path, String kind) {
    if (into.putIfAbsent(name, value) != null) {
      problem(path, "metadata.name", kind + " '" + name + "' is declared more than once");
    }
  }

  private java.util.Optional<JsonNode> document(String path, String content, String kind) {
    JsonNode doc;
    try {
      doc = YAML.readTree(content);
    } catch (JsonProcessingException e) {
      problem(
          path,
          "",
          "malformed YAML at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
      return java.util.Optional.empty();
    }
    if (doc == null || !doc.isObject()) {
      problem(path, "", "expected one YAML mapping (a " + kind + "), found " + describe(doc));
      return java.util.Optional.empty();
    }
    String apiVersion = doc.path("apiVersion").asText("");
    String actualKind = doc.path("kind").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      problem(path, "apiVersion", "must be '" + API_VERSION + "', got '" + apiVersion + "'");
    }
    if (!kind.equals(actualKind)) {
      problem(path, "kind", "must be '" + kind + "' in this folder, got '" + actualKind + "'");
    }
    String name = doc.path("metadata").path("name").asText("");
    if (!DNS_LABEL.matcher(name).matches()) {
      problem(
          path,
          "metadata.name",
          "must be a DNS label (lower-case letters, digits, '-', at most 63), got '" + name + "'");
      return java.util.Optional.empty();
    }
    FleetFields.check(this, path, kind, doc);
    return java.util.Optional.of(doc);
  }

  private Cluster cluster(String path, JsonNode doc) {
    String name = doc.path("metadata").path("name").asText();
    Map<String, String> labels =
        stringMap(path, "metadata.labels", doc.path("metadata").path("labels"));
    JsonNode kubeconfig = doc.path("spec").path("kubeconfig");
    if (!kubeconfig.isObject()) {
      problem(
          path, "spec.kubeconfig", "is required: {secretRef: <file in FLOTILLA_CREDENTIALS_DIR>}");
      return null;
    }
    kubeconfig
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!KUBECONFIG_FIELDS.contains(field)) {
                problem(
                    path,
                    "spec.kubeconfig." + field,
                    "is not allowed: credentials are never inline in the fleet repo; put the"
                        + " kubeconfig in FLOTILLA_CREDENTIALS_DIR and name it in secretRef");
              }
            });
    String secretRef = kubeconfig.path("secretRef").asText("");
    if (!CredentialsDir.isPlainName(secretRef)) {
      problem(
          path,
          "spec.kubeconfig.secretRef",
          "must name a file in FLOTILLA_CREDENTIALS_DIR (no '/', no '..'), got '"
              + secretRef
              + "'");
    }
    String context = kubeconfig.hasNonNull("context") ? kubeconfig.get("context").asText() : null;
    return new Cluster(name, labels, secretRef, context);
  }

  private Application app(String path, JsonNode doc) {
    String name = doc.path("metadata").path("name").asText();
    JsonNode spec = doc.path("spec");
    JsonNode source = spec.path("source");
    String repoUrl = source.path("repoURL").asText("");
    if (repoUrl.isBlank()) {
      problem(path, "spec.source.repoURL", "is required");
    }
    String refTypeName = source.path("refType").asText("branch");
    Application.RefType refType = Application.RefType.ofYaml(refTypeName).orElse(null);
    if (refType == null) {
      problem(
          path,
          "spec.source.refType",
          "must be branch, tag, semver or commit, got '" + refTypeName + "'");
    }
    String ref = source.path("ref").asText(refType == Application.RefType.BRANCH ? "main" : "");
    refProblem(refType, ref).ifPresent(reason -> problem(path, "spec.source.ref", reason));
    String sourceType = source.path("type").asText("yaml");
    if (!SOURCE_TYPES.contains(sourceType)) {
      problem(
          path, "spec.source.type", "must be yaml, kustomize or helm, got '" + sourceType + "'");
    }
    String sourcePath = normalisePath(path, "spec.source.path", source.path("path").asText(""));
    JsonNode destination = spec.path("destination");
    String namespace = destination.path("namespace").asText("");
    if (!namespace.isEmpty() && !DNS_LABEL.matcher(namespace).matches()) {
      problem(path, "spec.destination.namespace", "must be a DNS label, got '" + namespace + "'");
    }
    JsonNode selectorNode = destination.get("clusterSelector");
    LabelSelector selector = null;
    if (selectorNode == null || !selectorNode.isObject()) {
      problem(
          path,
          "spec.destination.clusterSelector",
          "is required (use {} to target every cluster of the fleet)");
    } else {
      selector = selector(path, "spec.destination.clusterSelector", selectorNode);
    }
    JsonNode sync = spec.path("syncPolicy");
    var syncPolicy =
        new Application.SyncPolicy(
            bool(path, "spec.syncPolicy.automated", sync.get("automated"), true),
            bool(path, "spec.syncPolicy.prune", sync.get("prune"), false),
            bool(path, "spec.syncPolicy.selfHeal", sync.get("selfHeal"), false),
            bool(path, "spec.syncPolicy.allowEmpty", sync.get("allowEmpty"), false));
    String credentialsRef = null;
    if (source.hasNonNull("credentialsRef")) {
      credentialsRef = source.get("credentialsRef").asText();
      if (!CredentialsDir.isPlainName(credentialsRef)) {
        problem(
            path,
            "spec.source.credentialsRef",
            "must name a file in FLOTILLA_CREDENTIALS_DIR (no '/', no '..'), got '"
                + credentialsRef
                + "'");
      }
    }
    var extras = new AppExtras(this, path, sourcePath, sourceType);
    return new Application(
        name,
        repoUrl,
        ref,
        refType,
        sourcePath,
        sourceType,
        namespace,
        selector,
        syncPolicy,
        credentialsRef,
        extras.helm(source.path("helm")),
        extras.overrides(spec.path("overrides")),
        extras.rollback(spec.path("rollback")),
        extras.signatures(spec.path("signatures")));
  }

  /** What is wrong with {@code ref} for its {@code refType}, if anything. */
  private static java.util.Optional<String> refProblem(Application.RefType refType, String ref) {
    if (refType == null) {
      return java.util.Optional.empty();
    }
    if (ref.isBlank()) {
      return java.util.Optional.of("is required for refType " + refType.yamlName());
    }
    return switch (refType) {
      case BRANCH, TAG ->
          GIT_REF_NAME.matcher(ref).matches() && !ref.contains("..") && !ref.endsWith(".lock")
              ? java.util.Optional.empty()
              : java.util.Optional.of(
                  "'" + ref + "' is not a valid " + refType.yamlName() + " name");
      case SEMVER ->
          RangeListFactory.create(ref).get().isEmpty()
              ? java.util.Optional.of(
                  "'" + ref + "' is not a semver range (e.g. '~1.4', '^2.0.0', '>=2.0.0 <3.0.0')")
              : java.util.Optional.empty();
      case COMMIT ->
          FULL_SHA.matcher(ref).matches()
              ? java.util.Optional.empty()
              : java.util.Optional.of(
                  "'" + ref + "' is not a full commit SHA (40 lower-case hex digits)");
    };
  }

  LabelSelector selector(String path, String field, JsonNode node) {
    Map<String, String> matchLabels =
        stringMap(path, field + ".matchLabels", node.path("matchLabels"));
    List<LabelSelector.Expression> expressions = new ArrayList<>();
    JsonNode list = node.path("matchExpressions");
    if (!list.isMissingNode() && !list.isArray()) {
      problem(path, field + ".matchExpressions", "must be a list");
    }
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      JsonNode x = list.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      String key = x.path("key").asText("");
      String op = x.path("operator").asText("");
      Set<String> values = new HashSet<>();
      x.path("values").forEach(v -> values.add(v.asText()));
      LabelSelector.Operator operator = null;
      for (LabelSelector.Operator o : LabelSelector.Operator.values()) {
        if (o.yamlName().equals(op)) {
          operator = o;
        }
      }
      if (key.isEmpty()) {
        problem(path, at + ".key", "is required");
      } else if (operator == null) {
        problem(
            path, at + ".operator", "must be In, NotIn, Exists or DoesNotExist, got '" + op + "'");
      } else if ((operator == LabelSelector.Operator.IN
              || operator == LabelSelector.Operator.NOT_IN)
          == values.isEmpty()) {
        problem(
            path,
            at + ".values",
            values.isEmpty() ? "must not be empty for " + op : "must be empty for " + op);
      } else {
        expressions.add(new LabelSelector.Expression(key, operator, values));
      }
    }
    return new LabelSelector(matchLabels, expressions);
  }

  String normalisePath(String file, String field, String raw) {
    String p = raw.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(".")) {
      p = "";
    }
    if (p.startsWith("/") || List.of(p.split("/")).contains("..")) {
      problem(file, field, "must stay inside the repository, got '" + raw + "'");
    }
    return p;
  }

  Map<String, String> stringMap(String path, String field, JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problem(path, field, "must be a mapping of strings");
      return out;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
              } else {
                problem(path, field + "." + e.getKey(), "must be a string");
              }
            });
    return out;
  }

  boolean bool(String path, String field, JsonNode node, boolean fallback) {
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      problem(path, field, "must be true or false, got '" + node.asText() + "'");
      return fallback;
    }
    return node.asBoolean();
  }

  void problem(String file, String field, String reason) {
    problems.add(new FleetException.Problem(file, field, reason));
  }

  private static String describe(JsonNode node) {
    return node == null ? "an empty file" : node.getNodeType().toString().toLowerCase();
  }
}
