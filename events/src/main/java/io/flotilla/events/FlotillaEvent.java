package io.flotilla.events;

/**
 * Every Flotilla event. Most events belong to one application, many also to one cluster; fleet-wide
 * events ({@link FleetChanged}, a pause of everything or of a cluster) have no application.
 */
public sealed interface FlotillaEvent
    permits CommitEvent, DesiredEvent, SyncEvent, ControlEvent, DriftEvent, AccessDenied {

  /** The application this event is about, or {@code null} for a fleet-wide event. */
  String app();

  /** The cluster this event is about, or {@code null} when it concerns every target cluster. */
  default String cluster() {
    return null;
  }

  /** The Git revision (commit SHA) this event is about, or {@code null} when there is none. */
  String revision();

  /** Who caused this event: the author of the commit behind it, when known. */
  Person author();

  /** The CloudEvents {@code subject}: {@code <app>} or {@code <app>/<cluster>}. */
  default String subject() {
    String app = app() == null ? "*" : app();
    return cluster() == null ? app : app + "/" + cluster();
  }
}
