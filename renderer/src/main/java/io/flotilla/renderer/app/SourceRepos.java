package io.flotilla.renderer.app;

/** Opens a repository at an exact commit. */
public interface SourceRepos {

  /**
   * @throws Unavailable when the repository or the commit cannot be read
   */
  RepoTree open(String repoUrl, String sha);

  /** The commit cannot be read. The message is shown to users: it never carries credentials. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
