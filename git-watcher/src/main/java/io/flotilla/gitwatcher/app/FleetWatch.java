package io.flotilla.gitwatcher.app;

import io.flotilla.events.FleetChanged;
import io.flotilla.events.FleetRejected;
import io.flotilla.events.Person;
import io.flotilla.fleet.FleetDiff;
import io.flotilla.fleet.git.CommitInfo;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.LiveFleet;
import io.flotilla.gitwatcher.domain.FleetImpact;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Watches the fleet repo like any other: when its branch moves to a valid fleet, publishes {@code
 * FleetChanged} and says which apps to announce again; when it moves to an invalid one, publishes
 * {@code FleetRejected} (once per revision) and the previous fleet stays in force.
 */
@ApplicationScoped
public class FleetWatch {
  private static final Logger LOG = Logger.getLogger(FleetWatch.class);

  private final FleetHolder fleet;
  private final CommitPublisher publisher;
  private final Clock clock;

  FleetWatch(FleetHolder fleet, CommitPublisher publisher, Clock clock) {
    this.fleet = fleet;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Checks the fleet branch once. Every watcher instance keeps its fleet current; only the one that
   * owns the fleet repo announces the change.
   *
   * @param announce publish FleetChanged / FleetRejected
   * @return the apps whose current commit must be announced again (empty when nothing changed)
   */
  public synchronized Set<String> check(boolean announce) {
    LiveFleet live = fleet.live();
    LiveFleet.Refresh refresh;
    try {
      refresh = live.refresh();
    } catch (GitException | io.flotilla.fleet.FleetException e) {
      LOG.warnf("fleet repo %s: %s; the fleet in force stays", live.repo(), e.getMessage());
      return Set.of();
    }
    if (refresh instanceof LiveFleet.Refresh.Changed c) {
      FleetDiff diff = c.diff();
      LOG.infof(
          "fleet %s moved %s -> %s: apps +%s ~%s -%s, clusters +%s ~%s -%s%s",
          live.repo(),
          diff.fromRevision(),
          diff.toRevision(),
          diff.appsAdded(),
          diff.appsChanged(),
          diff.appsRemoved(),
          diff.clustersAdded(),
          diff.clustersChanged(),
          diff.clustersRemoved(),
          diff.policiesChanged() ? ", policies changed" : "");
      List<String> warnings = c.fleet().warnings();
      warnings.forEach(
          w -> LOG.warnf("fleet %s revision %s: %s", live.repo(), diff.toRevision(), w));
      if (announce && !diff.isEmpty()) {
        CommitInfo info = fleet.git().commit(fleet.url(), c.fleet().revision());
        publisher.publish(
            new FleetChanged(
                live.repo(),
                live.ref(),
                diff.fromRevision(),
                diff.toRevision(),
                diff.appsAdded(),
                diff.appsChanged(),
                diff.appsRemoved(),
                diff.clustersAdded(),
                diff.clustersChanged(),
                diff.clustersRemoved(),
                diff.policiesChanged(),
                new Person(info.authorName(), info.authorEmail()),
                info.message(),
                clock.instant(),
                warnings));
      }
      return FleetImpact.appsToReannounce(c.previous(), c.fleet(), diff);
    }
    if (refresh instanceof LiveFleet.Refresh.Invalid i && announce) {
      LOG.errorf(
          "fleet %s revision %s refused, revision %s stays in force: %s",
          live.repo(), i.revision(), i.fleet().revision(), i.error().getMessage());
      CommitInfo info = fleet.git().commit(fleet.url(), i.revision());
      publisher.publish(
          new FleetRejected(
              live.repo(),
              live.ref(),
              i.revision(),
              i.fleet().revision(),
              i.error().problems().stream()
                  .map(p -> new FleetRejected.Problem(p.file(), p.field(), p.reason()))
                  .toList(),
              new Person(info.authorName(), info.authorEmail()),
              info.message(),
              clock.instant()));
    }
    return Set.of();
  }
}
