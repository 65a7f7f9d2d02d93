package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleet.Application.RefType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefResolverTest {
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);
  private static final String D = "d".repeat(40);
  private static final String E = "e".repeat(40);
  private static final String F = "f".repeat(40);

  /** What {@code ls-remote} says: two branches and a mix of tags, annotated ones peeled. */
  private static final Map<String, String> REMOTE =
      Map.of(
          "refs/heads/main", A,
          "refs/heads/release/1.x", B,
          "refs/tags/v1.3.9", C,
          "refs/tags/v1.4.2", D,
          "refs/tags/1.4.10", E,
          "refs/tags/v1.5.0-rc.1", F,
          "refs/tags/2.0.0", B,
          "refs/tags/latest", A,
          "refs/tags/v2.1", C);

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // branch: refs/heads/<ref>
        "BRANCH | main           | main        | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | -",
        "BRANCH | release/1.x    | release/1.x | bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb | -",
        "BRANCH | gone           | -           | -       | branch 'gone' does not exist",
        "BRANCH | v1.4.2         | -           | -       | branch 'v1.4.2' does not exist",
        // tag: refs/tags/<ref>, never a branch of that name
        "TAG    | v1.4.2         | v1.4.2      | dddddddddddddddddddddddddddddddddddddddd | -",
        "TAG    | main           | -           | -       | tag 'main' does not exist",
        // semver: the highest tag in range, v-prefixed or not; non-semver tags ignored
        "SEMVER | ~1.4           | 1.4.10      | eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee | -",
        "SEMVER | >=1.0.0 <1.4.5 | v1.4.2      | dddddddddddddddddddddddddddddddddddddddd | -",
        "SEMVER | ^1.0.0         | 1.4.10      | eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee | -",
        "SEMVER | >=2.0.0 <3.0.0 | 2.0.0       | bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb | -",
        "SEMVER | ~3             | -           | -       | no tag satisfies semver range '~3'",
        "SEMVER | ~1.5           | -           | -       | no tag satisfies semver range '~1.5'",
        // commit: the pinned SHA, whatever the remote says
        "COMMIT | ffffffffffffffffffffffffffffffffffffffff | ffffffffffffffffffffffffffffffffffffffff"
            + " | ffffffffffffffffffffffffffffffffffffffff | -",
      })
  void shouldResolveEachRefType(
      RefType type, String ref, String expectedRef, String expectedSha, String reason) {
    Resolution resolution = RefResolver.resolve(type, ref, REMOTE);

    if (reason == null) {
      assertThat(resolution).isEqualTo(new Resolution.Resolved(expectedRef, expectedSha));
    } else {
      assertThat(resolution).isEqualTo(new Resolution.Unresolved(reason));
    }
  }

  @ParameterizedTest
  @CsvSource({"v1.4.2, true", "1.4.2, true", "1.4.2-rc.1, true", "latest, false", "v2.1, false"})
  void shouldReadVersionsFromTagsWithOrWithoutV(String tag, boolean isVersion) {
    assertThat(RefResolver.version(tag).isPresent()).isEqualTo(isVersion);
  }
}
