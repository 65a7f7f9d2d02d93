package io.flotilla.applier.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 *   <li>lists: same length, and element by element (each element again desired ⊆ live, so a
 *       container the server completed with defaults still matches);
 *   <li>numbers by value ({@code 2}, {@code 2L} and {@code 2.0} are equal); other scalars by
 *       equality; a desired {@code null}, empty map or empty list matches an absent field;
 *   <li>{@code status} and the server-owned metadata fields are never compared;
 *   <li>a Secret's {@code stringData} matches the base64 {@code data} the API server stores.
 * </ul>
 */
public final class Diff {
  private static final Set<String> SERVER_METADATA = Set.copyOf(DesiredObjects.SERVER_METADATA);

  private Diff() {}

  /** What to do with a paired object. */
  public static Action decide(Pair pair) {
    DesiredObject desired = pair.desired();
    if (!desired.valid()) {
      return new Action.Reject(desired.problem());
    }
    Live live = pair.live();
    if (live instanceof Live.Present present) {
      List<String> changed = differences(desired.object(), present.object());
      return changed.isEmpty() ? Action.KEEP : new Action.Configure(changed);
    }
    if (live instanceof Live.Unreadable unreadable) {
      return new Action.Reject(unreadable.reason());
    }
    return Action.CREATE;
  }

  /** The paths at which {@code live} does not hold {@code desired}; empty when it does. */
  public static List<String> differences(Map<String, Object> desired, Map<String, Object> live) {
    List<String> out = new ArrayList<>();
    boolean secret = "Secret".equals(desired.get("kind")) && "v1".equals(desired.get("apiVersion"));
    for (Map.Entry<String, Object> field : desired.entrySet()) {
      String key = field.getKey();
      if (key.equals("status")) {
        continue;
      }
      if (key.equals("metadata") && field.getValue() instanceof Map<?, ?> metadata) {
        compareMetadata(metadata, live.get("metadata"), out);
      } else if (secret && key.equals("stringData") && field.getValue() instanceof Map<?, ?> data) {
        compareStringData(data, live, out);
      } else {
        compare(key, field.getValue(), live.get(key), out);
      }
    }
    return out;
  }

  private static void compareMetadata(Map<?, ?> desired, Object live, List<String> out) {
    Map<?, ?> liveMap = live instanceof Map<?, ?> m ? m : Map.of();
    desired.forEach(
        (key, value) -> {
          if (!SERVER_METADATA.contains(String.valueOf(key))) {
            compare(path("metadata", key), value, liveMap.get(key), out);
          }
        });
  }

  private static void compareStringData(
      Map<?, ?> desired, Map<String, Object> live, List<String> out) {
    Map<?, ?> liveStrings = live.get("stringData") instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> liveData = live.get("data") instanceof Map<?, ?> m ? m : Map.of();
    desired.forEach(
        (key, value) -> {
          String encoded =
              value == null
                  ? null
                  : Base64.getEncoder()
                      .encodeToString(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
          boolean same =
              scalarEquals(value, liveStrings.get(key))
                  || (encoded != null && encoded.equals(liveData.get(key)));
          if (!same) {
            out.add(path("stringData", key));
          }
        });
  }

  private static void compare(String path, Object desired, Object live, List<String> out) {
    if (desired instanceof Map<?, ?> map) {
      if (live instanceof Map<?, ?> liveMap) {
        map.forEach((key, value) -> compare(path(path, key), value, liveMap.get(key), out));
      } else if (!(live == null && map.isEmpty())) {
        out.add(path);
      }
    } else if (desired instanceof List<?> list) {
      if (live instanceof List<?> liveList && liveList.size() == list.size()) {
        for (int i = 0; i < list.size(); i++) {
          compare(path + "[" + i + "]", list.get(i), liveList.get(i), out);
        }
      } else if (!(live == null && list.isEmpty())) {
        out.add(path);
      }
    } else if (!scalarEquals(desired, live)) {
      out.add(path);
    }
  }

  private static boolean scalarEquals(Object desired, Object live) {
    if (desired == null) {
      return live == null;
    }
    if (desired instanceof Number a && live instanceof Number b) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return desired.equals(live);
  }

  /** {@code parent.key}, or {@code parent["key"]} for keys with dots or slashes (labels). */
  private static String path(String parent, Object key) {
    String k = String.valueOf(key);
    return k.matches("[A-Za-z0-9_-]+") ? parent + "." + k : parent + "[\"" + k + "\"]";
  }
}
