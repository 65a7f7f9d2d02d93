package io.flotilla.gitwatcher.domain;

import io.flotilla.fleet.Application.RefType;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * Which commit an application's ref names, given the refs a remote advertises ({@code ls-remote}:
 * full ref name to commit SHA, annotated tags already peeled). Pure: the same refs give the same
 * answer.
 */
public final class RefResolver {
  private static final String HEADS = "refs/heads/";
  private static final String TAGS = "refs/tags/";

  private RefResolver() {}

  /**
   * @param refType how {@code ref} is read
   * @param ref a branch, a tag, a semver range over tags, or a full commit SHA
   * @param remoteRefs the remote's branches and tags; not consulted for {@link RefType#COMMIT}
   */
  public static Resolution resolve(RefType refType, String ref, Map<String, String> remoteRefs) {
    return switch (refType) {
      case BRANCH -> exact(remoteRefs, HEADS + ref, "branch '" + ref + "' does not exist", ref);
      case TAG -> exact(remoteRefs, TAGS + ref, "tag '" + ref + "' does not exist", ref);
      case SEMVER -> highestInRange(ref, remoteRefs);
      case COMMIT -> new Resolution.Resolved(ref, ref);
    };
  }

  /** Whether resolving {@code refType} needs the remote's refs at all. */
  public static boolean needsRemoteRefs(RefType refType) {
    return refType != RefType.COMMIT;
  }

  private static Resolution exact(
      Map<String, String> remoteRefs, String fullName, String missing, String ref) {
    String sha = remoteRefs.get(fullName);
    return sha == null ? new Resolution.Unresolved(missing) : new Resolution.Resolved(ref, sha);
  }

  private static Resolution highestInRange(String range, Map<String, String> remoteRefs) {
    RangeList ranges = RangeListFactory.create(range);
    if (ranges.get().isEmpty()) {
      return new Resolution.Unresolved("'" + range + "' is not a semver range");
    }
    Optional<Map.Entry<Semver, String>> best =
        remoteRefs.keySet().stream()
            .filter(name -> name.startsWith(TAGS))
            .map(name -> name.substring(TAGS.length()))
            .flatMap(tag -> version(tag).map(v -> Map.entry(v, tag)).stream())
            .filter(e -> ranges.isSatisfiedBy(e.getKey()))
            .max(
                Comparator.<Map.Entry<Semver, String>, Semver>comparing(Map.Entry::getKey)
                    // v1.4.2 and 1.4.2 both present: pick one deterministically
                    .thenComparing(Map.Entry::getValue));
    return best.<Resolution>map(
            e -> new Resolution.Resolved(e.getValue(), remoteRefs.get(TAGS + e.getValue())))
        .orElseGet(
            () -> new Resolution.Unresolved("no tag satisfies semver range '" + range + "'"));
  }

  /** The version a tag names ({@code 1.4.2} or {@code v1.4.2}); empty for any other tag. */
  static Optional<Semver> version(String tag) {
    String bare = tag.startsWith("v") ? tag.substring(1) : tag;
    return Optional.ofNullable(Semver.parse(bare));
  }
}
