package io.flotilla.applier.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.flotilla.applier.app.ApplierConfig;
import io.flotilla.applier.app.ClusterCallException;
import io.flotilla.applier.app.ClusterClient;
import io.flotilla.applier.app.Clusters;
import io.flotilla.applier.app.DaemonThreads;
import io.flotilla.applier.app.GuardedClusterClient;
import io.flotilla.applier.app.RetryPolicy;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.LiveFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A fabric8 client per cluster of the fleet in force, built at start-up and whenever the fleet adds
 * a cluster or changes its kubeconfig reference, from its kubeconfig file ({@code
 * spec.kubeconfig.secretRef} in {@code FLOTILLA_CREDENTIALS_DIR}, optional context). A cluster
 * whose kubeconfig cannot be read or used is kept as unavailable with the reason: its syncs fail
 * and its readiness check is DOWN, the other clusters are unaffected.
 */
@Startup
@Singleton
public class ClusterRegistry implements Clusters {
  /**
   * One Jackson set-up for every cluster's client: each client building its own introspected the
   * whole Kubernetes model again, about 1 MB of heap per cluster (100 clusters: 110 MB at start).
   * It searches no class loader for model classes: the applier handles every kind as a generic
   * resource and learns names and scopes from API discovery ({@link Fabric8ClusterClient}), and
   * registering fabric8's ~660 model classes cost 5 MB of metaspace.
   */
  static final KubernetesSerialization SERIALIZATION =
      new KubernetesSerialization(new ObjectMapper(), false);

  /**
   * One pool for every client's callbacks (watch events, async completions): by default each client
   * starts its own, two threads a cluster that mostly sleep (100 clusters: 200 threads).
   */
  private static final ExecutorService TASKS =
      Executors.newCachedThreadPool(DaemonThreads.numbered("flotilla-kube"));

  /**
   * Where a new cluster's first contact happens: learning its core API group ({@code v1}, which
   * holds every app's inventory) in the background, so that the first sync there neither waits for
   * that discovery nor for the HTTP client's first connection and warm-up.
   */
  private static final ExecutorService FIRST_CONTACT =
      Executors.newFixedThreadPool(4, DaemonThreads.numbered("flotilla-cluster-contact"));

  private final LiveFleet fleet;
  private final MeterRegistry meters;
  private final GuardedClusterClient.Budget budget;
  private final RetryPolicy retry;
  private final CredentialsDir credentials;
  private final VertxHttpClientFactory http;
  private final Map<String, Entry> connections = new ConcurrentHashMap<>();
  private final List<Consumer<Collection<Connection>>> listeners = new CopyOnWriteArrayList<>();

  /**
   * One fleet cluster and its client.
   *
   * @param server the API server URL without user info, {@code ""} when unknown
   * @param client {@code null} when {@code problem} is set
   */
  public record Connection(
      String name, String server, KubernetesClient client, ClusterClient port, String problem) {}

  /** A connection and the fleet entry it was built from (to see when that entry changed). */
  private record Entry(Cluster cluster, Connection connection) {}

  @Inject
  public ClusterRegistry(LiveFleet fleet, ApplierConfig config, Vertx vertx, MeterRegistry meters) {
    this.fleet = fleet;
    this.meters = meters;
    this.budget =
        new GuardedClusterClient.Budget(
            config.cluster().qps(), config.cluster().burst(), config.cluster().maxInFlight());
    this.retry =
        RetryPolicy.exponential(
            config.cluster().retryAttempts(),
            config.cluster().retryInitial(),
            2.0,
            config.cluster().retryMax());
    this.credentials = new CredentialsDir(Path.of(config.credentialsDir()));
    this.http = new VertxHttpClientFactory(vertx);
    update(fleet.current());
  }

  @Override
  public Access access(String cluster) {
    Entry entry = connections.get(cluster);
    if (entry == null) {
      return new Unavailable(
          "cluster '"
              + cluster
              + "' is not in the fleet (revision "
              + fleet.current().revision()
              + ")");
    }
    Connection connection = entry.connection();
    if (connection.problem() != null) {
      return new Unavailable("cluster '" + cluster + "' is unavailable: " + connection.problem());
    }
    return new Ready(connection.port());
  }

  /**
   * Connects clusters that are new or whose kubeconfig reference changed, disconnects removed ones,
   * and tells the listeners (the health checks) about the new set.
   */
  @Override
  public synchronized void update(Fleet next) {
    for (String name : List.copyOf(connections.keySet())) {
      Cluster wanted = next.clusters().get(name);
      Entry entry = connections.get(name);
      if (wanted == null || !sameConnection(wanted, entry.cluster())) {
        connections.remove(name);
        close(entry.connection());
        if (wanted == null) {
          Log.infof("cluster %s left the fleet (revision %s)", name, next.revision());
        }
      } else if (!wanted.equals(entry.cluster())) {
        connections.put(name, new Entry(wanted, entry.connection())); // labels only
      }
    }
    for (Cluster cluster : next.clusters().values()) {
      if (!connections.containsKey(cluster.name())) {
        Connection connection = connect(cluster, credentials, http);
        if (connection.problem() == null) {
          connection =
              new Connection(
                  connection.name(),
                  connection.server(),
                  connection.client(),
                  guard(cluster.name(), connection.port()),
                  null);
        }
        connections.put(cluster.name(), new Entry(cluster, connection));
        if (connection.problem() == null) {
          Log.infof("cluster %s: API server %s", cluster.name(), connection.server());
          firstContact(cluster.name(), connection.port());
        } else {
          Log.errorf("cluster %s is unavailable: %s", cluster.name(), connection.problem());
        }
      }
    }
    Collection<Connection> now = connections();
    listeners.forEach(l -> l.accept(now));
  }

  private static void firstContact(String cluster, ClusterClient port) {
    FIRST_CONTACT.execute(
        () -> {
          try {
            port.discover("v1");
          } catch (ClusterCallException e) {
            Log.warnf(
                "cluster %s: API discovery of v1 failed at first contact (%s); the first sync"
                    + " there tries again",
                cluster, e.getMessage());
          }
        });
  }

  /** The cluster's budget, retries and request metrics around its client. */
  private ClusterClient guard(String cluster, ClusterClient port) {
    return new GuardedClusterClient(
        port,
        budget,
        retry,
        (verb, status, took) ->
            Counter.builder("flotilla.cluster.requests")
                .description(
                    "Calls to a cluster's API server, by verb and HTTP status (0: no answer)")
                .tag("cluster", cluster)
                .tag("verb", verb)
                .tag("status", String.valueOf(status))
                .register(meters)
                .increment(),
        d -> Thread.sleep(d.toMillis()));
  }

  /** Calls {@code listener} now and after every change with the connections in force. */
  public void onChange(Consumer<Collection<Connection>> listener) {
    listeners.add(listener);
    listener.accept(connections());
  }

  public Collection<Connection> connections() {
    Map<String, Connection> sorted = new TreeMap<>();
    connections.forEach((name, entry) -> sorted.put(name, entry.connection()));
    return List.copyOf(sorted.values());
  }

  @PreDestroy
  void close() {
    connections.values().forEach(e -> close(e.connection()));
  }

  private static boolean sameConnection(Cluster a, Cluster b) {
    return Objects.equals(a.kubeconfigRef(), b.kubeconfigRef())
        && Objects.equals(a.context(), b.context());
  }

  private static void close(Connection connection) {
    if (connection.client() != null) {
      connection.client().close();
    }
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
      config = config(cluster, content, credentials);
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
    // Retries are the applier's own (per cluster, with back-off and jitter, counted in metrics).
    config.setRequestRetryBackoffLimit(0);
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
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(http)
            .withKubernetesSerialization(SERIALIZATION)
            .withTaskExecutor(TASKS)
            .build();
    return new Connection(cluster.name(), server, client, new Fabric8ClusterClient(client), null);
  }

  /**
   * fabric8 re-reads and re-parses the kubeconfig file before every request whose user has no
   * bearer token (client certificates, or none) when the config remembers its file: that was an
   * eighth of the applier's CPU in a fleet sync. A kubeconfig that holds everything inline is
   * therefore loaded once from the content already read, with no file behind it. One that needs its
   * file (an exec plugin or auth provider whose tokens expire and are refreshed from it, or
   * certificate, key or token files named relative to it) is loaded from the file, as fabric8 does.
   * A changed kubeconfig is picked up when the fleet changes the cluster, as before.
   */
  private static Config config(Cluster cluster, String content, CredentialsDir credentials) {
    io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfigFromString(content);
    if (needsItsFile(parsed)) {
      return Config.fromKubeconfig(
          cluster.context(), credentials.root().resolve(cluster.kubeconfigRef()).toFile());
    }
    Config config = Config.empty();
    KubeConfigUtils.merge(config, cluster.context(), parsed);
    return config;
  }

  private static boolean needsItsFile(io.fabric8.kubernetes.api.model.Config kubeconfig) {
    boolean users =
        kubeconfig.getUsers() != null
            && kubeconfig.getUsers().stream()
                .map(NamedAuthInfo::getUser)
                .anyMatch(
                    u ->
                        u != null
                            && (u.getExec() != null
                                || u.getAuthProvider() != null
                                || u.getClientCertificate() != null
                                || u.getClientKey() != null
                                || u.getTokenFile() != null));
    boolean clusters =
        kubeconfig.getClusters() != null
            && kubeconfig.getClusters().stream()
                .map(NamedCluster::getCluster)
                .anyMatch(c -> c != null && c.getCertificateAuthority() != null);
    return users || clusters;
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
