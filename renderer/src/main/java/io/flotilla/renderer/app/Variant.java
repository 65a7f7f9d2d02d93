package io.flotilla.renderer.app;

import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.renderer.domain.MergePatch;
import io.flotilla.renderer.domain.Patch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cluster's rendering of an application depends on besides the commit: clusters with equal
 * variants get the same bundle, so it is rendered once and emitted to each of them.
 *
 * @param path the folder rendered: the app path, or the Kustomize overlay of the cluster's override
 * @param valuesFiles Helm values files, repo-relative, in order
 * @param helmValues the app's inline Helm values with the override's merged over them
 * @param patches JSON merge patches from the override
 */
public record Variant(
    String path, List<String> valuesFiles, Map<String, Object> helmValues, List<Patch> patches) {

  @SuppressWarnings("unchecked")
  public static Variant of(Application app, Cluster cluster) {
    Application.Override o = app.overrideFor(cluster).orElse(null);
    String path = o != null && o.kustomizePath() != null ? o.kustomizePath() : app.path();
    Map<String, Object> values = new LinkedHashMap<>(app.helm().values());
    if (o != null && !o.helmValues().isEmpty()) {
      values = (Map<String, Object>) MergePatch.apply(values, o.helmValues());
    }
    List<Patch> patches =
        o == null
            ? List.of()
            : o.patches().stream().map(p -> new Patch(p.kind(), p.name(), p.patch())).toList();
    return new Variant(path == null ? "" : path, app.helm().valuesFiles(), values, patches);
  }

  /** Plain data for a cache key. */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", path);
    out.put("valuesFiles", valuesFiles);
    out.put("helmValues", helmValues);
    out.put(
        "patches",
        patches.stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("kind", p.kind());
                  m.put("name", p.name());
                  m.put("patch", p.patch());
                  return m;
                })
            .toList());
    return out;
  }
}
