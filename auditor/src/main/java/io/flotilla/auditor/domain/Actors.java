package io.flotilla.auditor.domain;

import io.flotilla.events.Person;

/**
 * Who caused an event, as the audit log records it:
 *
 * <ul>
 *   <li>the commit author ({@code Name <email>}) for events driven by a Git commit;
 *   <li>the requesting identity for operator commands (their events carry it as a {@link Person}
 *       whose name is the identity);
 *   <li>{@code flotilla/<service>} for what a service did on its own, from the CloudEvent {@code
 *       source} {@code /flotilla/<service>/<instance>}; any other source is recorded as it is.
 * </ul>
 */
public final class Actors {
  private Actors() {}

  public static String of(Person author, String source) {
    if (author != null && !author.name().isBlank()) {
      return author.display();
    }
    return service(source);
  }

  /** {@code flotilla/<service>} for a source {@code /flotilla/<service>[/<instance>]}. */
  static String service(String source) {
    String[] parts = source.split("/", -1);
    if (parts.length >= 3
        && parts[0].isEmpty()
        && "flotilla".equals(parts[1])
        && !parts[2].isBlank()) {
      return "flotilla/" + parts[2];
    }
    return source;
  }
}
