package io.flotilla.renderer.git;

import io.flotilla.fleet.git.GitMirror;
import io.flotilla.renderer.app.RendererConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One mirror cache per process, shared by the fleet and every application repository. */
public class GitBeans {
  @Produces
  @Singleton
  GitMirror mirror(RendererConfig config) {
    return new GitMirror(config.cacheDir());
  }
}
