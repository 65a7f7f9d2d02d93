package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one cluster should run for one application at one revision: the rendered manifests.
 *
 * @param app the application
 * @param cluster the target cluster
 * @param revision the commit the manifests were rendered from
 * @param namespace the application's destination namespace (set on namespaced objects without one)
 * @param resources the Kubernetes objects, in the order they were found, as JSON objects
 * @param bundleHash SHA-256 over the canonical JSON of {@code resources}: same bundle, same hash
 * @param author the author of the commit, when known
 * @param warnings what {@code warn} policies found in {@code resources} for this cluster, one line
 *     each ({@code policy 'p': Kind 'name' in namespace 'ns': message}); empty when none (then the
 *     field is left out of the JSON)
 * @param rollbackOf when this desired state answers a rollback: the CloudEvents id of the {@link
 *     RollbackRequested} that asked for it (the revision was rendered again); {@code null} (left
 *     out of the JSON) for a rendering of a new commit
 */
public record DesiredState(
    String app,
    String cluster,
    String revision,
    String namespace,
    List<Map<String, Object>> resources,
    String bundleHash,
    Person author,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rollbackOf)
    implements DesiredEvent {
  public DesiredState {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.text(bundleHash, "bundleHash");
    resources = List.copyOf(Required.value(resources, "resources"));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Without policy warnings. */
  public DesiredState(
      String app,
      String cluster,
      String revision,
      String namespace,
      List<Map<String, Object>> resources,
      String bundleHash,
      Person author) {
    this(app, cluster, revision, namespace, resources, bundleHash, author, List.of(), null);
  }
}
