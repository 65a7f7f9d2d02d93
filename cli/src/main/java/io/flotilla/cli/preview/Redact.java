package io.flotilla.cli.preview;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Secret values never reach the output: each {@code data}/{@code stringData} value of a Secret is
 * replaced by {@code (redacted)}, or {@code (redacted, changed)} on the side whose value differs
 * from the other side's. Keys stay visible: which keys change is what a reviewer needs. Pure.
 */
public final class Redact {
  static final String HIDDEN = "(redacted)";
  static final String CHANGED = "(redacted, changed)";

  private Redact() {}

  /**
   * {@code object} with its secret values replaced, compared against {@code other} (may be null).
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> secret(Map<String, Object> object, Map<String, Object> other) {
    if (object == null || !"Secret".equals(object.get("kind"))) {
      return object;
    }
    Map<String, Object> out = (Map<String, Object>) Compare.copy(object);
    for (String field : new String[] {"data", "stringData"}) {
      if (out.get(field) instanceof Map<?, ?> values) {
        Map<String, Object> otherValues =
            other != null && other.get(field) instanceof Map<?, ?> o
                ? (Map<String, Object>) o
                : Map.of();
        Map<String, Object> hidden = new LinkedHashMap<>();
        values.forEach(
            (k, v) ->
                hidden.put(
                    String.valueOf(k),
                    other != null
                            && otherValues.containsKey(String.valueOf(k))
                            && !Objects.equals(otherValues.get(String.valueOf(k)), v)
                        ? CHANGED
                        : HIDDEN));
        out.put(field, hidden);
      }
    }
    return out;
  }
}
