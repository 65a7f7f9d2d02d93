package io.flotilla.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Which namespaces an application may not write to: the destination namespace of every other
 * application in the fleet (unless it is also this one's), and the Kubernetes system namespaces
 * (unless this application's destination is one of them). A namespaced object in such a namespace,
 * or a {@code Namespace} object of that name, is refused: it would let one repository overwrite,
 * and with pruning delete, what another application owns.
 *
 * <p>The renderer refuses such a render; the applier checks again before applying, so a desired
 * state written to Kafka by anything but the renderer cannot cross into another app's namespace.
 */
public final class NamespaceGuard {
  /** Namespaces Kubernetes itself uses. */
  public static final Set<String> SYSTEM = Set.of("kube-system", "kube-public", "kube-node-lease");

  private final String app;
  private final String ownNamespace;

  /** The first other application, by name, whose destination is a namespace; null if none. */
  private final UnaryOperator<String> ownerOf;

  private NamespaceGuard(String app, String ownNamespace, UnaryOperator<String> ownerOf) {
    this.app = app;
    this.ownNamespace = ownNamespace == null ? "" : ownNamespace;
    this.ownerOf = ownerOf;
  }

  /**
   * The guard for {@code app} in {@code fleet}. Cheap to make: the fleet's apps are looked through
   * only for an object in a namespace other than the app's own (once per sync of every bundle
   * otherwise, which for 1,000 apps made this the applier's largest cost).
   */
  public static NamespaceGuard of(Fleet fleet, Application app) {
    return new NamespaceGuard(
        app.name(),
        app.namespace(),
        ns -> {
          for (Application other : fleet.apps().values()) {
            if (!other.name().equals(app.name()) && ns.equals(other.namespace())) {
              return other.name();
            }
          }
          return null;
        });
  }

  /**
   * @param app the application being rendered
   * @param ownNamespace its destination namespace ({@code ""} for none)
   * @param destinations every application of the fleet to its destination namespace
   */
  public static NamespaceGuard of(
      String app, String ownNamespace, Map<String, String> destinations) {
    SortedMap<String, String> byName = new TreeMap<>(destinations);
    return new NamespaceGuard(
        app,
        ownNamespace,
        ns -> {
          for (Map.Entry<String, String> other : byName.entrySet()) {
            if (!other.getKey().equals(app) && ns.equals(other.getValue())) {
              return other.getKey();
            }
          }
          return null;
        });
  }

  /** The first object that uses a namespace this application may not use, in words. */
  public Optional<String> violation(List<Map<String, Object>> resources) {
    for (Map<String, Object> r : resources) {
      if (!(r.get("metadata") instanceof Map<?, ?> meta)) {
        continue;
      }
      String ns = meta.get("namespace") instanceof String s ? s : null;
      boolean namespaceObject =
          ns == null && "Namespace".equals(r.get("kind")) && "v1".equals(r.get("apiVersion"));
      if (namespaceObject) {
        ns = meta.get("name") instanceof String s ? s : null;
      }
      if (ns == null || ns.isEmpty() || ns.equals(ownNamespace)) {
        continue;
      }
      String owner = ownerOf.apply(ns);
      if (owner != null || SYSTEM.contains(ns)) {
        String subject =
            namespaceObject
                ? "Namespace '" + ns + "'"
                : r.get("kind") + " '" + meta.get("name") + "' in namespace '" + ns + "'";
        return Optional.of(
            subject
                + " is refused: application '"
                + app
                + "' may not use namespace '"
                + ns
                + "', "
                + (owner == null
                    ? "a Kubernetes system namespace"
                    : "the destination namespace of application '" + owner + "'")
                + "; nothing is applied. Use the app's own namespace (spec.destination.namespace)");
      }
    }
    return Optional.empty();
  }
}
