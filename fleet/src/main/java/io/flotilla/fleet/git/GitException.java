package io.flotilla.fleet.git;

/** A Git operation failed. The message names the repository (credentials removed) and the cause. */
public class GitException extends RuntimeException {
  public GitException(String message, Throwable cause) {
    super(message, cause);
  }

  public GitException(String message) {
    super(message);
  }
}
