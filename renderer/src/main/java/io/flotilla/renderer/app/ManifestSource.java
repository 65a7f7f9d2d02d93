package io.flotilla.renderer.app;

import java.util.Map;

/** Reads an application's files at an exact commit. */
public interface ManifestSource {

  /**
   * Every file under {@code path} at commit {@code sha}, keyed by repo-relative path.
   *
   * @throws Unavailable when the repository or the commit cannot be read
   */
  Map<String, String> files(String repoUrl, String sha, String path);

  /** The files cannot be read. The message is shown to users: it never carries credentials. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
