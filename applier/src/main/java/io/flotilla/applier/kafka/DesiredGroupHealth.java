package io.flotilla.applier.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until this instance has joined the applier group on {@code flotilla.desired} (its first
 * partition assignment, possibly empty, arrived); UP from then on, through later rebalances. A new
 * instance that is not in the group yet takes no desired state, and its joining moves partitions
 * away from the others: a rollout waits for it before it goes on.
 */
@Readiness
@ApplicationScoped
public class DesiredGroupHealth implements HealthCheck {
  private final DesiredPartitions partitions;

  DesiredGroupHealth(@Identifier(DesiredPartitions.NAME) DesiredPartitions partitions) {
    this.partitions = partitions;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("applier group joined").status(partitions.joined()).build();
  }
}
