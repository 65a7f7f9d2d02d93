package io.flotilla.applier.app;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.DesiredObjects;
import io.flotilla.applier.domain.Trees;
import io.flotilla.events.DesiredState;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DesiredObjects#prepare} of a desired state, computed once per bundle and shared: by every
 * pair whose desired state holds the same resources list ({@link SharedBundles} gives the pairs of
 * an app rendered alike one list), and by the sync, the health watch and each drift check of a
 * pair. Preparing copies every object, labels it and hashes its canonical JSON, and it ran three
 * times per sync and once more per watch event: a tenth of the applier's CPU at 100 clusters.
 *
 * <p>Keyed by the identity of the resources list (held weakly: an entry goes when no desired state
 * refers to its list any more), the app and the destination namespace, the inputs of {@code
 * prepare}. The prepared objects are frozen, since several threads read them. Thread-safe.
 */
public final class PreparedBundles {
  private final Map<Key, List<DesiredObject>> prepared = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  /** The prepared objects of {@code desired}, in bundle order. */
  public List<DesiredObject> of(DesiredState desired) {
    expunge();
    List<DesiredObject> found =
        prepared.get(new Key(desired.resources(), desired.app(), desired.namespace(), null));
    if (found != null) {
      return found;
    }
    List<DesiredObject> fresh =
        DesiredObjects.prepare(desired.app(), desired.namespace(), desired.resources()).stream()
            .map(
                o ->
                    new DesiredObject(o.index(), o.ref(), Trees.frozenMap(o.object()), o.problem()))
            .toList();
    List<DesiredObject> raced =
        prepared.putIfAbsent(
            new Key(desired.resources(), desired.app(), desired.namespace(), collected), fresh);
    return raced == null ? fresh : raced;
  }

  /** Entries kept (for tests). */
  int size() {
    expunge();
    return prepared.size();
  }

  private void expunge() {
    for (Reference<?> gone = collected.poll(); gone != null; gone = collected.poll()) {
      prepared.remove(gone);
    }
  }

  /** A weak reference to a resources list, equal to another only for the same list. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;
    private final String app;
    private final String namespace;

    Key(Object resources, String app, String namespace, ReferenceQueue<Object> queue) {
      super(resources, queue);
      this.app = app;
      this.namespace = namespace;
      this.hash = System.identityHashCode(resources) * 31 + Objects.hash(app, namespace);
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Key k)) {
        return false;
      }
      Object resources = get();
      return resources != null
          && resources == k.get()
          && Objects.equals(app, k.app)
          && Objects.equals(namespace, k.namespace);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
