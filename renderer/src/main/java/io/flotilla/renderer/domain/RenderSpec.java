package io.flotilla.renderer.domain;

/**
 * How to render one application.
 *
 * @param path the manifest folder inside the repository, {@code ""} for the root
 * @param namespace the destination namespace for namespaced objects that name none; empty for none
 * @param allowEmpty whether a folder without any object renders to an empty bundle (else it fails)
 * @param maxBundleBytes the largest bundle accepted (UTF-8 bytes of its canonical JSON)
 */
public record RenderSpec(String path, String namespace, boolean allowEmpty, long maxBundleBytes) {
  public RenderSpec {
    path = path == null ? "" : path;
    namespace = namespace == null ? "" : namespace;
  }
}
