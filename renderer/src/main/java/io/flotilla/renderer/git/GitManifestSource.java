package io.flotilla.renderer.git;

import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.renderer.app.ManifestSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/** Application files at an exact commit, from the bare mirror of the application's repository. */
@Singleton
public class GitManifestSource implements ManifestSource {
  private final GitMirror mirror;

  @Inject
  public GitManifestSource(GitMirror mirror) {
    this.mirror = mirror;
  }

  @Override
  public Map<String, String> files(String repoUrl, String sha, String path) {
    try {
      return mirror.textFiles(repoUrl, sha, path);
    } catch (GitException e) {
      // GitMirror's messages name the repository with credentials removed (Urls.redact)
      throw new Unavailable(e.getMessage(), e);
    }
  }
}
