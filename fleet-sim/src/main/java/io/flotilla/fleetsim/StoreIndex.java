package io.flotilla.fleetsim;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the mock server's store by resource (plural) and by (plural, namespace), in the
 * store's order. fabric8's {@code KubernetesCrudDispatcher} answers every read by matching the
 * request against every stored object, so a cluster holding 1,000 apps' objects spent most of
 * fleet-sim's CPU there (and the cost of a fleet sync grew with the square of its size). A read now
 * matches only the objects of its resource and namespace, with the same matching rules, so the
 * answers are the same. Not thread-safe: the dispatcher guards it with its lock.
 */
final class StoreIndex {
  private final Map<String, Set<AttributeSet>> byPlural = new HashMap<>();
  private final Map<String, Set<AttributeSet>> byPluralAndNamespace = new HashMap<>();

  /** Records that the store replaced {@code removed} (may be null) with {@code added} (ditto). */
  void replace(AttributeSet removed, AttributeSet added) {
    if (removed != null) {
      remove(byPlural, pluralKey(removed), removed);
      remove(byPluralAndNamespace, namespaceKey(removed), removed);
    }
    if (added != null) {
      add(byPlural, pluralKey(added), added);
      add(byPluralAndNamespace, namespaceKey(added), added);
    }
  }

  void clear() {
    byPlural.clear();
    byPluralAndNamespace.clear();
  }

  /**
   * The stored keys that can match {@code query}, a superset of those that do; null when the query
   * names no resource (discovery and other paths): then every key must be tried.
   */
  Collection<AttributeSet> candidates(AttributeSet query) {
    String plural = value(query, KubernetesAttributesExtractor.PLURAL);
    if (plural == null) {
      return null;
    }
    String namespace = value(query, KubernetesAttributesExtractor.NAMESPACE);
    Set<AttributeSet> found =
        namespace == null
            ? byPlural.get(plural)
            : byPluralAndNamespace.get(plural + "\n" + namespace);
    return found == null ? Set.of() : found;
  }

  private static String pluralKey(AttributeSet key) {
    return String.valueOf(value(key, KubernetesAttributesExtractor.PLURAL));
  }

  private static String namespaceKey(AttributeSet key) {
    return pluralKey(key) + "\n" + value(key, KubernetesAttributesExtractor.NAMESPACE);
  }

  /** The single value of a plain attribute; null when absent or not a plain one-value match. */
  private static String value(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    if (attribute == null || attribute.getValues().size() != 1) {
      return null;
    }
    String value = attribute.getValues().get(0).toString();
    if (value == null || value.equals("*")) {
      return null; // the mock's wildcard matches any value
    }
    return switch (attribute.getType()) {
      case WITH, IN -> value;
      default -> null;
    };
  }

  private static void add(Map<String, Set<AttributeSet>> index, String key, AttributeSet value) {
    index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
  }

  private static void remove(Map<String, Set<AttributeSet>> index, String key, AttributeSet value) {
    Set<AttributeSet> set = index.get(key);
    if (set != null && set.remove(value) && set.isEmpty()) {
      index.remove(key);
    }
  }
}
