package io.flotilla.renderer.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON merge patch, RFC 7386: objects merge key by key, {@code null} deletes, anything else
 * replaces.
 */
public final class MergePatch {
  private MergePatch() {}

  /** {@code patch} applied to {@code target}; neither is changed. */
  public static Object apply(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> p)) {
      return copy(patch);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    if (target instanceof Map<?, ?> t) {
      t.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    for (Map.Entry<?, ?> e : p.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (e.getValue() == null) {
        out.remove(key);
      } else {
        out.put(key, apply(out.get(key), e.getValue()));
      }
    }
    return out;
  }

  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return value;
  }
}
