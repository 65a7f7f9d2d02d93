package io.flotilla.applier.app;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.Inventory;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.pair.Pairing;
import io.flotilla.applier.domain.pair.Pairs;
import io.flotilla.applier.domain.plan.Plan;
import io.flotilla.applier.domain.plan.PlanPolicy;
import io.flotilla.applier.domain.plan.Step;
import io.flotilla.events.DesiredState;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.SyncCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Syncs one desired state to its cluster: prepare, read the inventory and the live objects, pair,
 * diff, plan (pure), execute, then record the new inventory when what the app owns changed.
 * Blocking: run it off the event loop (see {@link ClusterLanes}).
 */
@ApplicationScoped
public class SyncService {
  private final Clusters clusters;
  private final AppStateStore state;
  private final Clock clock;
  private final SyncPolicies policies;
  private final PreparedBundles prepared;
  private final LiveIndex index;

  @Inject
  public SyncService(
      Clusters clusters,
      AppStateStore state,
      Clock clock,
      SyncPolicies policies,
      PreparedBundles prepared,
      LiveIndex index) {
    this.clusters = clusters;
    this.state = state;
    this.clock = clock;
    this.policies = policies;
    this.prepared = prepared;
    this.index = index;
  }

  /** Brings the cluster to {@code desired}; never throws for a cluster or object failure. */
  public SyncCompleted sync(DesiredState desired, SyncRequest request) {
    Instant started = now();
    state.syncStarted(desired, started);
    List<DesiredObject> objects = prepared.of(desired);
    Clusters.Access access = clusters.access(desired.cluster());
    PlanPolicy policy = policies.of(desired.app());
    PlanPolicy effective = new PlanPolicy(policy.prune() || request.prune(), policy.allowEmpty());
    SyncExecutor.Execution execution =
        access instanceof Clusters.Ready ready
            ? run(desired, objects, ready.client(), effective, request.force(), index)
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
    state.syncFinished(done, desired);
    return done;
  }

  /** Records a desired state that is held back: no cluster call, nothing emitted. */
  public void held(DesiredState desired) {
    state.held(desired);
  }

  /** Records a render failure: no cluster call, nothing emitted. */
  public void renderFailed(RenderFailed failed) {
    state.renderFailed(failed);
  }

  private static SyncExecutor.Execution run(
      DesiredState desired,
      List<DesiredObject> objects,
      ClusterClient client,
      PlanPolicy policy,
      boolean force,
      LiveIndex index) {
    ObjectRef inventoryRef = Inventory.ref(desired.app(), desired.namespace());
    Set<ObjectRef> wanted = new LinkedHashSet<>();
    objects.stream().filter(DesiredObject::valid).forEach(o -> wanted.add(o.ref()));
    // Objects the drift watches know to be absent are not read, the inventory included: it is
    // labelled as Flotilla's, so the index can only miss it when someone took that label off.
    Map<ObjectRef, Live> live = new HashMap<>();
    Set<ObjectRef> first = new LinkedHashSet<>();
    Set<ObjectRef> all = new LinkedHashSet<>(wanted);
    all.add(inventoryRef);
    for (ObjectRef ref : all) {
      if (index.absent(desired.cluster(), ref)) {
        live.put(ref, Live.ABSENT);
      } else {
        first.add(ref);
      }
    }
    SyncExecutor.LiveCache cache = new SyncExecutor.LiveCache();
    live.putAll(SyncExecutor.read(client, first, cache));
    Live inventoryLive = live.get(inventoryRef);
    if (inventoryLive instanceof Live.Unreadable unreadable) {
      // Without the inventory, pruning cannot be safe and the cluster is most likely down.
      return unavailable(unreadable.reason(), objects);
    }
    Set<ObjectRef> inventory = Inventory.parse(inventoryLive);
    live.putAll(SyncExecutor.read(client, inventory, cache));
    Pairs pairs = Pairing.pair(objects, live, inventory);
    List<Step> plan = Plan.plan(pairs, policy);
    SyncExecutor.Writes writes = index.writes(desired.cluster());
    SyncExecutor.Execution execution = SyncExecutor.execute(plan, client, force, writes);
    Set<ObjectRef> owned = new LinkedHashSet<>(wanted);
    for (int i = 0; i < plan.size(); i++) {
      Step step = plan.get(i);
      ResourceResult result = execution.results().get(i);
      if (step.object() == null && result.outcome() != ResourceResult.Outcome.PRUNED) {
        owned.add(step.ref()); // retained or failed prunes stay owned
      }
    }
    if (owned.equals(inventory) || (owned.isEmpty() && inventoryLive instanceof Live.Absent)) {
      return execution;
    }
    List<ResourceResult> results = new ArrayList<>(execution.results());
    writes.applying(inventoryRef);
    try {
      ClusterClient.Applied applied =
          client.apply(Inventory.object(desired.app(), desired.namespace(), owned), true);
      writes.answered(inventoryRef, applied.object());
    } catch (RuntimeException e) {
      String why =
          e instanceof ClusterCallException c ? c.getMessage() : SyncExecutor.unexpected(e);
      results.add(
          SyncExecutor.result(
              inventoryRef,
              ResourceResult.Outcome.FAILED,
              "inventory not recorded, later prunes may miss objects: " + why));
    } finally {
      writes.settled(inventoryRef);
    }
    return new SyncExecutor.Execution(results, execution.writes() + 1);
  }

  private static SyncExecutor.Execution unavailable(String reason, List<DesiredObject> objects) {
    Map<ObjectRef, Live> live = new HashMap<>();
    objects.forEach(o -> live.put(o.ref(), new Live.Unreadable(reason)));
    List<Step> plan = Plan.plan(Pairing.pair(objects, live, Set.of()), PlanPolicy.NO_PRUNE);
    return SyncExecutor.execute(plan, NO_CALLS, false);
  }

  /** Every step of an unavailable cluster is rejected, so this is never called; it says so. */
  private static final ClusterClient NO_CALLS =
      new ClusterClient() {
        @Override
        public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
          throw new ClusterCallException("cluster not available");
        }

        @Override
        public Optional<Map<String, Object>> get(ObjectRef ref) {
          throw new ClusterCallException("cluster not available");
        }

        @Override
        public Applied apply(Map<String, Object> object, boolean force) {
          throw new ClusterCallException("cluster not available");
        }

        @Override
        public void delete(ObjectRef ref) {
          throw new ClusterCallException("cluster not available");
        }
      };

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
