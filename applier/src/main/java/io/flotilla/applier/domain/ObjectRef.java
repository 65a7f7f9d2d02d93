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

  @Override
  public String toString() {
    return apiVersion + " " + display();
  }
}
