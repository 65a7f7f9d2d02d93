package io.flotilla.cli.preview;

import io.flotilla.cli.preview.Preview.Action;
import io.flotilla.cli.preview.Preview.Change;
import io.flotilla.cli.preview.Preview.ClusterPreview;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One cluster's preview: each rendered object against the live one (create / change / unchanged),
 * and the objects the app's inventory lists that the ref no longer declares (prune, or left in
 * place when the app does not prune). Talks to the cluster only through {@link LiveState}.
 */
public final class Previewer {
  /** Read-only access to one cluster. */
  public interface LiveState {
    /** The live object, empty when absent. */
    Optional<Map<String, Object>> get(
        String apiVersion, String kind, String namespace, String name);
  }

  /** An object's identity. */
  public record Ref(String apiVersion, String kind, String namespace, String name) {
    static Ref of(Map<String, Object> o) {
      Object meta = o.get("metadata");
      Map<?, ?> m = meta instanceof Map<?, ?> mm ? mm : Map.of();
      Object ns = m.get("namespace");
      return new Ref(
          String.valueOf(o.get("apiVersion")),
          String.valueOf(o.get("kind")),
          ns == null || "".equals(ns) ? null : String.valueOf(ns),
          String.valueOf(m.get("name")));
    }

    public String display() {
      return kind + " " + (namespace == null ? name : namespace + "/" + name);
    }
  }

  private final Function<Object, String> yaml;

  /**
   * @param yaml how objects are printed (YAML text, one object)
   */
  public Previewer(Function<Object, String> yaml) {
    this.yaml = yaml;
  }

  /**
   * @param desired the rendered objects for this cluster
   * @param inventory what the app owns on the cluster now (its inventory), empty when none
   * @param prune whether the app's sync policy prunes
   */
  public ClusterPreview preview(
      String cluster,
      List<Map<String, Object>> desired,
      List<Ref> inventory,
      boolean prune,
      LiveState live) {
    List<Change> changes = new ArrayList<>();
    Set<Ref> declared = new HashSet<>();
    int unchanged = 0;
    for (Map<String, Object> object : desired) {
      Map<String, Object> d = Compare.prepare(object);
      Ref ref = Ref.of(d);
      declared.add(ref);
      Optional<Map<String, Object>> l =
          live.get(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
      if (l.isEmpty()) {
        changes.add(new Change(Action.CREATE, ref.display(), lines(Redact.secret(d, null))));
      } else if (Compare.matches(d, l.get())) {
        unchanged++;
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) Compare.project(d, l.get());
        List<String> diff =
            LineDiff.unified(lines(Redact.secret(before, null)), lines(Redact.secret(d, before)));
        changes.add(new Change(Action.CHANGE, ref.display(), diff));
      }
    }
    for (Ref ref : inventory) {
      if (declared.contains(ref)) {
        continue;
      }
      Optional<Map<String, Object>> l =
          live.get(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
      if (l.isEmpty()) {
        continue;
      }
      boolean keep = !prune || "false".equals(annotation(l.get(), "flotilla.io/prune"));
      changes.add(new Change(keep ? Action.RETAIN : Action.PRUNE, ref.display(), List.of()));
    }
    return new ClusterPreview(cluster, changes, unchanged, null);
  }

  /**
   * The objects an inventory ConfigMap lists (the applier's {@code flotilla-inventory-<app>}, key
   * {@code objects}: one {@code apiVersion kind namespace-or-"-" name} a line).
   */
  public static List<Ref> inventory(Map<String, Object> configMap) {
    List<Ref> out = new ArrayList<>();
    if (configMap != null
        && configMap.get("data") instanceof Map<?, ?> data
        && data.get("objects") instanceof String text) {
      for (String line : text.split("\n")) {
        String[] f = line.strip().split(" ");
        if (f.length == 4) {
          out.add(new Ref(f[0], f[1], f[2].equals("-") ? null : f[2], f[3]));
        }
      }
    }
    return out;
  }

  private List<String> lines(Object object) {
    return yaml.apply(object).lines().toList();
  }

  private static String annotation(Map<String, Object> o, String key) {
    if (o.get("metadata") instanceof Map<?, ?> m && m.get("annotations") instanceof Map<?, ?> a) {
      Object v = a.get(key);
      return v == null ? null : String.valueOf(v);
    }
    return null;
  }
}
