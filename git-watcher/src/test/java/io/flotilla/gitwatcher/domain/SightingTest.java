package io.flotilla.gitwatcher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.fleet.FleetFixtures;
import io.flotilla.fleet.FleetParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SightingTest {

  @Test
  void shouldSeeFirstSightingAndMovesButNotStandingStill() {
    assertThat(Sighting.of("a", null, "s1")).contains(new Sighting("a", null, "s1"));
    assertThat(Sighting.of("a", "s1", "s2")).contains(new Sighting("a", "s1", "s2"));
    assertThat(Sighting.of("a", "s2", "s2")).isEmpty();
  }

  @Test
  void appsSharingRepoAndBranchShouldShareOneTarget() {
    Map<String, String> files = FleetFixtures.fleetFiles();
    files.put("apps/second.yaml", FleetFixtures.app("second", "{}"));
    var fleet = FleetParser.parse("rev", files);

    var targets = WatchTarget.of(fleet);

    assertThat(targets).hasSize(1);
    assertThat(targets.get(new WatchTarget("file:///srv/git/apps.git", "main")))
        .extracting(a -> a.name())
        .containsExactly("guestbook", "second");
  }
}
