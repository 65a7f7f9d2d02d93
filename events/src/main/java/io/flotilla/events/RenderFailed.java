package io.flotilla.events;

/**
 * A revision of an application could not be rendered for a cluster; nothing is applied.
 *
 * @param app the application
 * @param cluster the target cluster that gets nothing
 * @param revision the commit that failed to render
 * @param file the file at fault, relative to the repository root, when known
 * @param line the 1-based line in {@code file}, when known
 * @param reason what is wrong, in words a user can act on
 * @param author the author of the commit, when known
 */
public record RenderFailed(
    String app,
    String cluster,
    String revision,
    String file,
    Integer line,
    String reason,
    Person author)
    implements DesiredEvent {
  public RenderFailed {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.text(reason, "reason");
  }
}
