package io.flotilla.applier.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over JSON-shaped trees of maps, lists and scalars. */
final class Trees {
  private Trees() {}

  /** A mutable deep copy; scalars are shared (they are immutable). */
  static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(copy(v)));
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copyMap(Map<String, Object> map) {
    return (Map<String, Object>) copy(map);
  }

  /** The map at {@code key}, created when absent; {@code null} when something else is there. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> child(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (value == null) {
      Map<String, Object> created = new LinkedHashMap<>();
      parent.put(key, created);
      return created;
    }
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return Map.of();
      }
      node = map.get(key);
    }
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The text at {@code path}, or {@code ""} when absent or not a string. */
  static String text(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return "";
      }
      node = map.get(key);
    }
    return node instanceof String s ? s : "";
  }
}
