package io.flotilla.renderer.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away folder holding a copy of a render's input files ({@code repo/}) and anything the
 * tool needs besides ({@code values-<n>.json}). Deleted on close.
 */
final class Scratch implements AutoCloseable {
  private final Path root;

  Scratch(Path parent, Map<String, byte[]> files) {
    try {
      Files.createDirectories(parent);
      this.root = Files.createTempDirectory(parent, "render-");
      Path repo = repo();
      Files.createDirectories(repo);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = repo.resolve(f.getKey()).normalize();
        if (!target.startsWith(repo)) {
          // Checkout never lets such a path through; a second guard costs nothing
          throw new IllegalArgumentException("path leaves the scratch folder: " + f.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scratch copy: " + e.getMessage(), e);
    }
  }

  Path repo() {
    return root.resolve("repo");
  }

  Path root() {
    return root;
  }

  /** {@code text} with the scratch folder's absolute paths turned back into repo-relative ones. */
  String relativize(String text) {
    return text.replace(repo().toString() + "/", "")
        .replace(repo().toString(), ".")
        .replace(root.toString() + "/", "");
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch folder " + root, e);
    }
  }
}
