package io.flotilla.cli.preview;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Desired against live, the way the applier decides whether to write: <em>desired ⊆ live</em> —
 * only the fields the desired object sets count, so server defaults, {@code status} and other
 * managers' fields never show as changes; lists by length and element by element; numbers by value;
 * a Secret's {@code stringData} against the base64 {@code data} the server stores. Pure.
 */
public final class Compare {
  static final List<String> SERVER_METADATA =
      List.of(
          "resourceVersion",
          "uid",
          "generation",
          "creationTimestamp",
          "managedFields",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private Compare() {}

  /** {@code object} as it is sent: no status, no server metadata, Secret stringData as data. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> prepare(Map<String, Object> object) {
    Map<String, Object> out = (Map<String, Object>) copy(object);
    out.remove("status");
    if (out.get("metadata") instanceof Map<?, ?> m) {
      SERVER_METADATA.forEach(m::remove);
    }
    if ("Secret".equals(out.get("kind")) && out.get("stringData") instanceof Map<?, ?> sd) {
      Map<String, Object> data =
          out.get("data") instanceof Map<?, ?> d
              ? new LinkedHashMap<>((Map<String, Object>) d)
              : new LinkedHashMap<>();
      sd.forEach(
          (k, v) ->
              data.put(
                  String.valueOf(k),
                  Base64.getEncoder()
                      .encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
      out.remove("stringData");
      out.put("data", data);
    }
    return out;
  }

  /** Whether every field {@code desired} sets has the same value in {@code live}. */
  public static boolean matches(Object desired, Object live) {
    if (desired instanceof Map<?, ?> d) {
      if (!(live instanceof Map<?, ?> l)) {
        return false;
      }
      for (Map.Entry<?, ?> e : d.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        if (!l.containsKey(e.getKey()) || !matches(e.getValue(), l.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof List<?> d) {
      if (!(live instanceof List<?> l) || d.size() != l.size()) {
        return false;
      }
      for (int i = 0; i < d.size(); i++) {
        if (!matches(d.get(i), l.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof Number a && live instanceof Number b) {
      return new java.math.BigDecimal(a.toString())
              .compareTo(new java.math.BigDecimal(b.toString()))
          == 0;
    }
    return Objects.equals(desired, live);
  }

  /**
   * {@code live} cut to the shape of {@code desired}: the fields desired sets, with live's values
   * (absent ones left out), so a diff of the two shows only what a sync would change.
   */
  public static Object project(Object desired, Object live) {
    if (desired instanceof Map<?, ?> d && live instanceof Map<?, ?> l) {
      Map<String, Object> out = new LinkedHashMap<>();
      d.forEach(
          (k, v) -> {
            if (l.containsKey(k)) {
              out.put(String.valueOf(k), project(v, l.get(k)));
            }
          });
      return out;
    }
    if (desired instanceof List<?> d && live instanceof List<?> l && d.size() == l.size()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < d.size(); i++) {
        out.add(project(d.get(i), l.get(i)));
      }
      return out;
    }
    return live;
  }

  static Object copy(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copy(v)));
      return out;
    }
    return o;
  }
}
