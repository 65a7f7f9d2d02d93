package io.flotilla.applier.domain.health;

/** How an object (or an app on a cluster) is doing, from best to worst. */
public enum HealthStatus {
  /** Running as declared. */
  HEALTHY("Healthy"),
  /** Its state cannot be told (the cluster could not be read). */
  UNKNOWN("Unknown"),
  /** On its way: a rollout, a pending claim, a load balancer being provisioned. */
  PROGRESSING("Progressing"),
  /** Declared but not on the cluster. */
  MISSING("Missing"),
  /** Failed or stuck: a rollout past its deadline, a failed Job, a crashing Pod. */
  DEGRADED("Degraded");

  private final String label;

  HealthStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isWorseThan(HealthStatus other) {
    return ordinal() > other.ordinal();
  }
}
