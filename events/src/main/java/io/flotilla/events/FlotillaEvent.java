package io.flotilla.events;

/** Every Flotilla event. Each event belongs to one application; most also to one cluster. */
public sealed interface FlotillaEvent permits CommitEvent, DesiredEvent, SyncEvent {

  /** The application this event is about. */
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
    return cluster() == null ? app() : app() + "/" + cluster();
  }
}
