package io.flotilla.fleetsim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small, pure helpers for Kubernetes API request paths as the mock server sees them. */
final class ApiPaths {
  private static final String STATUS_SUFFIX = "/status";

  private ApiPaths() {}

  /** {@code path} without its query string. */
  static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** Decoded query parameters of {@code path}; the last value wins for repeated names. */
  static Map<String, String> query(String path) {
    Map<String, String> params = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return params;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(name), decode(value));
    }
    return params;
  }

  /** The non-empty segments of {@code path} (without query): {@code //api/v1/} is [api, v1]. */
  static List<String> segments(String path) {
    List<String> segments = new ArrayList<>(8);
    int i = 0;
    int n = path.length();
    while (i < n) {
      while (i < n && path.charAt(i) == '/') {
        i++;
      }
      int start = i;
      while (i < n && path.charAt(i) != '/') {
        i++;
      }
      if (i > start) {
        segments.add(path.substring(start, i));
      }
    }
    return segments;
  }

  /** Whether {@code path} (without query) addresses the status subresource of an object. */
  static boolean isStatus(String path) {
    return path.endsWith(STATUS_SUFFIX);
  }

  /** The object path of a status subresource path, or {@code path} itself. */
  static String objectOf(String path) {
    return isStatus(path) ? path.substring(0, path.length() - STATUS_SUFFIX.length()) : path;
  }

  /** The collection an object path belongs to: everything before the last segment. */
  static String collectionOf(String objectPath) {
    return objectPath.substring(0, objectPath.lastIndexOf('/'));
  }

  /**
   * The path of a namespaced object; {@code apiVersion} "v1" maps to the core group's {@code
   * /api/v1}.
   */
  static String objectPath(String apiVersion, String namespace, String plural, String name) {
    String root = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    return root + "/namespaces/" + namespace + "/" + plural + "/" + name;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
