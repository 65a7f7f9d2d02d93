package io.flotilla.renderer.domain;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Repo-relative paths: {@code /}-separated, no leading slash, {@code ""} for the root. */
public final class RepoPaths {
  private RepoPaths() {}

  /** Whether {@code path} names a {@code ..} segment, a backslash or starts with a slash. */
  public static boolean isTraversal(String path) {
    if (path.startsWith("/") || path.contains("\\")) {
      return true;
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code relative} resolved against folder {@code base}, normalised; empty when it leaves the
   * repository root.
   */
  public static Optional<String> resolve(String base, String relative) {
    Deque<String> parts = new ArrayDeque<>();
    String joined = base.isEmpty() ? relative : base + "/" + relative;
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  /** The folder holding {@code path}. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Whether {@code path} is {@code folder} or inside it ({@code ""} holds everything). */
  public static boolean isUnder(String path, String folder) {
    return folder.isEmpty() || path.equals(folder) || path.startsWith(folder + "/");
  }
}
