package io.flotilla.applier.domain.plan;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Scopes;
import io.flotilla.applier.domain.Trees;
import io.flotilla.applier.domain.diff.Diff;
import io.flotilla.applier.domain.pair.Orphan;
import io.flotilla.applier.domain.pair.Pair;
import io.flotilla.applier.domain.pair.Pairs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides each pair and orders the steps of a sync.
 *
 * <p>Order of applies: CustomResourceDefinitions (their kinds must exist before any object of
 * them), Namespaces, other cluster-scoped objects, namespaced objects; within each group by {@code
 * flotilla.io/sync-wave} (lower first, default 0), then by kind (dependencies first:
 * ServiceAccounts, Secrets and ConfigMaps before the workloads that mount them, Services before
 * Deployments, ...), then namespace and name. Prunes come last, in the reverse of that order.
 *
 * <p>Prune safety: only inventory orphans are prune candidates; with {@code prune} off they are
 * retained and reported; an object annotated {@code flotilla.io/prune: "false"} is retained; when
 * the render is empty and {@code allowEmpty} is off nothing is pruned at all (an empty render is
 * far more often a broken render than a wish to delete everything).
 */
public final class Plan {
  private static final List<String> KIND_ORDER =
      List.of(
          "Namespace",
          "NetworkPolicy",
          "ResourceQuota",
          "LimitRange",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "Role",
          "RoleBinding",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicaSet",
          "Deployment",
          "HorizontalPodAutoscaler",
          "StatefulSet",
          "Job",
          "CronJob",
          "IngressClass",
          "Ingress",
          "APIService");

  private Plan() {}

  /** Every step in order, unchanged objects included (they are reported, not written). */
  public static List<Step> plan(Pairs pairs, PlanPolicy policy) {
    List<Step> applies = new ArrayList<>();
    for (Pair pair : pairs.pairs()) {
      applies.add(new Step(pair.desired().ref(), pair.desired(), decide(pair)));
    }
    applies.sort(ORDER);
    boolean emptyRender = pairs.pairs().stream().noneMatch(p -> p.desired().valid());
    List<Step> prunes = new ArrayList<>();
    for (Orphan orphan : pairs.orphans()) {
      prunes.add(new Step(orphan.ref(), null, decide(orphan, policy, emptyRender)));
    }
    prunes.sort(ORDER.reversed());
    applies.addAll(prunes);
    return applies;
  }

  /** The steps that write or fail: what the plan changes. */
  public static List<Step> changes(List<Step> steps) {
    return steps.stream().filter(s -> !(s.action() instanceof Action.Keep)).toList();
  }

  /** What to do with a paired desired object. */
  public static Action decide(Pair pair) {
    DesiredObject desired = pair.desired();
    if (!desired.valid()) {
      return new Action.Reject(desired.problem());
    }
    Live live = pair.live();
    if (live instanceof Live.Present present) {
      List<String> changed = Diff.differences(desired.object(), present.object());
      return changed.isEmpty() ? Action.KEEP : new Action.Configure(changed);
    }
    if (live instanceof Live.Unreadable unreadable) {
      return new Action.Reject(unreadable.reason());
    }
    return Action.CREATE;
  }

  private static Action decide(Orphan orphan, PlanPolicy policy, boolean emptyRender) {
    if (orphan.live() instanceof Live.Unreadable unreadable) {
      return new Action.Retain("not pruned: " + unreadable.reason());
    }
    Map<String, Object> live = ((Live.Present) orphan.live()).object();
    if ("false"
        .equals(String.valueOf(Trees.at(live, "metadata", "annotations", DesiredObjects.PRUNE)))) {
      return new Action.Retain(
          "not pruned: annotated " + DesiredObjects.PRUNE + ": \"false\"; delete it by hand");
    }
    if (!policy.prune()) {
      return new Action.Retain("no longer declared; not pruned: syncPolicy.prune is false");
    }
    if (emptyRender && !policy.allowEmpty()) {
      return new Action.Retain(
          "not pruned: the render is empty and syncPolicy.allowEmpty is false");
    }
    return Action.PRUNE;
  }

  private static final Comparator<Step> ORDER =
      Comparator.<Step>comparingInt(s -> rank(s.ref()))
          .thenComparingInt(s -> s.object() == null || !s.object().valid() ? 0 : s.object().wave())
          .thenComparingInt(s -> kindRank(s.ref().kind()))
          .thenComparing(s -> s.ref().kind())
          .thenComparing(s -> s.ref().namespace() == null ? "" : s.ref().namespace())
          .thenComparing(s -> s.ref().name());

  /** 0 CRDs, 1 Namespaces, 2 other cluster-scoped, 3 namespaced. */
  static int rank(ObjectRef ref) {
    if (ref.kind().equals("CustomResourceDefinition") && ref.group().equals(Scopes.CRD_GROUP)) {
      return 0;
    }
    if (ref.kind().equals("Namespace") && ref.group().isEmpty()) {
      return 1;
    }
    return ref.namespaced() ? 3 : 2;
  }

  private static int kindRank(String kind) {
    int i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.size() : i;
  }
}
