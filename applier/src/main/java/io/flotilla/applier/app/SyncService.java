package io.flotilla.applier.app;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Plan;
import io.flotilla.applier.domain.Step;
import io.flotilla.events.DesiredState;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.SyncCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Syncs one desired state to its cluster: prepare, read live, pair, diff, plan (pure), execute.
 * Blocking: run it off the event loop (see {@link ClusterLanes}).
 */
@ApplicationScoped
public class SyncService {
  private final Clusters clusters;
  private final AppStateStore state;
  private final Clock clock;

  @Inject
  public SyncService(Clusters clusters, AppStateStore state, Clock clock) {
    this.clusters = clusters;
    this.state = state;
    this.clock = clock;
  }

  /** Brings the cluster to {@code desired}; never throws for a cluster or object failure. */
  public SyncCompleted sync(DesiredState desired) {
    Instant started = now();
    state.syncStarted(desired, started);
    List<DesiredObject> objects =
        DesiredObjects.prepare(desired.app(), desired.namespace(), desired.resources());
    Clusters.Access access = clusters.access(desired.cluster());
    SyncExecutor.Execution execution =
        access instanceof Clusters.Ready ready
            ? run(objects, ready.client())
            : unavailable(((Clusters.Unavailable) access).reason(), objects);
    SyncCompleted done =
        new SyncCompleted(
            desired.app(),
            desired.cluster(),
            desired.revision(),
            desired.bundleHash(),
            execution.failed() ? SyncCompleted.Status.FAILED : SyncCompleted.Status.SYNCED,
            execution.results(),
            execution.writes(),
            started,
            now(),
            desired.author());
    state.syncFinished(done);
    return done;
  }

  /** Records a render failure: no cluster call, nothing emitted. */
  public void renderFailed(RenderFailed failed) {
    state.renderFailed(failed);
  }

  private static SyncExecutor.Execution run(List<DesiredObject> objects, ClusterClient client) {
    Map<ObjectRef, Live> live = SyncExecutor.read(client, objects);
    List<Step> plan = Plan.plan(Plan.pair(objects, live));
    return SyncExecutor.execute(plan, client);
  }

  private static SyncExecutor.Execution unavailable(String reason, List<DesiredObject> objects) {
    Map<ObjectRef, Live> live = new HashMap<>();
    objects.forEach(o -> live.put(o.ref(), new Live.Unreadable(reason)));
    List<Step> plan = Plan.plan(Plan.pair(objects, live));
    return SyncExecutor.execute(plan, NO_CALLS);
  }

  /** Every step of an unavailable cluster is rejected, so this is never called; it says so. */
  private static final ClusterClient NO_CALLS =
      new ClusterClient() {
        @Override
        public java.util.Optional<Map<String, Object>> get(ObjectRef ref) {
          throw new ClusterCallException("cluster not available");
        }

        @Override
        public Map<String, Object> apply(Map<String, Object> object) {
          throw new ClusterCallException("cluster not available");
        }
      };

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
