package io.flotilla.cli.preview;

import java.util.List;

/**
 * What syncing an app at a ref would do, per cluster.
 *
 * @param ref the ref asked for (branch, tag or SHA)
 * @param revision the commit it resolved to
 */
public record Preview(String app, String ref, String revision, List<ClusterPreview> clusters) {

  /** What a sync would do to one object. */
  public enum Action {
    CREATE("create", "+"),
    CHANGE("change", "~"),
    PRUNE("prune", "-"),
    /**
     * No longer declared, but the app does not prune (or the object says flotilla.io/prune: false).
     */
    RETAIN("left in place", "!");

    public final String word;
    public final String sign;

    Action(String word, String sign) {
      this.word = word;
      this.sign = sign;
    }
  }

  /**
   * One object's change.
   *
   * @param object {@code Kind namespace/name}
   * @param lines the object's YAML (create, prune) or the unified diff of its fields (change),
   *     Secret values redacted
   */
  public record Change(Action action, String object, List<String> lines) {}

  /**
   * One cluster: its changes, or why it could not be previewed.
   *
   * @param unchanged how many declared objects already match
   * @param error why this cluster could not be previewed, or {@code null}
   */
  public record ClusterPreview(String cluster, List<Change> changes, int unchanged, String error) {
    public long count(Action action) {
      return changes.stream().filter(c -> c.action() == action).count();
    }

    /** Whether a sync would write or delete anything. */
    public boolean wouldWrite() {
      return changes.stream().anyMatch(c -> c.action() != Action.RETAIN);
    }
  }

  public boolean hasChanges() {
    return clusters.stream().anyMatch(ClusterPreview::wouldWrite);
  }

  public boolean hasErrors() {
    return clusters.stream().anyMatch(c -> c.error() != null);
  }
}
