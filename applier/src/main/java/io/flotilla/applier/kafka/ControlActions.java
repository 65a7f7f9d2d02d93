package io.flotilla.applier.kafka;

import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.SyncRequest;
import io.flotilla.applier.domain.control.Scope;
import io.flotilla.events.ControlEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventType;
import io.flotilla.events.PauseRequested;
import io.flotilla.events.ResumeRequested;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.SyncRequested;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a control event does on this instance: it always updates the {@link ControlGate}; a live
 * (not replayed) one also acts on the (app, cluster) pairs this instance has seen — a resume
 * applies what the gate released, a requested sync re-applies the last desired state, a rollback
 * applies the desired state of {@code toRevision} when one was seen lately (the renderer renders it
 * again in any case, and that one is applied when it arrives).
 */
@ApplicationScoped
public class ControlActions {
  @Inject ControlGate gate;
  @Inject DesiredProcessor processor;
  @Inject ApplierConfig config;

  public void on(ControlEvent event, boolean live) {
    gate.fold(event);
    if (!live) {
      return;
    }
    Log.infof(
        "%s: %s by %s: %s",
        EventType.of(event).type(), scope(event).describe(), event.requestedBy(), event.reason());
    boolean force = config.apply().forceConflicts();
    if (event instanceof SyncRequested sync) {
      for (DesiredState d : gate.lastApplied(scope(event))) {
        processor.submit(
            d,
            new SyncRequest(
                sync.prune(), sync.force() || force, "sync requested by " + sync.requestedBy()));
      }
    } else if (event instanceof RollbackRequested rollback) {
      for (DesiredState d : gate.recent(scope(event), rollback.toRevision())) {
        processor.submit(
            d, new SyncRequest(false, force, "rollback requested by " + rollback.requestedBy()));
      }
    }
    for (ControlGate.Release release : gate.released()) {
      processor.submitReleased(
          release, new SyncRequest(false, force, "resumed by " + event.requestedBy()));
    }
  }

  private static Scope scope(ControlEvent event) {
    if (event instanceof PauseRequested p && p.all()
        || event instanceof ResumeRequested r && r.all()) {
      return Scope.ALL;
    }
    return new Scope(event.app(), event.cluster());
  }
}
