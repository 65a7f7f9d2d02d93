package io.flotilla.gitwatcher.domain;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import io.flotilla.fleet.Application;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A branch of an application moved from {@code previousSha} ({@code null} on first sighting) to
 * {@code sha}.
 */
public record Sighting(String app, String previousSha, String sha) {

  /** A sighting when the branch now points somewhere the application has not been told about. */
  public static Optional<Sighting> of(String app, String lastEmitted, String current) {
    return Objects.equals(lastEmitted, current)
        ? Optional.empty()
        : Optional.of(new Sighting(app, lastEmitted, current));
  }

  /** The event announcing this sighting, from what Git says about the commit. */
  public CommitDetected toEvent(
      Application application,
      String repoUrlForEvents,
      Person author,
      Person committer,
      String message,
      Instant commitTime) {
    return new CommitDetected(
        app,
        repoUrlForEvents,
        application.ref(),
        sha,
        previousSha,
        author,
        committer,
        message,
        commitTime);
  }
}
