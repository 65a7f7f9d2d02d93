package io.flotilla.renderer.api;

import io.flotilla.fleet.Fleet;
import io.flotilla.renderer.git.LiveFleetView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the fleet is loaded; reports which revision of the fleet repo is in use. */
@Readiness
@ApplicationScoped
public class FleetHealthCheck implements HealthCheck {
  private final LiveFleetView fleet;

  @Inject
  public FleetHealthCheck(LiveFleetView fleet) {
    this.fleet = fleet;
  }

  @Override
  public HealthCheckResponse call() {
    Fleet current = fleet.current();
    return HealthCheckResponse.named("fleet")
        .up()
        .withData("repo", fleet.repo())
        .withData("ref", fleet.ref())
        .withData("revision", current.revision())
        .withData("apps", current.apps().size())
        .withData("clusters", current.clusters().size())
        .withData("policies", current.policies().size())
        .withData("newestRevisionRefused", fleet.lastError() == null ? "" : fleet.lastError())
        .build();
  }
}
