package io.flotilla.applier.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an app owns on a cluster, kept on that cluster in a ConfigMap {@code
 * flotilla-inventory-<app>} in the app's destination namespace ({@code default} when it names
 * none), labelled {@value DesiredObjects#MANAGED_BY} = flotilla and {@value #INVENTORY_LABEL} = app
 * (not {@value DesiredObjects#APP_LABEL}: the inventory is not one of the app's objects). Its key
 * {@value #KEY} lists one object a line: {@code apiVersion kind namespace-or-"-" name}.
 *
 * <p>Pruning deletes only what the inventory lists, so objects someone else created are never
 * deleted, even if they carry the app's label; and objects of a kind the app no longer uses at all
 * are still found (a label query per kind the app uses now would miss them).
 */
public final class Inventory {
  public static final String INVENTORY_LABEL = "flotilla.io/inventory-of";
  static final String KEY = "objects";

  private Inventory() {}

  /** The inventory ConfigMap of {@code app}. */
  public static ObjectRef ref(String app, String namespace) {
    return new ObjectRef(
        "v1",
        "ConfigMap",
        namespace == null || namespace.isBlank() ? "default" : namespace,
        "flotilla-inventory-" + app);
  }

  /** The objects a stored inventory lists; empty when absent. Malformed lines are skipped. */
  public static Set<ObjectRef> parse(Live live) {
    Set<ObjectRef> out = new TreeSet<>(java.util.Comparator.comparing(ObjectRef::toString));
    if (!(live instanceof Live.Present present)) {
      return out;
    }
    for (String line : Trees.text(present.object(), "data", KEY).split("\n")) {
      String[] f = line.strip().split(" ");
      if (f.length == 4) {
        out.add(new ObjectRef(f[0], f[1], f[2].equals("-") ? null : f[2], f[3]));
      }
    }
    return out;
  }

  /** The inventory ConfigMap listing {@code refs}, ready to apply. */
  public static Map<String, Object> object(
      String app, String namespace, Collection<ObjectRef> refs) {
    ObjectRef ref = ref(app, namespace);
    Set<String> lines = new TreeSet<>();
    refs.forEach(
        r ->
            lines.add(
                r.apiVersion()
                    + " "
                    + r.kind()
                    + " "
                    + (r.namespace() == null ? "-" : r.namespace())
                    + " "
                    + r.name()));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", ref.name());
    metadata.put("namespace", ref.namespace());
    metadata.put(
        "labels", Map.of(DesiredObjects.MANAGED_BY, DesiredObjects.FLOTILLA, INVENTORY_LABEL, app));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", metadata);
    object.put("data", Map.of(KEY, String.join("\n", lines)));
    return object;
  }
}
