package io.flotilla.events;

/** Events on {@link Topics#COMMITS}. */
public sealed interface CommitEvent extends FlotillaEvent
    permits CommitDetected, WatchFailed, FleetChanged, FleetRejected {}
