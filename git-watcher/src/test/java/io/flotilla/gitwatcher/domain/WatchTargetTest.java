package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleet.FleetFixtures;
import io.flotilla.fleet.FleetParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchTargetTest {

  @Test
  void appsSharingARepoShouldShareOneTargetWhateverTheirRefs() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put(
        "apps/second.yaml",
        FleetFixtures.app("second", "{}").replace("ref: main", "ref: '~1.4'\n    refType: semver"));
    files.put(
        "apps/pinned.yaml",
        FleetFixtures.app("pinned", "{}")
            .replace("file:///srv/git/apps.git", "file:///srv/git/other.git")
            .replace(
                "ref: main", "ref: 9fceb02d0ae598e95dc970b74767f19372d61af8\n    refType: commit"));
    var fleet = FleetParser.parse("rev", files);

    var targets = WatchTarget.of(fleet);

    assertThat(targets)
        .extracting(WatchTarget::repoUrl)
        .containsExactly("file:///srv/git/apps.git", "file:///srv/git/other.git");
    assertThat(targets.get(0).apps())
        .extracting(a -> a.name())
        .containsExactly("guestbook", "second");
    assertThat(targets.get(0).needsRemoteRefs()).isTrue();
    assertThat(targets.get(1).needsRemoteRefs()).isFalse();
  }

  @Test
  void shouldAnnounceUnderTheResolvedRef() {
    var event =
        new Sighting("app", "v1.4.2", null, "9fceb02d0ae598e95dc970b74767f19372d61af8")
            .toEvent(
                "file:///r.git",
                new io.flotilla.events.Person("A", "a@x"),
                new io.flotilla.events.Person("A", "a@x"),
                "m",
                java.time.Instant.EPOCH,
                false,
                null);

    assertThat(event.ref()).isEqualTo("v1.4.2");
    assertThat(event.previousSha()).isNull();
    assertThat(event.forced()).isFalse();
  }
}
