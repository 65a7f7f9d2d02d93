package io.flotilla.fleetsim;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What fabric8's {@link KubernetesAttributesExtractor} reads from a request path (api group,
 * version, namespace, plural, name), without its round trip through a URL parser: that round trip
 * was a fifth of fleet-sim's CPU in a fleet sync. Same pattern, same groups; only plain paths (no
 * query, no escapes, no dot segments) are read here, anything else returns null and the caller asks
 * fabric8. {@code PathPartsTest} checks both agree.
 */
final class PathParts {
  /** KubernetesAttributesExtractor.PATTERN of kubernetes-server-mock 7.5.2. */
  private static final Pattern PATTERN =
      Pattern.compile(
          "/o?api(s/[a-zA-Z0-9-_.]+)?"
              + "(/(?<version>[a-zA-Z0-9-_]+))?"
              + "(/namespaces/(?<namespace>[^/]+))?"
              + "/(?<kind>[^/?]+)"
              + "(/(?<name>[^/?]+))?"
              + "(/(status|scale))?"
              + "[^ /]*");

  private PathParts() {}

  /** The last paths read: one request reads its object's and its collection's path repeatedly. */
  private static final int REMEMBERED = 256;

  private static final Map<String, Parsed> RECENT =
      new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
          return size() > REMEMBERED;
        }
      };

  private record Parsed(Map<String, String> parts, AttributeSet key) {}

  /**
   * The parts of {@code path}, as {@link KubernetesAttributesExtractor#fromKubernetesPath} gives
   * them (an empty map when the pattern does not match), or null when {@code path} is not plain.
   * Not to be modified.
   */
  static Map<String, String> of(String path) {
    Parsed parsed = parsed(path);
    return parsed == null ? null : parsed.parts();
  }

  /**
   * The store key or query of {@code path}, as {@link KubernetesAttributesExtractor#fromPath} gives
   * it, or null when {@code path} is not plain.
   */
  static AttributeSet attributes(String path) {
    Parsed parsed = parsed(path);
    return parsed == null ? null : parsed.key();
  }

  private static Parsed parsed(String path) {
    if (!plain(path)) {
      return null;
    }
    synchronized (RECENT) {
      Parsed known = RECENT.get(path);
      if (known != null) {
        return known;
      }
    }
    Map<String, String> parts = new HashMap<>();
    Matcher m = PATTERN.matcher(path);
    if (m.matches()) {
      String api = m.group(1);
      if (api != null) {
        parts.put(KubernetesAttributesExtractor.API, api.substring(2));
      }
      putIfPresent(parts, KubernetesAttributesExtractor.VERSION, m.group("version"));
      putIfPresent(parts, KubernetesAttributesExtractor.PLURAL, m.group("kind"));
      putIfPresent(parts, KubernetesAttributesExtractor.NAMESPACE, m.group("namespace"));
      putIfPresent(parts, KubernetesAttributesExtractor.NAME, m.group("name"));
    }
    List<Attribute> attributes = new ArrayList<>(parts.size());
    parts.forEach((k, v) -> attributes.add(new Attribute(k, v)));
    Parsed parsed = new Parsed(Collections.unmodifiableMap(parts), new AttributeSet(attributes));
    synchronized (RECENT) {
      RECENT.put(path, parsed);
    }
    return parsed;
  }

  /** Starts with a slash, has no dot segment, and only characters a URL keeps as they are. */
  private static boolean plain(String path) {
    if (path == null
        || path.isEmpty()
        || path.charAt(0) != '/'
        || path.contains("/.")
        || path.contains("//")) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '/'
              || c == '-'
              || c == '.'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void putIfPresent(Map<String, String> parts, String key, String value) {
    if (value != null && !value.isEmpty()) {
      parts.put(key, value);
    }
  }
}
