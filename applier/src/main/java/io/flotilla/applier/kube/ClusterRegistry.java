package io.flotilla.applier.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.app.Clusters;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fabric8 client per fleet cluster, built at start-up from its kubeconfig file ({@code
 * spec.kubeconfig.secretRef} in {@code FLOTILLA_CREDENTIALS_DIR}, optional context). A cluster
 * whose kubeconfig cannot be read or used is kept as unavailable with the reason: its syncs fail
 * and its readiness check is DOWN, the other clusters are unaffected.
 */
@Startup
@Singleton
public class ClusterRegistry implements Clusters {
  private final Fleet fleet;
  private final Map<String, Connection> connections = new TreeMap<>();

  /**
   * One fleet cluster and its client.
   *
   * @param server the API server URL without user info, {@code ""} when unknown
   * @param client {@code null} when {@code problem} is set
   */
  public record Connection(
      String name, String server, KubernetesClient client, ClusterClient port, String problem) {}

  @Inject
  public ClusterRegistry(Fleet fleet, ApplierConfig config, Vertx vertx) {
    this.fleet = fleet;
    CredentialsDir credentials = new CredentialsDir(Path.of(config.credentialsDir()));
    VertxHttpClientFactory http = new VertxHttpClientFactory(vertx);
    for (Cluster cluster : fleet.clusters().values()) {
      Connection connection = connect(cluster, credentials, http);
      connections.put(cluster.name(), connection);
      if (connection.problem() == null) {
        Log.infof("cluster %s: API server %s", cluster.name(), connection.server());
      } else {
        Log.errorf("cluster %s is unavailable: %s", cluster.name(), connection.problem());
      }
    }
  }

  @Override
  public Access access(String cluster) {
    Connection connection = connections.get(cluster);
    if (connection == null) {
      return new Unavailable(
          "cluster '"
              + cluster
              + "' is not in the fleet (read at start-up, revision "
              + fleet.revision()
              + ")");
    }
    if (connection.problem() != null) {
      return new Unavailable("cluster '" + cluster + "' is unavailable: " + connection.problem());
    }
    return new Ready(connection.port());
  }

  public Collection<Connection> connections() {
    return connections.values();
  }

  @PreDestroy
  void close() {
    connections.values().stream().filter(c -> c.client() != null).forEach(c -> c.client().close());
  }

  private static Connection connect(
      Cluster cluster, CredentialsDir credentials, VertxHttpClientFactory http) {
    String content;
    try {
      content = credentials.read(cluster.kubeconfigRef());
    } catch (RuntimeException e) {
      // CredentialsDir's messages name the file and folder, never the content.
      return new Connection(cluster.name(), "", null, null, e.getMessage());
    }
    Config config;
    try {
      config =
          Config.fromKubeconfig(
              cluster.context(),
              content,
              credentials.root().resolve(cluster.kubeconfigRef()).toString());
    } catch (RuntimeException e) {
      // A parser's message may quote the file: only say which file and what kind of error.
      return new Connection(
          cluster.name(),
          "",
          null,
          null,
          "kubeconfig '"
              + cluster.kubeconfigRef()
              + "' cannot be used"
              + (cluster.context() == null ? "" : " with context '" + cluster.context() + "'")
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    String server = withoutUserInfo(config.getMasterUrl());
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      return new Connection(
          cluster.name(),
          "",
          null,
          null,
          "kubeconfig '" + cluster.kubeconfigRef() + "' names no API server for its context");
    }
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(http).build();
    return new Connection(cluster.name(), server, client, new Fabric8ClusterClient(client), null);
  }

  /** The URL as users wrote it: no user info, no trailing slash fabric8 adds. */
  private static String withoutUserInfo(String masterUrl) {
    if (masterUrl == null) {
      return "";
    }
    String url =
        masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
    try {
      URI uri = URI.create(url);
      return uri.getUserInfo() == null
          ? url
          : new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
              .toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return "(unparseable URL)";
    }
  }
}
