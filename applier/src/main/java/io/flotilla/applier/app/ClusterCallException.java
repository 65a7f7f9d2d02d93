package io.flotilla.applier.app;

import java.time.Duration;

/**
 * A call to a cluster failed. The message is safe to show: no tokens, keys or kubeconfig.
 *
 * @see #retryable()
 */
public class ClusterCallException extends RuntimeException {
  private final int status;
  private final Duration retryAfter;
  private final boolean transientFailure;

  /** A failure that retrying will not fix (validation, conflict, bad request). */
  public ClusterCallException(String message) {
    this(message, 0, null, false);
  }

  /**
   * @param status the HTTP status, 0 when there was no answer
   * @param retryAfter what the server asked to wait ({@code Retry-After}), or {@code null}
   * @param transientFailure whether retrying may succeed (429, 5xx, connection failure, timeout)
   */
  public ClusterCallException(
      String message, int status, Duration retryAfter, boolean transientFailure) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
    this.transientFailure = transientFailure;
  }

  public int status() {
    return status;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  public boolean retryable() {
    return transientFailure;
  }
}
