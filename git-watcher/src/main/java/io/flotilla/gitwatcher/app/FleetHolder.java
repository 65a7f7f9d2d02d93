package io.flotilla.gitwatcher.app;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.Urls;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The fleet, read once from the fleet repo at start-up; an invalid fleet stops start-up. */
@Startup
@ApplicationScoped
public class FleetHolder {
  private static final Logger LOG = Logger.getLogger(FleetHolder.class);

  private final GitMirror git;
  private final Fleet fleet;

  FleetHolder(
      @ConfigProperty(name = "flotilla.fleet.repo") String repo,
      @ConfigProperty(name = "flotilla.fleet.ref") String ref,
      @ConfigProperty(name = "flotilla.cache-dir") Path cacheDir) {
    this.git = new GitMirror(cacheDir);
    this.fleet = new FleetLoader(git).load(repo, ref);
    LOG.infof(
        "fleet %s@%s (%s): %d clusters, %d apps",
        Urls.redact(repo), ref, fleet.revision(), fleet.clusters().size(), fleet.apps().size());
  }

  public Fleet fleet() {
    return fleet;
  }

  public GitMirror git() {
    return git;
  }
}
