package io.flotilla.events;

import java.time.Instant;
import java.util.List;

/**
 * The fleet repo moved to a revision that is not a valid fleet; it was refused and the previous
 * fleet stays in force. Published once per refused revision. Topic {@code flotilla.commits}, key
 * {@code *}.
 *
 * @param repoUrl the fleet repo (never carries credentials)
 * @param ref its branch
 * @param revision the refused revision
 * @param revisionInForce the fleet revision still in force
 * @param problems every problem found, each naming file, field and reason
 */
public record FleetRejected(
    String repoUrl,
    String ref,
    String revision,
    String revisionInForce,
    List<Problem> problems,
    Person author,
    String message,
    Instant rejectedAt)
    implements CommitEvent {
  public FleetRejected {
    Required.text(repoUrl, "repoUrl");
    Required.text(ref, "ref");
    Required.text(revision, "revision");
    Required.text(revisionInForce, "revisionInForce");
    Required.value(problems, "problems");
    problems = List.copyOf(problems);
    Required.value(author, "author");
    Required.value(rejectedAt, "rejectedAt");
    message = message == null ? "" : message;
  }

  /** One thing wrong with one fleet file ({@code field} empty when the whole file is wrong). */
  public record Problem(String file, String field, String reason) {}

  @Override
  public String app() {
    return null;
  }

  @Override
  public String subject() {
    return "fleet";
  }
}
