package io.flotilla.renderer.domain;

import io.flotilla.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The identity and size of a rendered bundle. The hash is over canonical JSON (keys sorted, no
 * whitespace), so the key order of the source files does not matter; the order of the objects does,
 * and is fixed by the renderer (files by path, then documents).
 */
public final class Bundle {
  private Bundle() {}

  public static String hash(List<Map<String, Object>> resources) {
    return EventCodec.sha256(EventCodec.canonical(resources));
  }

  static RenderResult.Rendered of(List<Map<String, Object>> resources) {
    String canonical = EventCodec.canonical(resources);
    return new RenderResult.Rendered(
        resources, EventCodec.sha256(canonical), canonical.getBytes(StandardCharsets.UTF_8).length);
  }
}
