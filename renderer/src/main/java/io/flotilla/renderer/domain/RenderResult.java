package io.flotilla.renderer.domain;

import java.util.List;
import java.util.Map;

/** What rendering one revision of one application gave: every object, or the first problem. */
public sealed interface RenderResult {

  /**
   * The rendered objects.
   *
   * @param resources the objects in the order they were found (files by path, then documents)
   * @param bundleHash SHA-256 of the canonical JSON of {@code resources}
   * @param bytes UTF-8 size of that canonical JSON
   */
  record Rendered(List<Map<String, Object>> resources, String bundleHash, long bytes)
      implements RenderResult {
    public Rendered {
      resources = List.copyOf(resources);
    }
  }

  /**
   * Nothing can be applied for this revision.
   *
   * @param file the repo-relative file at fault, or {@code null} when no single file is
   * @param line the 1-based line in {@code file}, or {@code null} when unknown
   * @param reason what is wrong and what to do, in words a user can act on
   */
  record Failed(String file, Integer line, String reason) implements RenderResult {}
}
