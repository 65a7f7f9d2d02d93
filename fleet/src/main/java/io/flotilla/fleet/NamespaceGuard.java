package io.flotilla.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
  private final Map<String, String> forbidden;

  private NamespaceGuard(String app, Map<String, String> forbidden) {
    this.app = app;
    this.forbidden = forbidden;
  }

  /** The guard for {@code app} in {@code fleet}. */
  public static NamespaceGuard of(Fleet fleet, Application app) {
    Map<String, String> destinations = new TreeMap<>();
    fleet.apps().forEach((name, a) -> destinations.put(name, a.namespace()));
    return of(app.name(), app.namespace(), destinations);
  }

  /**
   * @param app the application being rendered
   * @param ownNamespace its destination namespace ({@code ""} for none)
   * @param destinations every application of the fleet to its destination namespace
   */
  public static NamespaceGuard of(
      String app, String ownNamespace, Map<String, String> destinations) {
    Map<String, String> forbidden = new TreeMap<>();
    SYSTEM.forEach(ns -> forbidden.put(ns, null));
    new TreeMap<>(destinations)
        .forEach(
            (other, ns) -> {
              if (!other.equals(app) && ns != null && !ns.isEmpty()) {
                forbidden.putIfAbsent(ns, other);
              }
            });
    forbidden.remove(ownNamespace == null ? "" : ownNamespace);
    return new NamespaceGuard(app, forbidden);
  }

  /** The first object that uses a namespace this application may not use, in words. */
  public Optional<String> violation(List<Map<String, Object>> resources) {
    for (Map<String, Object> r : resources) {
      if (!(r.get("metadata") instanceof Map<?, ?> meta)) {
        continue;
      }
      String ns = meta.get("namespace") instanceof String s ? s : null;
      String subject;
      if (ns == null && "Namespace".equals(r.get("kind")) && "v1".equals(r.get("apiVersion"))) {
        ns = meta.get("name") instanceof String s ? s : null;
        subject = "Namespace '" + ns + "'";
      } else {
        subject = r.get("kind") + " '" + meta.get("name") + "' in namespace '" + ns + "'";
      }
      if (ns != null && forbidden.containsKey(ns)) {
        String owner = forbidden.get(ns);
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
