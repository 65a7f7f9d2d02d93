package io.flotilla.fleet;

import java.util.List;

/**
 * A policy from the fleet repo's {@code policies/} folder: a CEL rule every rendered object it
 * matches must satisfy. The fleet model keeps the rule as text; the renderer compiles it.
 *
 * @param file the fleet repo file it came from, for error messages
 * @param kinds the object kinds it applies to; empty for every kind
 * @param namespaces the namespaces it applies to; empty for every namespace
 * @param selector the clusters it applies to
 * @param rule a CEL expression over {@code object} (and {@code cluster}) that must be true
 * @param message what to tell the user when the rule is false
 */
public record Policy(
    String name,
    String file,
    List<String> kinds,
    List<String> namespaces,
    LabelSelector selector,
    String rule,
    String message,
    Action action) {
  public Policy {
    kinds = List.copyOf(kinds);
    namespaces = List.copyOf(namespaces);
  }

  /** Whether a violation stops the rendering ({@code deny}) or rides along ({@code warn}). */
  public enum Action {
    DENY,
    WARN
  }
}
