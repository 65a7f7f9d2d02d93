package io.flotilla.gitwatcher.domain;

import java.util.Set;

/**
 * Whether a moved ref concerns an application, so that in a monorepo only the apps whose files
 * changed are announced. Pure.
 */
public final class Relevance {
  private Relevance() {}

  /**
   * What happened between the last announced commit and the new one.
   *
   * @param forced the new commit does not descend from the last announced one (force-push)
   * @param changedFiles repo-relative paths added, modified or deleted between the two
   */
  public record Change(boolean forced, Set<String> changedFiles) {
    public Change {
      changedFiles = Set.copyOf(changedFiles);
    }
  }

  /**
   * True when the app must be announced: its path (a folder, {@code ""} for the whole repository)
   * holds a changed file, or the history was rewritten, in which case a diff says nothing about
   * what the app last deployed and every app of the ref is announced. A first sighting is always
   * announced and never asks.
   */
  public static boolean concerns(String appPath, Change change) {
    return concerns(appPath, java.util.List.of(), change);
  }

  /**
   * Like {@link #concerns(String, Change)}, also true when one of {@code referencedPaths} (files or
   * folders outside the app path that its rendering reads, e.g. Helm values files) changed.
   */
  public static boolean concerns(
      String appPath, java.util.Collection<String> referencedPaths, Change change) {
    if (change.forced()) {
      return true;
    }
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(appPath), referencedPaths.stream())
        .map(Relevance::folder)
        .anyMatch(
            folder ->
                folder.isEmpty()
                    || change.changedFiles().stream()
                        .anyMatch(f -> f.equals(folder) || f.startsWith(folder + "/")));
  }

  /**
   * {@code ./a/b/} and {@code a/b} are the same folder; {@code .}, {@code /} and {@code ""} the
   * root.
   */
  static String folder(String appPath) {
    String p = appPath == null ? "" : appPath.trim();
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }
}
