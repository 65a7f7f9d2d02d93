package io.flotilla.fleetsim;

import java.util.List;

/**
 * Kubeconfig files for simulated clusters: cluster, user and context all carry the cluster's name;
 * the server is plain HTTP on 127.0.0.1 and the user has no credentials (the simulator checks
 * none).
 */
final class Kubeconfigs {
  /** Name of the file holding one context per cluster. */
  static final String COMBINED = "fleet-sim.kubeconfig";

  private Kubeconfigs() {}

  /** The file name of {@code cluster}'s own kubeconfig. */
  static String fileName(String cluster) {
    return cluster + ".kubeconfig";
  }

  /** A kubeconfig with one context per cluster, the first one current. */
  static String render(List<SimCluster> clusters) {
    StringBuilder clusterList = new StringBuilder();
    StringBuilder users = new StringBuilder();
    StringBuilder contexts = new StringBuilder();
    for (SimCluster c : clusters) {
      String name = quote(c.name());
      clusterList
          .append("- name: ")
          .append(name)
          .append("\n  cluster:\n    server: ")
          .append(quote(c.url()))
          .append('\n');
      users.append("- name: ").append(name).append("\n  user: {}\n");
      contexts
          .append("- name: ")
          .append(name)
          .append("\n  context:\n    cluster: ")
          .append(name)
          .append("\n    user: ")
          .append(name)
          .append("\n    namespace: default\n");
    }
    return "apiVersion: v1\nkind: Config\n"
        + "# written by fleet-sim: simulated API servers, not real clusters\n"
        + "clusters:\n"
        + clusterList
        + "users:\n"
        + users
        + "contexts:\n"
        + contexts
        + "current-context: "
        + quote(clusters.get(0).name())
        + "\npreferences: {}\n";
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }
}
