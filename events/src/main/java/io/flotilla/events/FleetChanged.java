package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The fleet repo moved to a new valid revision and the fleet in force changed: applications or
 * clusters were added, changed or removed, or policies changed. Topic {@code flotilla.commits}, key
 * {@code *}. An invalid fleet revision is never announced by this event (it is refused and the
 * previous fleet stays in force).
 *
 * @param repoUrl the fleet repo (never carries credentials)
 * @param ref its branch
 * @param previousRevision the fleet revision in force before, or {@code null} on first sighting
 * @param revision the fleet revision now in force
 * @param author the author of the fleet commit
 * @param message its message
 * @param warnings what is valid but probably not meant, e.g. an application whose selector matches
 *     no cluster (absent when there is none)
 */
public record FleetChanged(
    String repoUrl,
    String ref,
    String previousRevision,
    String revision,
    List<String> appsAdded,
    List<String> appsChanged,
    List<String> appsRemoved,
    List<String> clustersAdded,
    List<String> clustersChanged,
    List<String> clustersRemoved,
    boolean policiesChanged,
    Person author,
    String message,
    Instant changedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings)
    implements CommitEvent {
  public FleetChanged {
    Required.text(repoUrl, "repoUrl");
    Required.text(ref, "ref");
    Required.text(revision, "revision");
    Required.value(author, "author");
    Required.value(changedAt, "changedAt");
    appsAdded = List.copyOf(appsAdded == null ? List.of() : appsAdded);
    appsChanged = List.copyOf(appsChanged == null ? List.of() : appsChanged);
    appsRemoved = List.copyOf(appsRemoved == null ? List.of() : appsRemoved);
    clustersAdded = List.copyOf(clustersAdded == null ? List.of() : clustersAdded);
    clustersChanged = List.copyOf(clustersChanged == null ? List.of() : clustersChanged);
    clustersRemoved = List.copyOf(clustersRemoved == null ? List.of() : clustersRemoved);
    message = message == null ? "" : message;
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }

  /** A fleet change without warnings. */
  public FleetChanged(
      String repoUrl,
      String ref,
      String previousRevision,
      String revision,
      List<String> appsAdded,
      List<String> appsChanged,
      List<String> appsRemoved,
      List<String> clustersAdded,
      List<String> clustersChanged,
      List<String> clustersRemoved,
      boolean policiesChanged,
      Person author,
      String message,
      Instant changedAt) {
    this(
        repoUrl,
        ref,
        previousRevision,
        revision,
        appsAdded,
        appsChanged,
        appsRemoved,
        clustersAdded,
        clustersChanged,
        clustersRemoved,
        policiesChanged,
        author,
        message,
        changedAt,
        List.of());
  }

  /** The whole fleet: no single application. */
  @Override
  public String app() {
    return null;
  }

  @Override
  public String subject() {
    return "fleet";
  }
}
