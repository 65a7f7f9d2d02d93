package io.flotilla.renderer.git;

import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.git.GitAuth;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.renderer.app.RendererConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One mirror cache per process, shared by the fleet and every application repository. Private
 * repositories are read with the credentials their apps name ({@code credentialsRef}); the fleet in
 * force keeps that list current.
 */
public class GitBeans {
  @Produces
  @Singleton
  GitMirror mirror(
      RendererConfig config,
      @ConfigProperty(name = "flotilla.credentials-dir", defaultValue = ".flotilla/credentials")
          Path credentialsDir) {
    return new GitMirror(config.cacheDir(), new GitAuth(new CredentialsDir(credentialsDir)));
  }
}
