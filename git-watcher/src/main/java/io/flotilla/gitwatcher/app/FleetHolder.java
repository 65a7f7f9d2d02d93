package io.flotilla.gitwatcher.app;

import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitAuth;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.LiveFleet;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The fleet in force: read at start-up (an invalid fleet stops start-up), then re-read by {@link
 * FleetWatch} whenever the fleet branch moves.
 */
@Startup
@ApplicationScoped
public class FleetHolder {
  private static final Logger LOG = Logger.getLogger(FleetHolder.class);

  private final GitMirror git;
  private final LiveFleet live;
  private final String url;

  FleetHolder(
      @ConfigProperty(name = "flotilla.fleet.repo") String repo,
      @ConfigProperty(name = "flotilla.fleet.ref") String ref,
      @ConfigProperty(name = "flotilla.cache-dir") Path cacheDir,
      @ConfigProperty(name = "flotilla.credentials-dir") Path credentialsDir,
      @ConfigProperty(name = "flotilla.git.timeout", defaultValue = "30s") Duration timeout) {
    this.git = new GitMirror(cacheDir, new GitAuth(new CredentialsDir(credentialsDir)), timeout);
    this.url = repo;
    this.live = new LiveFleet(new FleetLoader(git), repo, ref);
    Fleet fleet = live.current();
    LOG.infof(
        "fleet %s@%s (%s): %d clusters, %d apps",
        live.repo(), ref, fleet.revision(), fleet.clusters().size(), fleet.apps().size());
  }

  /** The fleet in force now; call on every use, it changes when the fleet repo does. */
  public Fleet fleet() {
    return live.current();
  }

  public LiveFleet live() {
    return live;
  }

  /** The fleet repo URL as configured (may carry credentials: never log it). */
  String url() {
    return url;
  }

  public GitMirror git() {
    return git;
  }
}
