package io.flotilla.gitwatcher.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the fleet is loaded; reports its revision and size. */
@Readiness
@ApplicationScoped
public class FleetHealth implements HealthCheck {
  private final FleetHolder fleet;

  FleetHealth(FleetHolder fleet) {
    this.fleet = fleet;
  }

  @Override
  public HealthCheckResponse call() {
    var f = fleet.fleet();
    return HealthCheckResponse.named("fleet")
        .up()
        .withData("revision", f.revision())
        .withData("apps", f.apps().size())
        .withData("clusters", f.clusters().size())
        .build();
  }
}
