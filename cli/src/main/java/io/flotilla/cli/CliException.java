package io.flotilla.cli;

/**
 * A failure the user can act on: printed as its message (never a stack trace), and the process
 * exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
