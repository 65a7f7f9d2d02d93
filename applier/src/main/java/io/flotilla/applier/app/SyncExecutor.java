package io.flotilla.applier.app;

import io.flotilla.applier.domain.Action;
import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Step;
import io.flotilla.events.ResourceResult;
import io.flotilla.events.ResourceResult.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only code that calls a cluster: reads the live objects, then carries out a plan. Every object
 * gets a result; one that fails does not stop the others.
 */
public final class SyncExecutor {
  private static final int MAX_PATHS_SHOWN = 5;

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

  /** GETs every valid object; a failed read becomes {@link Live.Unreadable}. */
  public static Map<ObjectRef, Live> read(ClusterClient client, List<DesiredObject> objects) {
    Map<ObjectRef, Live> live = new LinkedHashMap<>();
    for (DesiredObject object : objects) {
      if (object.valid()) {
        live.put(object.ref(), read(client, object.ref()));
      }
    }
    return live;
  }

  private static Live read(ClusterClient client, ObjectRef ref) {
    try {
      Optional<Map<String, Object>> found = client.get(ref);
      return found.<Live>map(Live.Present::new).orElse(Live.ABSENT);
    } catch (ClusterCallException e) {
      return new Live.Unreadable("cannot read " + ref.display() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return new Live.Unreadable("cannot read " + ref.display() + ": " + unexpected(e));
    }
  }

  /** Applies the steps in order: creates and changed objects are written, others are not. */
  public static Execution execute(List<Step> plan, ClusterClient client) {
    List<ResourceResult> results = new ArrayList<>(plan.size());
    int writes = 0;
    for (Step step : plan) {
      Action action = step.action();
      if (action instanceof Action.Keep) {
        results.add(result(step.ref(), Outcome.UNCHANGED, ""));
      } else if (action instanceof Action.Reject reject) {
        results.add(result(step.ref(), Outcome.FAILED, reject.reason()));
      } else {
        writes++;
        results.add(write(client, step.object(), action));
      }
    }
    return new Execution(results, writes);
  }

  private static ResourceResult write(ClusterClient client, DesiredObject object, Action action) {
    try {
      client.apply(object.object());
      return action instanceof Action.Configure configure
          ? result(object.ref(), Outcome.CONFIGURED, changed(configure.changed()))
          : result(object.ref(), Outcome.CREATED, "");
    } catch (ClusterCallException e) {
      return result(object.ref(), Outcome.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      return result(object.ref(), Outcome.FAILED, unexpected(e));
    }
  }

  private static String changed(List<String> paths) {
    String shown = String.join(", ", paths.subList(0, Math.min(paths.size(), MAX_PATHS_SHOWN)));
    return "changed: "
        + shown
        + (paths.size() > MAX_PATHS_SHOWN
            ? " and " + (paths.size() - MAX_PATHS_SHOWN) + " more"
            : "");
  }

  /** An adapter bug, not a cluster answer: its message may carry anything, so it is left out. */
  private static String unexpected(RuntimeException e) {
    return "unexpected error in the applier (" + e.getClass().getSimpleName() + ")";
  }

  private static ResourceResult result(ObjectRef ref, Outcome outcome, String message) {
    return new ResourceResult(
        ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), outcome, message);
  }
}
