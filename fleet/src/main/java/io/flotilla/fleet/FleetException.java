package io.flotilla.fleet;

import java.util.List;
import java.util.stream.Collectors;

/** The fleet repo is invalid. Each problem names the file, the field and what is wrong. */
public class FleetException extends RuntimeException {
  private final List<Problem> problems;

  public FleetException(List<Problem> problems) {
    super(
        "invalid fleet repo: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public FleetException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(new Problem("", "", message));
  }

  public List<Problem> problems() {
    return problems;
  }

  /** One thing wrong with one file. */
  public record Problem(String file, String field, String reason) {
    @Override
    public String toString() {
      return file + (field.isEmpty() ? "" : ": " + field) + ": " + reason;
    }
  }
}
