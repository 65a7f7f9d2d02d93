package io.flotilla.applier.domain;

/**
 * Names one Kubernetes object: what a cluster is asked for and what a result reports.
 *
 * @param namespace {@code null} for cluster-scoped objects
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** The API group, {@code ""} for the core group ({@code v1}). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public boolean namespaced() {
    return namespace != null;
  }

  /** {@code Kind namespace/name} or {@code Kind name}, as users read it. */
  public String display() {
    return kind + " " + (namespace == null ? name : namespace + "/" + name);
  }

  /** The ref of a live or desired object as the cluster returned it. */
  public static ObjectRef of(java.util.Map<String, Object> object) {
    String namespace = Trees.text(object, "metadata", "namespace");
    return new ObjectRef(
        String.valueOf(object.get("apiVersion")),
        String.valueOf(object.get("kind")),
        namespace.isEmpty() ? null : namespace,
        Trees.text(object, "metadata", "name"));
  }

  /** The (apiVersion, kind, namespace) this object is listed under. */
  public KindInNamespace listedUnder() {
    return new KindInNamespace(apiVersion, kind, namespace);
  }

  /** One list call: every object of a kind in one namespace ({@code null}: cluster-scoped). */
  public record KindInNamespace(String apiVersion, String kind, String namespace) {}

  @Override
  public String toString() {
    return apiVersion + " " + display();
  }
}
