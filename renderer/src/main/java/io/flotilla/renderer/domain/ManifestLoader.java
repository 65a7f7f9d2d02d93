package io.flotilla.renderer.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders plain manifests: every {@code *.yaml}, {@code *.yml} and {@code *.json} file under the
 * application's path, in path order, each object validated, namespaced objects without a namespace
 * put in the application's namespace, duplicates rejected, the bundle measured and hashed.
 *
 * <p>A pure function of the files: the same files always give the same result. It stops at the
 * first problem and names the file and line, because one broken file means the revision cannot be
 * applied as a whole.
 */
public final class ManifestLoader {
  private ManifestLoader() {}

  /** The ownership labels every rendered object carries. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String APP_LABEL = "flotilla.io/app";

  /**
   * Renders plain manifests.
   *
   * @param files repo-relative path to content; files outside {@code spec.path()} and files that
   *     are not manifests are ignored
   */
  public static RenderResult render(Map<String, String> files, RenderSpec spec) {
    try {
      List<Manifest> manifests = new ArrayList<>();
      for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
        if (isUnder(file.getKey(), spec.path()) && ManifestParser.isManifest(file.getKey())) {
          manifests.addAll(ManifestParser.parse(file.getKey(), file.getValue(), spec.limits()));
        }
      }
      return finish(manifests, spec);
    } catch (InvalidManifest e) {
      return e.toFailed();
    }
  }

  /**
   * Finishes the YAML stream a tool (Kustomize, Helm) printed, like plain manifests.
   *
   * @param origin how the output is named in errors, e.g. {@code kustomize build of
   *     shop/overlays/prod}
   */
  public static RenderResult renderOutput(String origin, String output, RenderSpec spec) {
    try {
      return finish(ManifestParser.parse(origin, output, spec.limits()), spec);
    } catch (InvalidManifest e) {
      return e.toFailed();
    }
  }

  private static RenderResult finish(List<Manifest> parsed, RenderSpec spec)
      throws InvalidManifest {
    if (parsed.size() > spec.limits().maxObjects()) {
      return new RenderResult.Failed(
          null,
          null,
          "the render gives "
              + parsed.size()
              + " objects, over the limit of "
              + spec.limits().maxObjects()
              + " (FLOTILLA_MAX_OBJECTS); split the application or raise the limit");
    }
    List<Manifest> manifests = new ArrayList<>(parsed.size());
    for (Manifest m : parsed) {
      Manifest patched = patch(m, spec.patches());
      validate(patched);
      manifests.add(patched);
    }
    if (manifests.isEmpty() && !spec.allowEmpty()) {
      return new RenderResult.Failed(null, null, noManifests(spec.path()));
    }
    ClusterScope scope = ClusterScope.of(manifests);
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Manifest m : manifests) {
      if (!scope.isClusterScoped(m.apiVersion(), m.kind())
          && m.namespace().isEmpty()
          && !spec.namespace().isEmpty()) {
        m.metadata().put("namespace", spec.namespace());
      }
      label(m, spec.app());
      resources.add(m.object());
    }
    rejectDuplicates(manifests, scope);
    RenderResult.Rendered rendered = Bundle.of(resources);
    if (rendered.bytes() > MAX_OBJECT_BYTES) {
      rejectOversizedObjects(manifests);
    }
    if (rendered.bytes() > spec.limits().maxBundleBytes()) {
      return new RenderResult.Failed(
          null,
          null,
          "the rendered bundle is "
              + rendered.bytes()
              + " bytes, over the limit of "
              + spec.limits().maxBundleBytes()
              + " bytes (the lower of FLOTILLA_MAX_BUNDLE_BYTES and the Kafka producer's"
              + " max.request.size less 16 KiB of envelope); nothing was truncated: split the"
              + " application or raise the limit");
    }
    return rendered;
  }

  @SuppressWarnings("unchecked")
  private static Manifest patch(Manifest m, List<Patch> patches) {
    Map<String, Object> object = m.object();
    for (Patch p : patches) {
      if (p.kind().equals(object.get("kind"))
          && (p.name() == null
              || (object.get("metadata") instanceof Map<?, ?> meta
                  && p.name().equals(meta.get("name"))))) {
        object = (Map<String, Object>) MergePatch.apply(object, p.patch());
      }
    }
    return object == m.object()
        ? m
        : new Manifest(m.file(), m.document(), m.item(), m.line(), object);
  }

  private static void label(Manifest m, String app) {
    Map<String, Object> labels = new java.util.LinkedHashMap<>();
    if (m.metadata().get("labels") instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> labels.put(String.valueOf(k), v));
    }
    labels.put(MANAGED_BY, "flotilla");
    labels.put(APP_LABEL, app);
    m.metadata().put("labels", labels);
  }

  static boolean isUnder(String file, String folder) {
    return folder.isEmpty() || file.startsWith(folder + "/");
  }

  private static String noManifests(String path) {
    return "no manifests under "
        + (path.isEmpty() ? "the repository root" : path + "/")
        + " (no object in any *.yaml, *.yml or *.json file); add manifests, or set"
        + " spec.syncPolicy.allowEmpty: true to deploy nothing on purpose";
  }

  private static void validate(Manifest m) throws InvalidManifest {
    requireText(m, m.object().get("apiVersion"), "apiVersion");
    requireText(m, m.object().get("kind"), "kind");
    Object metadata = m.object().get("metadata");
    if (!(metadata instanceof Map<?, ?> meta)) {
      throw missing(m, metadata, "metadata");
    }
    requireText(m, meta.get("name"), "metadata.name");
    if ("v1".equals(m.apiVersion()) && "Secret".equals(m.kind())) {
      // Its data would be published on flotilla.desired and stored in the audit log.
      throw new InvalidManifest(
          m.file(),
          m.line(),
          m.where()
              + ": Secret '"
              + meta.get("name")
              + "' is refused: Flotilla publishes desired state on Kafka and records it in the"
              + " audit log, where Secret data must never go; deliver Secrets another way (e.g. an"
              + " external-secrets operator) and keep them out of the app's path");
    }
    Object namespace = meta.get("namespace");
    if (namespace == null || "".equals(namespace)) {
      m.metadata().remove("namespace");
    } else if (!(namespace instanceof String)) {
      throw new InvalidManifest(
          m.file(), m.line(), m.where() + ": metadata.namespace must be a string");
    }
  }

  private static void requireText(Manifest m, Object value, String field) throws InvalidManifest {
    if (!(value instanceof String s) || s.isBlank()) {
      throw missing(m, value, field);
    }
  }

  private static InvalidManifest missing(Manifest m, Object value, String field) {
    String what =
        value == null
            ? " has no " + field
            : ": " + field + " must be " + (field.equals("metadata") ? "a mapping" : "a string");
    return new InvalidManifest(
        m.file(),
        m.line(),
        m.where() + what + "; every object needs apiVersion, kind and metadata.name");
  }

  /**
   * What Kubernetes stores of one object at most: a ConfigMap's or Secret's data may not exceed 1
   * MiB, and etcd refuses larger requests. Checked only when the whole bundle is larger.
   */
  static final long MAX_OBJECT_BYTES = 1L << 20;

  private static void rejectOversizedObjects(List<Manifest> manifests) throws InvalidManifest {
    for (Manifest m : manifests) {
      long bytes =
          io.flotilla.events.EventCodec.canonical(m.object())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8)
              .length;
      if (bytes > MAX_OBJECT_BYTES) {
        throw new InvalidManifest(
            m.file(),
            m.line(),
            m.where()
                + ": "
                + m.kind()
                + " '"
                + m.name()
                + "' is "
                + bytes
                + " bytes, over Kubernetes' limit of "
                + MAX_OBJECT_BYTES
                + " bytes (1 MiB) per object; the API server would refuse it. Keep large data"
                + " out of the object (a volume, an image, object storage)");
      }
    }
  }

  private record Identity(String group, String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind
          + (group.isEmpty() ? "" : "." + group)
          + " '"
          + name
          + "'"
          + (namespace.isEmpty() ? "" : " in namespace '" + namespace + "'");
    }
  }

  private static void rejectDuplicates(List<Manifest> manifests, ClusterScope scope)
      throws InvalidManifest {
    Map<Identity, Manifest> seen = new HashMap<>();
    for (Manifest m : manifests) {
      boolean clusterScoped = scope.isClusterScoped(m.apiVersion(), m.kind());
      Identity id =
          new Identity(
              ClusterScope.group(m.apiVersion()),
              m.kind(),
              clusterScoped ? "" : m.namespace(),
              m.name());
      Manifest first = seen.putIfAbsent(id, m);
      if (first != null) {
        throw new InvalidManifest(
            m.file(),
            m.line(),
            id
                + " is declared twice: "
                + first.where()
                + " and "
                + m.where()
                + "; keep one of them");
      }
    }
  }
}
