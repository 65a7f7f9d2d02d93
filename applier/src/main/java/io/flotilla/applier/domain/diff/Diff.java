package io.flotilla.applier.domain.diff;

import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Trees;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Does the live object already hold the desired one? "Desired ⊆ live": only the fields the desired
 * object sets are compared, so whatever the server added (defaults, {@code status}, {@code
 * metadata.uid}, other managers' fields) never counts as a difference.
 *
 * <ul>
 *   <li>maps: every desired key must match; extra live keys are ignored;
 *   <li>lists of maps that all carry a merge key ({@code name}, {@code mountPath}, {@code
 *       containerPort}, {@code port}) are matched by that key, as server-side apply merges them:
 *       the order does not matter and elements other managers added are ignored; other lists must
 *       have the same length and match element by element (order matters: {@code args}, {@code
 *       command});
 *   <li>numbers by value ({@code 2}, {@code 2L} and {@code 2.0} are equal); resource quantities
 *       under {@code resources} by value ({@code 1000m} = {@code 1}, {@code 1Gi} = {@code
 *       1073741824}); other scalars by equality; a desired {@code null}, empty map or empty list
 *       matches an absent field;
 *   <li>{@code status} and the server-owned metadata fields are never compared;
 *   <li>a Secret's {@code data} and {@code stringData} are compared with the live {@code data} by
 *       SHA-256 of each value: only key names are reported, never values;
 *   <li>{@value DesiredObjects#CONFIG_HASH}: when the live object carries one and it differs, the
 *       configuration changed even if every desired field matches (a field was removed from Git).
 * </ul>
 *
 * <p>The result lists the paths that differ, never the values: they may be secret.
 */
public final class Diff {
  /** Reported when only the configuration hash differs: fields were removed from Git. */
  public static final String FIELDS_REMOVED = "(fields removed from the configuration)";

  private static final Set<String> SERVER_METADATA = Set.copyOf(DesiredObjects.SERVER_METADATA);
  private static final List<String> MERGE_KEYS =
      List.of("name", "mountPath", "containerPort", "port");

  private Diff() {}

  /**
   * One field where the live object does not hold the desired one, with both values; Secret data
   * values are never kept ({@link #REDACTED}).
   */
  public record Difference(String path, Object desired, Object live) {}

  public static final String REDACTED = "(redacted)";

  /** The paths at which {@code live} does not hold {@code desired}; empty when it does. */
  public static List<String> differences(Map<String, Object> desired, Map<String, Object> live) {
    List<String> out =
        new ArrayList<>(compareAll(desired, live).stream().map(Difference::path).toList());
    if (out.isEmpty() && hashDiffers(desired, live)) {
      out.add(FIELDS_REMOVED);
    }
    return out;
  }

  /**
   * The fields at which {@code live} does not hold {@code desired}, with both values (Secret data
   * redacted): what drifted since the desired object was applied.
   */
  public static List<Difference> drift(Map<String, Object> desired, Map<String, Object> live) {
    return compareAll(desired, live);
  }

  /**
   * As {@link #drift}, for a live object whose generation is still the one this applier's apply
   * answered: the API server moves generation on every change outside metadata and status of a kind
   * that keeps one, so only metadata can have drifted. {@code live} may hold just apiVersion, kind
   * and metadata.
   */
  public static List<Difference> metadataDrift(
      Map<String, Object> desired, Map<String, Object> live) {
    List<Difference> out = new ArrayList<>();
    if (desired.get("metadata") instanceof Map<?, ?> metadata) {
      compareMetadata(metadata, live.get("metadata"), out);
    }
    return out;
  }

  private static List<Difference> compareAll(
      Map<String, Object> desired, Map<String, Object> live) {
    List<Difference> out = new ArrayList<>();
    boolean secret = isSecret(desired);
    for (Map.Entry<String, Object> field : desired.entrySet()) {
      String key = field.getKey();
      if (key.equals("status") || (secret && (key.equals("data") || key.equals("stringData")))) {
        continue;
      }
      if (key.equals("metadata") && field.getValue() instanceof Map<?, ?> metadata) {
        compareMetadata(metadata, live.get("metadata"), out);
      } else {
        compare(key, field.getValue(), live.get(key), out);
      }
    }
    if (secret) {
      compareSecretData(desired, live, out);
    }
    return out;
  }

  /** Secret data the way the API server stores it: key → base64 of the value. */
  static Map<String, String> secretData(Map<String, Object> secret) {
    Map<String, String> out = new LinkedHashMap<>();
    Trees.mapAt(secret, "data").forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
    Trees.mapAt(secret, "stringData")
        .forEach(
            (k, v) ->
                out.put(
                    k,
                    v == null
                        ? null
                        : Base64.getEncoder()
                            .encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  public static boolean isSecret(Map<String, Object> object) {
    return "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
  }

  private static void compareSecretData(
      Map<String, Object> desired, Map<String, Object> live, List<Difference> out) {
    Map<String, String> liveData = secretData(live);
    secretData(desired)
        .forEach(
            (key, value) -> {
              String liveValue = liveData.get(key);
              boolean same =
                  value == null
                      ? liveValue == null
                      : liveValue != null && Trees.sha256(value).equals(Trees.sha256(liveValue));
              if (!same) {
                out.add(
                    new Difference(
                        path("data", key), REDACTED, liveValue == null ? null : REDACTED));
              }
            });
  }

  private static boolean hashDiffers(Map<String, Object> desired, Map<String, Object> live) {
    Object liveHash = Trees.at(live, "metadata", "annotations", DesiredObjects.CONFIG_HASH);
    Object desiredHash = Trees.at(desired, "metadata", "annotations", DesiredObjects.CONFIG_HASH);
    return liveHash != null && desiredHash != null && !liveHash.equals(desiredHash);
  }

  private static void compareMetadata(Map<?, ?> desired, Object live, List<Difference> out) {
    Map<?, ?> liveMap = live instanceof Map<?, ?> m ? m : Map.of();
    desired.forEach(
        (key, value) -> {
          String k = String.valueOf(key);
          if (SERVER_METADATA.contains(k)) {
            return;
          }
          if (k.equals("annotations") && value instanceof Map<?, ?> annotations) {
            Map<?, ?> liveAnnotations =
                liveMap.get("annotations") instanceof Map<?, ?> a ? a : Map.of();
            annotations.forEach(
                (name, v) -> {
                  if (!DesiredObjects.CONFIG_HASH.equals(name)) {
                    compare(path("metadata.annotations", name), v, liveAnnotations.get(name), out);
                  }
                });
          } else {
            compare(path("metadata", key), value, liveMap.get(key), out);
          }
        });
  }

  private static void compare(String path, Object desired, Object live, List<Difference> out) {
    if (desired instanceof Map<?, ?> map) {
      if (live instanceof Map<?, ?> liveMap) {
        map.forEach((key, value) -> compare(path(path, key), value, liveMap.get(key), out));
      } else if (!(live == null && map.isEmpty())) {
        out.add(new Difference(path, desired, live));
      }
    } else if (desired instanceof List<?> list) {
      if (!(live instanceof List<?> liveList)) {
        if (!(live == null && list.isEmpty())) {
          out.add(new Difference(path, desired, live));
        }
        return;
      }
      String key = mergeKey(list);
      if (key != null && mergeKey(liveList) != null) {
        compareByKey(path, key, list, liveList, out);
      } else if (liveList.size() == list.size()) {
        for (int i = 0; i < list.size(); i++) {
          compare(path + "[" + i + "]", list.get(i), liveList.get(i), out);
        }
      } else {
        out.add(new Difference(path, desired, live));
      }
    } else if (!scalarEquals(path, desired, live)) {
      out.add(new Difference(path, desired, live));
    }
  }

  private static void compareByKey(
      String path, String key, List<?> desired, List<?> live, List<Difference> out) {
    Map<Object, Object> liveByKey = new LinkedHashMap<>();
    live.forEach(e -> liveByKey.put(normal(((Map<?, ?>) e).get(key)), e));
    for (Object element : desired) {
      Object id = ((Map<?, ?>) element).get(key);
      String at = path + "[" + key + "=" + id + "]";
      Object match = liveByKey.get(normal(id));
      if (match == null) {
        out.add(new Difference(at, element, null));
      } else {
        compare(at, element, match, out);
      }
    }
  }

  private static Object normal(Object key) {
    return key instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros() : key;
  }

  /** The merge key every element of {@code list} carries, or {@code null}. */
  private static String mergeKey(List<?> list) {
    if (list.isEmpty() || !list.stream().allMatch(e -> e instanceof Map<?, ?>)) {
      return null;
    }
    for (String key : MERGE_KEYS) {
      if (list.stream().allMatch(e -> ((Map<?, ?>) e).get(key) != null)
          && list.stream().map(e -> normal(((Map<?, ?>) e).get(key))).distinct().count()
              == list.size()) {
        return key;
      }
    }
    return null;
  }

  private static boolean scalarEquals(String path, Object desired, Object live) {
    if (desired == null) {
      return live == null;
    }
    if (desired instanceof Number a && live instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (desired.equals(live)) {
      return true;
    }
    if (path.contains("resources.") && live != null) {
      BigDecimal a = Quantities.parse(String.valueOf(desired));
      BigDecimal b = Quantities.parse(String.valueOf(live));
      return a != null && b != null && a.compareTo(b) == 0;
    }
    return false;
  }

  /** {@code parent.key}, or {@code parent["key"]} for keys with dots or slashes (labels). */
  private static String path(String parent, Object key) {
    String k = String.valueOf(key);
    return plain(k) ? parent + "." + k : parent + "[\"" + k + "\"]";
  }

  /** Whether {@code key} is only {@code [A-Za-z0-9_-]} (no regex: this runs for every field). */
  private static boolean plain(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
