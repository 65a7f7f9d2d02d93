package io.flotilla.events;

/** Events on {@link Topics#SYNC_RESULTS}, one per (app, cluster). */
public sealed interface SyncEvent extends FlotillaEvent permits SyncCompleted, HealthChanged {
  @Override
  String cluster();
}
