package io.flotilla.fleet.git;

/**
 * A Git operation failed. The message names the repository (credentials removed) and the cause.
 *
 * <p>The underlying exception is deliberately not chained: JGit's messages and those of its causes
 * quote the remote URL, user name and all, and a chained cause is printed by every logger. Its type
 * and redacted message are kept in this exception's message instead.
 */
public class GitException extends RuntimeException {
  public GitException(String message, Throwable cause) {
    super(message + " [" + cause.getClass().getSimpleName() + ": " + deepestMessage(cause) + "]");
  }

  public GitException(String message) {
    super(message);
  }

  private static String deepestMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return Urls.redact(String.valueOf(t.getMessage()));
  }
}
