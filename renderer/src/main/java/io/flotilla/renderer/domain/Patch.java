package io.flotilla.renderer.domain;

import java.util.Map;

/**
 * A JSON merge patch (RFC 7386) for the rendered objects of {@code kind} named {@code name} ({@code
 * null}: every object of that kind).
 */
public record Patch(String kind, String name, Map<String, Object> patch) {
  public Patch {
    // not Map.copyOf: a null value means "delete this key"
    patch = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(patch));
  }
}
