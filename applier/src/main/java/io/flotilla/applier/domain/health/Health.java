package io.flotilla.applier.domain.health;

import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import java.util.List;
import java.util.Map;

/**
 * The health of live objects, from what their controllers wrote in {@code status} (gitops-engine's
 * {@code GetResourceHealth}). Kinds without a health rule and without Ready/Available conditions
 * are healthy once they exist.
 */
public final class Health {
  private static final List<String> BAD_WAITING =
      List.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "CreateContainerConfigError",
          "InvalidImageName");

  private static final java.util.Set<String> EXISTENCE_ONLY =
      java.util.Set.of(
          "v1/ConfigMap",
          "v1/Secret",
          "v1/ServiceAccount",
          "rbac.authorization.k8s.io/v1/Role",
          "rbac.authorization.k8s.io/v1/RoleBinding",
          "rbac.authorization.k8s.io/v1/ClusterRole",
          "rbac.authorization.k8s.io/v1/ClusterRoleBinding");

  private Health() {}

  /**
   * Whether the health of {@code desired} (an object as applied) is only whether it exists: no
   * controller writes a status for it (ConfigMap, Secret, ServiceAccount, the RBAC kinds, and a
   * Service that is not of type LoadBalancer). Right after it was applied it is healthy; watching a
   * sync settle need not read it again. Custom resources are never taken for such: their
   * controllers may add Ready or Available conditions.
   */
  public static boolean existenceOnly(Map<String, Object> desired) {
    String apiVersion = String.valueOf(desired.get("apiVersion"));
    String kind = String.valueOf(desired.get("kind"));
    if (apiVersion.equals("v1") && kind.equals("Service")) {
      return !"LoadBalancer".equals(Trees.text(desired, "spec", "type"));
    }
    return EXISTENCE_ONLY.contains(apiVersion + "/" + kind);
  }

  /** The health of what the cluster holds for one desired object. */
  public static HealthResult of(ObjectRef ref, Live live) {
    if (live instanceof Live.Absent) {
      return new HealthResult(HealthStatus.MISSING, ref.display() + " does not exist");
    }
    if (live instanceof Live.Unreadable unreadable) {
      return new HealthResult(HealthStatus.UNKNOWN, unreadable.reason());
    }
    HealthResult result = assess(((Live.Present) live).object());
    return result.status() == HealthStatus.HEALTHY
        ? result
        : new HealthResult(result.status(), ref.display() + ": " + result.message());
  }

  /** The worst of {@code results}; its message names every object that is not healthy. */
  public static HealthResult aggregate(List<HealthResult> results) {
    HealthStatus worst = HealthStatus.HEALTHY;
    StringBuilder messages = new StringBuilder();
    for (HealthResult r : results) {
      if (r.status().isWorseThan(worst)) {
        worst = r.status();
      }
      if (r.status() != HealthStatus.HEALTHY) {
        messages.append(messages.length() == 0 ? "" : "; ").append(r.message());
      }
    }
    return new HealthResult(worst, messages.toString());
  }

  /** The health of one live object. */
  public static HealthResult assess(Map<String, Object> live) {
    String group = String.valueOf(live.get("apiVersion"));
    String kind = String.valueOf(live.get("kind"));
    boolean apps = group.equals("apps/v1");
    if (apps && kind.equals("Deployment")) {
      return deployment(live);
    }
    if (apps && kind.equals("StatefulSet")) {
      return statefulSet(live);
    }
    if (apps && kind.equals("DaemonSet")) {
      return daemonSet(live);
    }
    if (group.startsWith("batch/") && kind.equals("Job")) {
      return job(live);
    }
    if (group.equals("v1")) {
      switch (kind) {
        case "Pod":
          return pod(live);
        case "PersistentVolumeClaim":
          return pvc(live);
        case "Service":
          return service(live);
        default:
          break;
      }
    }
    return conditions(live);
  }

  private static HealthResult observed(Map<String, Object> live) {
    long generation = Trees.number(live, 0, "metadata", "generation");
    long observed = Trees.number(live, -1, "status", "observedGeneration");
    if (observed < generation) {
      return HealthResult.progressing(
          "waiting for the rollout to be observed (generation "
              + generation
              + ", observed "
              + Math.max(observed, 0)
              + ")");
    }
    return null;
  }

  private static HealthResult deployment(Map<String, Object> live) {
    Map<String, Object> progressing = condition(live, "Progressing");
    if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.get("reason"))) {
      return HealthResult.degraded("rollout exceeded its progress deadline" + detail(progressing));
    }
    HealthResult pending = observed(live);
    if (pending != null) {
      return pending;
    }
    long wanted = Trees.number(live, 1, "spec", "replicas");
    long updated = Trees.number(live, 0, "status", "updatedReplicas");
    long replicas = Trees.number(live, 0, "status", "replicas");
    long available = Trees.number(live, 0, "status", "availableReplicas");
    if (updated < wanted) {
      return HealthResult.progressing(updated + " of " + wanted + " replicas updated");
    }
    if (replicas > updated) {
      return HealthResult.progressing(
          (replicas - updated) + " old replicas are pending termination");
    }
    if (available < updated) {
      return HealthResult.progressing(available + " of " + updated + " updated replicas available");
    }
    return HealthResult.HEALTHY;
  }

  private static HealthResult statefulSet(Map<String, Object> live) {
    HealthResult pending = observed(live);
    if (pending != null) {
      return pending;
    }
    long wanted = Trees.number(live, 1, "spec", "replicas");
    long ready = Trees.number(live, 0, "status", "readyReplicas");
    if (ready < wanted) {
      return HealthResult.progressing(ready + " of " + wanted + " replicas ready");
    }
    String current = Trees.text(live, "status", "currentRevision");
    String update = Trees.text(live, "status", "updateRevision");
    if (!update.isEmpty() && !update.equals(current)) {
      return HealthResult.progressing("rolling out revision " + update);
    }
    return HealthResult.HEALTHY;
  }

  private static HealthResult daemonSet(Map<String, Object> live) {
    HealthResult pending = observed(live);
    if (pending != null) {
      return pending;
    }
    long wanted = Trees.number(live, 0, "status", "desiredNumberScheduled");
    long updated = Trees.number(live, 0, "status", "updatedNumberScheduled");
    long available = Trees.number(live, 0, "status", "numberAvailable");
    if (updated < wanted) {
      return HealthResult.progressing(updated + " of " + wanted + " pods updated");
    }
    if (available < wanted) {
      return HealthResult.progressing(available + " of " + wanted + " pods available");
    }
    return HealthResult.HEALTHY;
  }

  private static HealthResult job(Map<String, Object> live) {
    Map<String, Object> failed = condition(live, "Failed");
    if (failed != null && "True".equals(failed.get("status"))) {
      return HealthResult.degraded("job failed" + detail(failed));
    }
    Map<String, Object> complete = condition(live, "Complete");
    if (complete != null && "True".equals(complete.get("status"))) {
      return HealthResult.HEALTHY;
    }
    return HealthResult.progressing("job running");
  }

  private static HealthResult pod(Map<String, Object> live) {
    String phase = Trees.text(live, "status", "phase");
    for (Object s : Trees.listAt(live, "status", "containerStatuses")) {
      if (s instanceof Map<?, ?> status && status.get("state") instanceof Map<?, ?> state) {
        if (state.get("waiting") instanceof Map<?, ?> waiting
            && BAD_WAITING.contains(String.valueOf(waiting.get("reason")))) {
          return HealthResult.degraded(
              "container " + status.get("name") + " is waiting: " + waiting.get("reason"));
        }
      }
    }
    switch (phase) {
      case "Succeeded":
        return HealthResult.HEALTHY;
      case "Failed":
        String reason = Trees.text(live, "status", "message");
        return HealthResult.degraded("pod failed" + (reason.isEmpty() ? "" : ": " + reason));
      case "Running":
        Map<String, Object> ready = condition(live, "Ready");
        return ready != null && "True".equals(ready.get("status"))
            ? HealthResult.HEALTHY
            : HealthResult.progressing("pod running, not ready");
      default:
        return HealthResult.progressing("pod " + (phase.isEmpty() ? "pending" : phase));
    }
  }

  private static HealthResult pvc(Map<String, Object> live) {
    String phase = Trees.text(live, "status", "phase");
    return switch (phase) {
      case "Bound" -> HealthResult.HEALTHY;
      case "Lost" -> HealthResult.degraded("claim lost its volume");
      default -> HealthResult.progressing("claim " + (phase.isEmpty() ? "pending" : phase));
    };
  }

  private static HealthResult service(Map<String, Object> live) {
    if (!"LoadBalancer".equals(Trees.text(live, "spec", "type"))) {
      return HealthResult.HEALTHY;
    }
    return Trees.listAt(live, "status", "loadBalancer", "ingress").isEmpty()
        ? HealthResult.progressing("waiting for the load balancer's address")
        : HealthResult.HEALTHY;
  }

  /** Generic: a {@code Ready} or else {@code Available} condition decides; none: healthy. */
  private static HealthResult conditions(Map<String, Object> live) {
    Map<String, Object> c = condition(live, "Ready");
    if (c == null) {
      c = condition(live, "Available");
    }
    if (c == null) {
      return HealthResult.HEALTHY;
    }
    return switch (String.valueOf(c.get("status"))) {
      case "True" -> HealthResult.HEALTHY;
      case "False" -> HealthResult.degraded(c.get("type") + " is False" + detail(c));
      default -> HealthResult.progressing(c.get("type") + " is " + c.get("status") + detail(c));
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(Map<String, Object> live, String type) {
    for (Object c : Trees.listAt(live, "status", "conditions")) {
      if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
        return (Map<String, Object>) m;
      }
    }
    return null;
  }

  private static String detail(Map<String, Object> condition) {
    Object reason = condition.get("reason");
    Object message = condition.get("message");
    String out = reason == null ? "" : " (" + reason + ")";
    return message == null ? out : out + ": " + message;
  }
}
