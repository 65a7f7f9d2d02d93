package io.flotilla.applier.domain.pair;

import io.flotilla.applier.domain.DesiredObject;
import io.flotilla.applier.domain.Live;
import io.flotilla.applier.domain.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code pair(desired, live, inventory)}: each valid desired object with its live state (a missing
 * live object means create), and each object the inventory lists that is no longer desired and
 * still exists (a prune candidate). Objects neither desired nor in the inventory are never touched,
 * whoever made them.
 */
public final class Pairing {
  private Pairing() {}

  /**
   * @param live what the cluster holds for the desired and inventory refs; a ref missing here was
   *     not read and is paired as unreadable
   * @param inventory what the app owned on the cluster after its previous sync
   */
  public static Pairs pair(
      List<DesiredObject> desired, Map<ObjectRef, Live> live, Collection<ObjectRef> inventory) {
    List<Pair> pairs = new ArrayList<>(desired.size());
    Set<ObjectRef> wanted = new HashSet<>();
    for (DesiredObject object : desired) {
      Live state =
          object.valid()
              ? live.getOrDefault(object.ref(), new Live.Unreadable("not read from the cluster"))
              : Live.ABSENT;
      if (object.valid()) {
        wanted.add(object.ref());
      }
      pairs.add(new Pair(object, state));
    }
    List<Orphan> orphans = new ArrayList<>();
    for (ObjectRef ref : inventory) {
      if (wanted.contains(ref)) {
        continue;
      }
      Live state = live.getOrDefault(ref, new Live.Unreadable("not read from the cluster"));
      if (!(state instanceof Live.Absent)) {
        orphans.add(new Orphan(ref, state));
      }
    }
    return new Pairs(pairs, orphans);
  }
}
