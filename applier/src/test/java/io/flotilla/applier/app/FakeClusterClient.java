package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory API server behind the {@link ClusterClient} port. Like a real one it merges applies
 * into what it holds (maps merged, lists replaced), stamps server metadata, and fills in defaults
 * (Deployment strategy, container imagePullPolicy, status), so "unchanged" has to survive fields
 * the desired objects never set. Records every call; can be told to reject objects by name.
 */
final class FakeClusterClient implements ClusterClient {
  private final Map<ObjectRef, Map<String, Object>> objects = new LinkedHashMap<>();
  private final Map<String, String> rejections = new HashMap<>();
  private final List<String> calls = new ArrayList<>();
  private int resourceVersion;
  private Consumer<ObjectRef> beforeApply = ref -> {};

  /** {@code hook} runs as each apply arrives, before it is answered (as a watch event may). */
  void beforeApply(Consumer<ObjectRef> hook) {
    beforeApply = hook;
  }

  /** Applies of objects named {@code name} fail with {@code message}, like a 422. */
  void rejectApplyOf(String name, String message) {
    rejections.put(name, message);
  }

  List<String> calls() {
    return List.copyOf(calls);
  }

  List<String> writes() {
    return calls.stream().filter(c -> c.startsWith("apply ") || c.startsWith("delete ")).toList();
  }

  /** Stores {@code object} as it is, as if someone else had made it (no apply recorded). */
  synchronized void put(Map<String, Object> object) {
    Map<String, Object> stored = copy(object);
    serverFields(stored);
    objects.put(refOf(stored), stored);
  }

  void clearCalls() {
    calls.clear();
  }

  Optional<Map<String, Object>> stored(ObjectRef ref) {
    return Optional.ofNullable(objects.get(ref));
  }

  @Override
  public synchronized List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
    calls.add("list " + kind.kind() + (kind.namespace() == null ? "" : " in " + kind.namespace()));
    List<Map<String, Object>> out = new ArrayList<>();
    objects.forEach(
        (ref, object) -> {
          if (ref.listedUnder().equals(kind)) {
            out.add(copy(object));
          }
        });
    return out;
  }

  @Override
  public synchronized Optional<Map<String, Object>> get(ObjectRef ref) {
    calls.add("get " + ref.display());
    return Optional.ofNullable(objects.get(ref)).map(FakeClusterClient::copy);
  }

  @Override
  public synchronized void delete(ObjectRef ref) {
    calls.add("delete " + ref.display());
    objects.remove(ref);
  }

  @Override
  public synchronized Applied apply(Map<String, Object> object, boolean force) {
    ObjectRef ref = refOf(object);
    calls.add("apply " + ref.display());
    beforeApply.accept(ref);
    String rejection = rejections.get(ref.name());
    if (rejection != null) {
      throw new ClusterCallException(rejection);
    }
    Map<String, Object> current = objects.get(ref);
    Map<String, Object> merged = current == null ? copy(object) : merge(current, object);
    serverFields(merged);
    objects.put(ref, merged);
    return new Applied(copy(merged), current == null);
  }

  @Override
  public synchronized List<Map<String, Object>> listLabelled(
      String apiVersion, String kind, String label, String value) {
    calls.add("list " + kind + " labelled " + label + "=" + value);
    List<Map<String, Object>> out = new ArrayList<>();
    objects.forEach(
        (ref, object) -> {
          Object labels = ((Map<?, ?>) object.get("metadata")).get("labels");
          if (ref.apiVersion().equals(apiVersion)
              && ref.kind().equals(kind)
              && labels instanceof Map<?, ?> l
              && value.equals(l.get(label))) {
            out.add(copy(object));
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private void serverFields(Map<String, Object> object) {
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    metadata.putIfAbsent("uid", "uid-" + metadata.get("name"));
    metadata.put("resourceVersion", String.valueOf(++resourceVersion));
    if ("Deployment".equals(object.get("kind"))) {
      Map<String, Object> spec =
          (Map<String, Object>) object.computeIfAbsent("spec", k -> new LinkedHashMap<>());
      spec.putIfAbsent("strategy", Map.of("type", "RollingUpdate"));
      spec.putIfAbsent("revisionHistoryLimit", 10);
      Object template = spec.get("template");
      if (template instanceof Map<?, ?> t && t.get("spec") instanceof Map<?, ?> podSpec) {
        if (podSpec.get("containers") instanceof List<?> containers) {
          for (Object c : containers) {
            ((Map<String, Object>) c).putIfAbsent("imagePullPolicy", "IfNotPresent");
          }
        }
      }
      object.put("status", Map.of("replicas", spec.getOrDefault("replicas", 1)));
    }
  }

  private static ObjectRef refOf(Map<String, Object> object) {
    Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
    return new ObjectRef(
        (String) object.get("apiVersion"),
        (String) object.get("kind"),
        (String) metadata.get("namespace"),
        (String) metadata.get("name"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
    Map<String, Object> out = copy(target);
    patch.forEach(
        (key, value) -> {
          Object existing = out.get(key);
          if (existing instanceof Map<?, ?> e && value instanceof Map<?, ?> v) {
            out.put(key, merge((Map<String, Object>) e, (Map<String, Object>) v));
          } else {
            out.put(key, copyValue(value));
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> map) {
    return (Map<String, Object>) copyValue(map);
  }

  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), copyValue(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(copyValue(v)));
      return out;
    }
    return value;
  }
}
