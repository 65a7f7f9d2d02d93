package io.flotilla.cli.preview;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.CredentialsDir;
import java.util.Map;
import java.util.Optional;

/**
 * One cluster, read-only, through fabric8 with the kubeconfig the fleet names ({@code
 * spec.kubeconfig.secretRef} in {@code FLOTILLA_CREDENTIALS_DIR}). Only GETs: nothing is written.
 */
final class KubeLive implements Previewer.LiveState, AutoCloseable {
  private final KubernetesClient client;
  private final String cluster;

  KubeLive(Cluster cluster, CredentialsDir credentials) {
    this.cluster = cluster.name();
    String content;
    try {
      content = credentials.read(cluster.kubeconfigRef());
    } catch (RuntimeException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    Config config;
    try {
      config =
          Config.fromKubeconfig(
              cluster.context(),
              content,
              credentials.root().resolve(cluster.kubeconfigRef()).toString());
    } catch (RuntimeException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "kubeconfig '"
              + cluster.kubeconfigRef()
              + "' of cluster "
              + cluster.name()
              + " cannot be used: "
              + e.getClass().getSimpleName());
    }
    config.setRequestTimeout(15_000);
    config.setConnectionTimeout(5_000);
    config.setRequestRetryBackoffLimit(0);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public Optional<Map<String, Object>> get(
      String apiVersion, String kind, String namespace, String name) {
    try {
      var resources = client.genericKubernetesResources(apiVersion, kind);
      GenericKubernetesResource r =
          namespace == null
              ? resources.withName(name).get()
              : resources.inNamespace(namespace).withName(name).get();
      if (r == null) {
        return Optional.empty();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = client.getKubernetesSerialization().convertValue(r, Map.class);
      return Optional.of(map);
    } catch (KubernetesClientException e) {
      String message = String.valueOf(e.getMessage());
      if (e.getCode() == 404
          || e.getCode() <= 0
              && (message.contains("Could not find the metadata")
                  || message.contains("Could not find a registered handler"))) {
        // absent, or a kind the server does not serve yet (a CRD not applied): no such object
        return Optional.empty();
      }
      throw new IllegalStateException(
          "cluster "
              + cluster
              + ": reading "
              + kind
              + " "
              + (namespace == null ? "" : namespace + "/")
              + name
              + " failed"
              + (e.getCode() > 0 ? " (" + e.getCode() + ")" : "")
              + ": "
              + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  @Override
  public void close() {
    client.close();
  }
}
