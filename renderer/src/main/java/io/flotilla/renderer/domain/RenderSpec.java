package io.flotilla.renderer.domain;

import java.util.List;

/**
 * How to turn an application's objects into a bundle.
 *
 * @param app the application; its name goes into the ownership label {@code flotilla.io/app}
 * @param path the manifest folder inside the repository, {@code ""} for the root
 * @param namespace the destination namespace for namespaced objects that name none; empty for none
 * @param allowEmpty whether a render without any object gives an empty bundle (else it fails)
 * @param patches JSON merge patches applied to the matching rendered objects, in order
 * @param limits what the render may consume
 */
public record RenderSpec(
    String app,
    String path,
    String namespace,
    boolean allowEmpty,
    List<Patch> patches,
    Limits limits) {
  public RenderSpec {
    path = path == null ? "" : path;
    namespace = namespace == null ? "" : namespace;
    patches = patches == null ? List.of() : List.copyOf(patches);
  }

  /** Plain manifests with the default limits and no patches. */
  public RenderSpec(String app, String path, String namespace, boolean allowEmpty, long maxBundle) {
    this(app, path, namespace, allowEmpty, List.of(), Limits.DEFAULT.withMaxBundleBytes(maxBundle));
  }
}
