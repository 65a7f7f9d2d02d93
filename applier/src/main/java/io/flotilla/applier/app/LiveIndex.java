package io.flotilla.applier.app;

import io.flotilla.applier.domain.ObjectRef;
import io.flotilla.applier.domain.Trees;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which objects labelled as Flotilla's exist on each cluster, per kind, as the drift watches see
 * them ({@code kafka.DriftWatches}: one listing when a watch opens, then its events). A sync does
 * not read a desired object this index knows to be absent: it applies it, which creates it or, if
 * it existed after all, changes it, and the API server's answer says which. Everything else, and
 * every kind whose watch is not open and listed, is read as before.
 *
 * <p>"Absent" can be wrong in two ways, and both end in the same apply a read would have led to: an
 * object of that name exists but is not labelled as Flotilla's (the apply takes it over, and the
 * result says it existed), or a watch lags behind a write of another applier instance (one write
 * more). Writes of this instance are recorded here at once ({@link #written}).
 */
@ApplicationScoped
public class LiveIndex {
  private record KindKey(String cluster, String apiVersion, String kind) {}

  /** One watch's view of one kind on one cluster; starts incomplete until its listing arrives. */
  public static final class View {
    /** Present objects, each to what this instance's last apply of it answered ({@link #SEEN}). */
    private final Map<String, Written> present = new ConcurrentHashMap<>();

    private volatile boolean listed;

    /** The objects the listing found (kept: events may have come first). */
    public void listed(Collection<ObjectRef> refs) {
      refs.forEach(r -> present.putIfAbsent(id(r), SEEN));
      listed = true;
    }

    /** A watch event. */
    public void seen(ObjectRef ref, boolean deleted) {
      if (deleted) {
        present.remove(id(ref));
      } else {
        present.putIfAbsent(id(ref), SEEN);
      }
    }
  }

  /** The generation and resourceVersion an apply by this instance answered. */
  private record Written(long generation, String resourceVersion) {}

  /** An object seen listed or in an event, not (yet) applied by this instance. */
  private static final Written SEEN = new Written(0, null);

  private final Map<KindKey, View> views = new ConcurrentHashMap<>();

  /** An object on a cluster. */
  private record At(String cluster, ObjectRef ref) {}

  /** Applies of this instance sent and not yet over, by object: how many. */
  private final Map<At, Integer> applying = new ConcurrentHashMap<>();

  /**
   * What a sync on {@code cluster} applies: each answer is {@link #written}, and until it is over
   * the object is {@link #applying}.
   */
  public SyncExecutor.Writes writes(String cluster) {
    return new SyncExecutor.Writes() {
      @Override
      public void applying(ObjectRef ref) {
        applying.merge(new At(cluster, ref), 1, Integer::sum);
      }

      @Override
      public void answered(ObjectRef ref, Map<String, Object> after) {
        written(cluster, ref, after);
      }

      @Override
      public void settled(ObjectRef ref) {
        applying.computeIfPresent(new At(cluster, ref), (at, n) -> n == 1 ? null : n - 1);
      }
    };
  }

  /**
   * Whether this instance is applying {@code ref} on {@code cluster} right now: a watch event can
   * bring its own write back before the API server's answer is in.
   */
  public boolean applying(String cluster, ObjectRef ref) {
    return applying.containsKey(new At(cluster, ref));
  }

  /** A watch of {@code kind} opened on {@code cluster}: its new, still incomplete view. */
  public View opened(String cluster, String apiVersion, String kind) {
    View view = new View();
    views.put(new KindKey(cluster, apiVersion, kind), view);
    return view;
  }

  /** That watch closed: nothing of the kind is known absent until a watch is listed again. */
  public void closed(String cluster, String apiVersion, String kind, View view) {
    views.remove(new KindKey(cluster, apiVersion, kind), view);
  }

  /**
   * This instance applied {@code ref} on {@code cluster}, and the API server answered with the
   * object after ({@code metadata.generation}, {@code resourceVersion}): it exists, whatever the
   * watch says yet.
   */
  public void written(String cluster, ObjectRef ref, Map<String, Object> after) {
    View view = views.get(new KindKey(cluster, ref.apiVersion(), ref.kind()));
    if (view != null) {
      String version = after == null ? "" : Trees.text(after, "metadata", "resourceVersion");
      view.present.put(
          id(ref),
          new Written(
              after == null ? 0 : Trees.number(after, 0, "metadata", "generation"),
              version.isEmpty() ? null : version));
    }
  }

  /**
   * Whether a watch event showing {@code ref} at {@code resourceVersion} shows it exactly as this
   * instance's last apply left it (so it cannot differ from what was applied).
   */
  public boolean asApplied(String cluster, ObjectRef ref, String resourceVersion) {
    View view = views.get(new KindKey(cluster, ref.apiVersion(), ref.kind()));
    Written written = view == null ? null : view.present.get(id(ref));
    return written != null
        && written.resourceVersion() != null
        && written.resourceVersion().equals(resourceVersion);
  }

  /** Whether {@code ref} is known not to exist on {@code cluster} (as one of Flotilla's). */
  public boolean absent(String cluster, ObjectRef ref) {
    View view = view(cluster, ref);
    return view != null && !view.present.containsKey(id(ref));
  }

  /**
   * The generation of {@code ref} this instance's last apply produced (0 when unknown): a watch
   * event of an older generation was sent before that apply.
   */
  public long appliedGeneration(String cluster, ObjectRef ref) {
    View view = views.get(new KindKey(cluster, ref.apiVersion(), ref.kind()));
    Written written = view == null ? null : view.present.get(id(ref));
    return written == null ? 0 : written.generation();
  }

  /** The open and listed watch of {@code ref}'s kind on {@code cluster}, if there is one. */
  public View view(String cluster, ObjectRef ref) {
    View view = views.get(new KindKey(cluster, ref.apiVersion(), ref.kind()));
    return view != null && view.listed ? view : null;
  }

  private static String id(ObjectRef ref) {
    return ref.namespace() == null ? ref.name() : ref.namespace() + "/" + ref.name();
  }
}
