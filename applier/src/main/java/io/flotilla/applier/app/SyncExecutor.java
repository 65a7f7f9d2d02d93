package io.flotilla.applier.app;

import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import io.flotilla.applier.domain.plan.Action;
import io.flotilla.applier.domain.plan.Step;
import io.flotilla.applier.domain.plan.WaveGate;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The only code that calls a cluster during a sync: reads the live objects (one list per kind and
 * namespace; cluster-scoped objects one by one), then carries out a plan. Every object gets a
 * result; one that fails does not stop the others.
 */
public final class SyncExecutor {
  private static final int MAX_PATHS_SHOWN = 5;

  /**
   * The result of an object planned as new that the API server already held: one not labelled as
   * Flotilla's, which {@link LiveIndex} does not see, or one created since it was read.
   */
  static final String EXISTED = "already existed; applied over it";

  private SyncExecutor() {}

  /** The results of a plan and the number of write calls sent. */
  public record Execution(List<ResourceResult> results, int writes) {
    public Execution {
      results = List.copyOf(results);
    }

    public boolean failed() {
      return results.stream().anyMatch(r -> r.outcome() == Outcome.FAILED);
    }
  }

  /**
   * What the cluster holds, one list per (kind, namespace) and one read per cluster-scoped object,
   * each done once and reused: a list's value is the listed objects by name, or the reason it
   * failed. Not thread-safe (one per sync).
   */
  public static final class LiveCache {
    private final Map<ObjectRef.KindInNamespace, Object> lists = new HashMap<>();
    private final Map<ObjectRef, Live> got = new HashMap<>();
    private int reads;

    /** The list calls sent so far. */
    public int reads() {
      return reads;
    }
  }

  /**
   * Lists every (kind, namespace) of the namespaced {@code refs} not listed yet, and reads each
   * cluster-scoped ref by name (a list of Namespaces would carry every app's); a ref not found is
   * absent; a failed call makes its refs {@link Live.Unreadable}.
   */
  @SuppressWarnings("unchecked")
  public static Map<ObjectRef, Live> read(
      ClusterClient client, Collection<ObjectRef> refs, LiveCache cache) {
    Map<ObjectRef, Live> live = new HashMap<>();
    for (ObjectRef ref : refs) {
      if (!ref.namespaced()) {
        live.put(ref, cache.got.computeIfAbsent(ref, r -> get(client, r, cache)));
        continue;
      }
      ObjectRef.KindInNamespace kind = ref.listedUnder();
      Object listed = cache.lists.computeIfAbsent(kind, k -> list(client, k, cache));
      if (listed instanceof String reason) {
        live.put(ref, new Live.Unreadable(reason));
      } else {
        Map<String, Object> found = ((Map<String, Map<String, Object>>) listed).get(ref.name());
        live.put(ref, found == null ? Live.ABSENT : new Live.Present(found));
      }
    }
    return live;
  }

  private static Live get(ClusterClient client, ObjectRef ref, LiveCache cache) {
    cache.reads++;
    try {
      return client.get(ref).<Live>map(Live.Present::new).orElse(Live.ABSENT);
    } catch (ClusterCallException e) {
      return new Live.Unreadable("cannot read " + ref.display() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new Live.Unreadable("cannot read " + ref.display() + ": " + unexpected(e));
    }
  }

  private static Object list(
      ClusterClient client, ObjectRef.KindInNamespace kind, LiveCache cache) {
    cache.reads++;
    try {
      Map<String, Map<String, Object>> byName = new HashMap<>();
      for (Map<String, Object> object : client.list(kind)) {
        byName.put(Trees.text(object, "metadata", "name"), object);
      }
      return byName;
    } catch (ClusterCallException e) {
      return "cannot list " + kind.kind() + where(kind) + ": " + e.getMessage();
    } catch (RuntimeException e) {
      return "cannot list " + kind.kind() + where(kind) + ": " + unexpected(e);
    }
  }

  private static String where(ObjectRef.KindInNamespace kind) {
    return kind.namespace() == null ? "" : " in namespace " + kind.namespace();
  }

  /**
   * Carries out the steps in order: creates, changes and prunes are written, others are not. Once
   * an object failed, later sync waves are not written and nothing is pruned ({@link WaveGate}).
   */
  public static Execution execute(List<Step> plan, ClusterClient client, boolean force) {
    return execute(plan, client, force, (ref, object) -> {});
  }

  /** Hears each apply of a sync: before it is sent, its answer, and when it is over. */
  public interface Writes {
    /** {@code ref} is about to be applied. */
    default void applying(ObjectRef ref) {}

    /** The API server answered the apply of {@code ref} with {@code after} (its head). */
    void answered(ObjectRef ref, Map<String, Object> after);

    /** The apply of {@code ref} is over, answered or failed. */
    default void settled(ObjectRef ref) {}
  }

  /**
   * As {@link #execute(List, ClusterClient, boolean)}; {@code applied} hears each apply ({@link
   * Writes}).
   */
  public static Execution execute(
      List<Step> plan, ClusterClient client, boolean force, Writes applied) {
    List<ResourceResult> results = new ArrayList<>(plan.size());
    int writes = 0;
    WaveGate waves = new WaveGate();
    for (Step step : plan) {
      Action action = step.action();
      boolean write =
          action instanceof Action.Create
              || action instanceof Action.Configure
              || action instanceof Action.Prune;
      String blocked = write ? waves.blocked(step) : null;
      if (blocked != null) {
        results.add(result(step.ref(), Outcome.FAILED, blocked));
      } else if (action instanceof Action.Keep) {
        results.add(result(step.ref(), Outcome.UNCHANGED, ""));
      } else if (action instanceof Action.Reject reject) {
        results.add(result(step.ref(), Outcome.FAILED, reject.reason()));
      } else if (action instanceof Action.Retain retain) {
        results.add(result(step.ref(), Outcome.RETAINED, retain.reason()));
      } else if (action instanceof Action.Prune) {
        writes++;
        results.add(prune(client, step.ref()));
      } else {
        writes++;
        results.add(write(client, step, action, force, applied));
      }
      if (blocked == null && results.get(results.size() - 1).outcome() == Outcome.FAILED) {
        waves.failed(step);
      }
    }
    return new Execution(results, writes);
  }

  private static ResourceResult prune(ClusterClient client, ObjectRef ref) {
    try {
      client.delete(ref);
      return result(ref, Outcome.PRUNED, "no longer declared");
    } catch (ClusterCallException e) {
      return result(ref, Outcome.FAILED, "prune failed: " + e.getMessage());
    } catch (RuntimeException e) {
      return result(ref, Outcome.FAILED, "prune failed: " + unexpected(e));
    }
  }

  private static ResourceResult write(
      ClusterClient client, Step step, Action action, boolean force, Writes writes) {
    writes.applying(step.ref());
    try {
      ClusterClient.Applied applied = client.apply(step.object().object(), force);
      writes.answered(step.ref(), applied.object());
      if (action instanceof Action.Configure configure) {
        return result(step.ref(), Outcome.CONFIGURED, changed(configure.changed()));
      }
      return applied.created()
          ? result(step.ref(), Outcome.CREATED, "")
          : result(step.ref(), Outcome.CONFIGURED, EXISTED);
    } catch (ClusterCallException e) {
      return result(step.ref(), Outcome.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      return result(step.ref(), Outcome.FAILED, unexpected(e));
    } finally {
      writes.settled(step.ref());
    }
  }

  static String changed(List<String> paths) {
    String shown = String.join(", ", paths.subList(0, Math.min(paths.size(), MAX_PATHS_SHOWN)));
    return "changed: "
        + shown
        + (paths.size() > MAX_PATHS_SHOWN
            ? " and " + (paths.size() - MAX_PATHS_SHOWN) + " more"
            : "");
  }

  /** An adapter bug, not a cluster answer: its message may carry anything, so it is left out. */
  static String unexpected(RuntimeException e) {
    return "unexpected error in the applier (" + e.getClass().getSimpleName() + ")";
  }

  static ResourceResult result(ObjectRef ref, Outcome outcome, String message) {
    return new ResourceResult(
        ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), outcome, message);
  }
}
