package io.flotilla.cli;

/** What the exit status of {@code flotilla} means; scripts and CI jobs rely on these. */
public final class ExitCodes {
  /** Done: the command did what was asked (sync converged, diff found no change). */
  public static final int OK = 0;

  /**
   * The command ran but the answer is "no": a sync did not converge (a cluster failed), the audit
   * chain is broken, a diff found changes, a pause/resume was not acknowledged in time.
   */
  public static final int NEGATIVE = 1;

  /** Bad usage: an unknown option, a missing argument, a value the server refused (400, 404). */
  public static final int USAGE = 2;

  /** The server could not be reached or failed (5xx). */
  public static final int UNAVAILABLE = 3;

  /** No token, or a token the server refused (401, 403). */
  public static final int AUTH = 4;

  /** {@code --wait} gave up: the timeout passed before every cluster finished. */
  public static final int TIMEOUT = 5;

  private ExitCodes() {}
}
