package io.flotilla.renderer.policy;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's policies, compiled once per fleet revision. {@link #evaluate} checks one cluster's
 * bundle against every policy that matches the cluster (labels) and each object (kind, namespace).
 */
public final class PolicySet {
  private static final CelOptions OPTIONS =
      CelOptions.current().comprehensionMaxIterations(10_000).build();
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("cluster", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** An empty set: nothing to check. */
  public static final PolicySet NONE = new PolicySet("", List.of());

  private final String revision;
  private final List<Compiled> policies;

  private record Compiled(Policy policy, CelRuntime.Program program, String error) {}

  private PolicySet(String revision, List<Compiled> policies) {
    this.revision = revision;
    this.policies = policies;
  }

  /** The fleet revision the policies were read from. */
  public String revision() {
    return revision;
  }

  /** Compiles every policy; one that does not compile is kept with its error. */
  public static PolicySet compile(String revision, Iterable<Policy> policies) {
    List<Compiled> out = new ArrayList<>();
    for (Policy p : policies) {
      out.add(compile(p));
    }
    return new PolicySet(revision, List.copyOf(out));
  }

  private static Compiled compile(Policy p) {
    try {
      var ast = COMPILER.compile(p.rule(), p.file()).getAst();
      return new Compiled(p, RUNTIME.createProgram(ast), null);
    } catch (CelValidationException e) {
      List<String> issues = new ArrayList<>();
      for (CelIssue issue : e.getErrors()) {
        issues.add(
            "line "
                + issue.getSourceLocation().getLine()
                + ", column "
                + (issue.getSourceLocation().getColumn() + 1)
                + ": "
                + issue.getMessage());
      }
      return new Compiled(
          p,
          null,
          "policy '"
              + p.name()
              + "' ("
              + p.file()
              + ") does not compile, so it cannot be checked and nothing it applies to is"
              + " rendered: CEL error at "
              + String.join("; ", issues)
              + " in spec.rule");
    } catch (CelEvaluationException e) {
      return new Compiled(
          p,
          null,
          "policy '" + p.name() + "' (" + p.file() + ") cannot be prepared: " + e.getMessage());
    }
  }

  /**
   * @param denials deny-policy violations and policies that do not compile: any one stops the
   *     cluster's rendering
   * @param warnings warn-policy violations, to ride along in the DesiredState
   */
  public record Verdict(List<String> denials, List<String> warnings) {
    public boolean denied() {
      return !denials.isEmpty();
    }
  }

  public Verdict evaluate(Cluster cluster, List<Map<String, Object>> resources) {
    List<String> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, Object> clusterVar = new LinkedHashMap<>();
    clusterVar.put("name", cluster.name());
    clusterVar.put("labels", cluster.labels());
    List<Map<String, Object>> objects = resources.stream().map(PolicySet::celValues).toList();
    for (Compiled c : policies) {
      Policy p = c.policy();
      if (!p.selector().matches(cluster.labels())) {
        continue;
      }
      for (Map<String, Object> object : objects) {
        if (!matches(p, object)) {
          continue;
        }
        if (c.error() != null) {
          denials.add(c.error());
          break;
        }
        String failure = check(c.program(), object, clusterVar);
        if (failure != null) {
          String line =
              "policy '"
                  + p.name()
                  + "' ("
                  + p.action().name().toLowerCase(java.util.Locale.ROOT)
                  + "): "
                  + describe(object)
                  + ": "
                  + p.message()
                  + (failure.isEmpty() ? "" : " (" + failure + ")");
          (p.action() == Policy.Action.DENY ? denials : warnings).add(line);
        }
      }
    }
    return new Verdict(List.copyOf(denials), List.copyOf(warnings));
  }

  /** {@code null} when the rule holds; otherwise "" or why it could not be evaluated. */
  private static String check(
      CelRuntime.Program program, Map<String, Object> object, Map<String, Object> cluster) {
    try {
      Object result = program.eval(Map.of("object", object, "cluster", cluster));
      if (Boolean.TRUE.equals(result)) {
        return null;
      }
      return result instanceof Boolean ? "" : "the rule returned " + result + ", not a bool";
    } catch (CelEvaluationException e) {
      // fail closed: a rule that cannot be evaluated on an object does not pass it
      return "the rule could not be evaluated: " + e.getMessage();
    }
  }

  private static boolean matches(Policy p, Map<String, Object> object) {
    if (!p.kinds().isEmpty() && !p.kinds().contains(String.valueOf(object.get("kind")))) {
      return false;
    }
    return p.namespaces().isEmpty() || p.namespaces().contains(namespace(object));
  }

  private static String namespace(Map<String, Object> object) {
    return object.get("metadata") instanceof Map<?, ?> m && m.get("namespace") instanceof String ns
        ? ns
        : "";
  }

  private static String describe(Map<String, Object> object) {
    String name =
        object.get("metadata") instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "?";
    String ns = namespace(object);
    return object.get("kind")
        + " '"
        + name
        + "'"
        + (ns.isEmpty() ? "" : " in namespace '" + ns + "'");
  }

  /** CEL's Java runtime wants {@code long} and {@code double}: JSON numbers are converted. */
  @SuppressWarnings("unchecked")
  static <T> T celValues(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), celValues(v)));
      return (T) out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(celValues(v)));
      return (T) out;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return (T) Long.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      Object n = b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
      return (T) n;
    }
    if (value instanceof Float f) {
      return (T) Double.valueOf(f.doubleValue());
    }
    if (value instanceof java.math.BigDecimal d) {
      return (T) Double.valueOf(d.doubleValue());
    }
    return value;
  }
}
