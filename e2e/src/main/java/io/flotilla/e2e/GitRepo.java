package io.flotilla.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git repository on disk (branch {@code main}) that the platform watches by URL. */
public final class GitRepo implements AutoCloseable {
  private final Git git;

  private GitRepo(Git git) {
    this.git = git;
  }

  /** A new, empty repository: its {@code main} branch appears with the first commit. */
  public static GitRepo init(Path dir) {
    try {
      return new GitRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create a Git repository in " + dir, e);
    }
  }

  public String url() {
    return git.getRepository().getDirectory().toPath().toUri().toString();
  }

  /** Writes {@code files} (path to content), commits them all, and returns the new SHA. */
  public String commit(Map<String, String> files, String message, PersonIdent author) {
    try {
      Path root = git.getRepository().getWorkTree().toPath();
      for (var file : files.entrySet()) {
        Path target = root.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      git.add().addFilepattern(".").call();
      return git.commit().setMessage(message).setAuthor(author).setCommitter(author).call().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed in " + url(), e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
