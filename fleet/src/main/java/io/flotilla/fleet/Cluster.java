package io.flotilla.fleet;

import java.util.Map;

/**
 * A cluster of the fleet.
 *
 * @param kubeconfigRef name of a file in {@code FLOTILLA_CREDENTIALS_DIR} holding its kubeconfig
 * @param context the kubeconfig context to use, or {@code null} for the file's current context
 */
public record Cluster(
    String name, Map<String, String> labels, String kubeconfigRef, String context) {
  public Cluster {
    labels = Map.copyOf(labels);
  }
}
