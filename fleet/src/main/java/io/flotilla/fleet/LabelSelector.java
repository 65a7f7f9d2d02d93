package io.flotilla.fleet;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes-style label selector over cluster labels: every {@code matchLabels} entry and every
 * expression must hold. An empty selector matches every cluster, as in Kubernetes.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Expression> matchExpressions) {
  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  public boolean matches(Map<String, String> labels) {
    return matchLabels.entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && matchExpressions.stream().allMatch(x -> x.matches(labels));
  }

  /** One {@code matchExpressions} entry. */
  public record Expression(String key, Operator operator, Set<String> values) {
    public Expression {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case IN -> value != null && values.contains(value);
        case NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  /** The operators Kubernetes label selectors know. */
  public enum Operator {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String yamlName;

    Operator(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }
}
