package io.flotilla.applier.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pairs desired objects with live ones, decides each, and orders the steps:
 * CustomResourceDefinitions first (their kinds must exist before any object of them), then
 * Namespaces (namespaced objects need them), then other cluster-scoped objects (ClusterRoles, ...),
 * then namespaced objects. Within a group the bundle's order is kept.
 */
public final class Plan {
  private Plan() {}

  /**
   * {@code pair(desired, live)}: every valid desired object with its live state. An object missing
   * from {@code live} was not read and is paired as unreadable.
   */
  public static List<Pair> pair(List<DesiredObject> desired, Map<ObjectRef, Live> live) {
    List<Pair> out = new ArrayList<>(desired.size());
    for (DesiredObject object : desired) {
      Live state =
          object.valid()
              ? live.getOrDefault(object.ref(), new Live.Unreadable("not read from the cluster"))
              : Live.ABSENT;
      out.add(new Pair(object, state));
    }
    return out;
  }

  /** The ordered steps of a sync: {@link Diff#decide} for each pair, in apply order. */
  public static List<Step> plan(List<Pair> pairs) {
    List<Step> steps = new ArrayList<>(pairs.size());
    for (Pair pair : pairs) {
      steps.add(new Step(pair.desired(), Diff.decide(pair)));
    }
    steps.sort(Comparator.comparingInt(step -> rank(step.ref())));
    return steps;
  }

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
}
