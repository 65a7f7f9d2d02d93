package io.flotilla.applier.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers over JSON-shaped trees of maps, lists and scalars. */
public final class Trees {
  private Trees() {}

  /** A mutable deep copy; scalars are shared (they are immutable). */
  public static Object copy(Object value) {
    return copy(value, false);
  }

  private static Object copy(Object value, boolean frozen) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), copy(v, frozen)));
      return frozen ? Collections.unmodifiableMap(out) : out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(copy(v, frozen)));
      return frozen ? Collections.unmodifiableList(out) : out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> copyMap(Map<String, Object> map) {
    return (Map<String, Object>) copy(map);
  }

  /**
   * A deep copy that cannot be changed (maps keep their order; nulls are kept): for trees shared
   * between threads.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> frozenMap(Map<String, Object> map) {
    return (Map<String, Object>) copy(map, true);
  }

  /** The map at {@code key}, created when absent; {@code null} when something else is there. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> child(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (value == null) {
      Map<String, Object> created = new LinkedHashMap<>();
      parent.put(key, created);
      return created;
    }
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
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
  public static String text(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return "";
      }
      node = map.get(key);
    }
    return node instanceof String s ? s : "";
  }

  /** The value at {@code path}, or {@code null}. */
  public static Object at(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  /** The list at {@code path}, or an empty list. */
  public static List<?> listAt(Map<String, Object> root, String... path) {
    return at(root, path) instanceof List<?> l ? l : List.of();
  }

  /** The number at {@code path} as a long, or {@code fallback} when absent or not a number. */
  public static long number(Map<String, Object> root, long fallback, String... path) {
    Object value = at(root, path);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  /**
   * A canonical text of a tree: map keys sorted, numbers by value, strings quoted and escaped.
   * Equal trees give equal text, whatever the map implementation or the number types.
   */
  public static String canonical(Object value) {
    StringBuilder out = new StringBuilder();
    canonical(value, out);
    return out.toString();
  }

  private static void canonical(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        quote(e.getKey(), out);
        out.append(':');
        canonical(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        canonical(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof Number n) {
      out.append(new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
    } else if (value instanceof String s) {
      quote(s, out);
    } else {
      out.append(value);
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** SHA-256 of {@code text} as lower-case hex. */
  public static String sha256(String text) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
