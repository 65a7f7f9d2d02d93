package io.flotilla.renderer.domain;

import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import java.util.List;

/**
 * Which events one revision produces: one per target cluster, all of the same kind. A rendered
 * revision gives every cluster the same bundle; a failed one gives every cluster the same failure,
 * so no cluster ever gets part of a revision.
 */
public final class EmitPlan {
  private EmitPlan() {}

  /**
   * @param namespace the application's destination namespace, {@code ""} for none
   * @param clusters the target clusters, in the order events should be sent
   */
  public static List<DesiredEvent> events(
      String app,
      String revision,
      Person author,
      String namespace,
      List<String> clusters,
      RenderResult result) {
    String ns = namespace == null || namespace.isEmpty() ? null : namespace;
    return clusters.stream()
        .map(cluster -> event(app, revision, author, ns, cluster, result, List.of(), null))
        .toList();
  }

  /**
   * One event per cluster, each from its own result (clusters may render differently: overrides,
   * policies).
   *
   * @param results per target cluster, in the order events should be sent
   */
  public static List<DesiredEvent> events(
      String app,
      String revision,
      Person author,
      String namespace,
      java.util.Map<String, RenderResult> results,
      java.util.Map<String, List<String>> warnings,
      String rollbackOf) {
    String ns = namespace == null || namespace.isEmpty() ? null : namespace;
    return results.entrySet().stream()
        .map(
            e ->
                event(
                    app,
                    revision,
                    author,
                    ns,
                    e.getKey(),
                    e.getValue(),
                    warnings.getOrDefault(e.getKey(), List.of()),
                    rollbackOf))
        .toList();
  }

  private static DesiredEvent event(
      String app,
      String revision,
      Person author,
      String ns,
      String cluster,
      RenderResult result,
      List<String> warnings,
      String rollbackOf) {
    if (result instanceof RenderResult.Rendered r) {
      return new DesiredState(
          app, cluster, revision, ns, r.resources(), r.bundleHash(), author, warnings, rollbackOf);
    }
    RenderResult.Failed f = (RenderResult.Failed) result;
    return new RenderFailed(app, cluster, revision, f.file(), f.line(), f.reason(), author);
  }
}
