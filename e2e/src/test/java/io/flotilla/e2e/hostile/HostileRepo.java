package io.flotilla.e2e.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real Git repository (branch {@code main}) whose content a test shapes freely: raw bytes,
 * symlinks, deletions. Changes accumulate in the work tree until {@link #commit}.
 */
public final class HostileRepo implements AutoCloseable {
  private final Git git;
  private final Path root;

  private HostileRepo(Git git) {
    this.git = git;
    this.root = git.getRepository().getWorkTree().toPath();
  }

  public static HostileRepo init(Path dir) {
    try {
      return new HostileRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create a Git repository in " + dir, e);
    }
  }

  public String url() {
    return git.getRepository().getDirectory().toPath().toUri().toString();
  }

  public HostileRepo put(String path, String text) {
    return put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  public HostileRepo put(String path, byte[] bytes) {
    try {
      Path target = root.resolve(path);
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(target);
      Files.write(target, bytes);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A symlink at {@code path} whose target is {@code target}, exactly as given. */
  public HostileRepo link(String path, String target) {
    try {
      Path link = root.resolve(path);
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a file, a symlink or a whole folder. */
  public HostileRepo remove(String path) {
    Path target = root.resolve(path);
    try {
      if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> all = Files.walk(target)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      } else {
        Files.deleteIfExists(target);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits every change of the work tree (additions, changes, deletions); the new SHA. */
  public String commit(String message, PersonIdent author) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor(author).setCommitter(author).call().name();
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed in " + url(), e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
