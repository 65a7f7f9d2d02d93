package io.flotilla.applier.app;

/** A call to a cluster failed. The message is safe to show: no tokens, keys or kubeconfig. */
public class ClusterCallException extends RuntimeException {
  public ClusterCallException(String message) {
    super(message);
  }
}
