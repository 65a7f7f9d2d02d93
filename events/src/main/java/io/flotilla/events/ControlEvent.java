package io.flotilla.events;

import java.time.Instant;

/**
 * Events of {@code flotilla.control}: commands an operator (or Flotilla itself) gave. Every applier
 * instance reads every control event. Key: the app, or {@code *} when the command names none.
 */
public sealed interface ControlEvent extends FlotillaEvent
    permits PauseRequested, ResumeRequested, SyncRequested, RollbackRequested {

  /**
   * Who asked: the identity of the API token, or {@code flotilla/<service>} for an automatic
   * action.
   */
  String requestedBy();

  /** Why, in the requester's words. */
  String reason();

  Instant requestedAt();

  /** The requester, as the audit log records the actor. */
  @Override
  default Person author() {
    return new Person(requestedBy(), "");
  }

  @Override
  default String revision() {
    return null;
  }

  @Override
  default String subject() {
    String app = app() == null ? "*" : app();
    return cluster() == null ? app : app + "/" + cluster();
  }

  /** Checks a pause/resume scope: everything, or an app, a cluster, or an app on a cluster. */
  static void requireScope(String app, String cluster, boolean all) {
    boolean named = (app != null && !app.isBlank()) || (cluster != null && !cluster.isBlank());
    if (all == named) {
      throw new IllegalArgumentException(
          all
              ? "'all' cannot be combined with 'app' or 'cluster'"
              : "name an 'app', a 'cluster', or set 'all'");
    }
  }
}
