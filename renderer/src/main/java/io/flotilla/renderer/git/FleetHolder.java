package io.flotilla.renderer.git;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.Urls;
import io.flotilla.renderer.app.FleetView;
import io.flotilla.renderer.app.RendererConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * The fleet, read once at start-up from {@code FLOTILLA_FLEET_REPO} at {@code FLOTILLA_FLEET_REF}.
 * A missing or invalid fleet repo stops start-up with every problem listed: rendering without
 * knowing the clusters would silently emit nothing.
 *
 * <p>Loaded before Reactive Messaging starts its channels (priority 1000): otherwise the first
 * records reach the consumer while the fleet is still loading, and when loading fails each of them
 * fails too and is dead-lettered, though nothing is wrong with them.
 */
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@Singleton
public class FleetHolder implements FleetView {
  private static final Logger LOG = Logger.getLogger(FleetHolder.class);

  private final Fleet fleet;
  private final String repo;
  private final String ref;

  @Inject
  public FleetHolder(GitMirror mirror, RendererConfig config) {
    this.repo = Urls.redact(config.fleet().repo());
    this.ref = config.fleet().ref();
    this.fleet = new FleetLoader(mirror).load(config.fleet().repo(), ref);
    LOG.infof(
        "fleet loaded from %s ref %s at revision %s: %d apps, %d clusters",
        repo, ref, fleet.revision(), fleet.apps().size(), fleet.clusters().size());
  }

  @Override
  public Fleet current() {
    return fleet;
  }

  /** The fleet repo URL, credentials removed. */
  public String repo() {
    return repo;
  }

  public String ref() {
    return ref;
  }
}
