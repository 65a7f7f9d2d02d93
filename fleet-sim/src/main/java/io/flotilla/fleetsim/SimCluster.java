package io.flotilla.fleetsim;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated Kubernetes API server: plain HTTP on 127.0.0.1, any client, no credentials. Talk to
 * it with {@link #newClient()}, its {@link #kubeconfig()} or its {@link #url()}.
 */
public final class SimCluster {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimCluster.class);
  private static final long DRAIN_EVERY_MS = 1_000;

  private final String name;
  private final int port;
  private volatile KubernetesMockServer server;
  private final SimDispatcher dispatcher;
  private final String url;
  private final Path kubeconfig;
  private final ScheduledFuture<?> drain;

  private SimCluster(
      String name,
      KubernetesMockServer server,
      SimDispatcher dispatcher,
      Path kubeconfig,
      ScheduledExecutorService scheduler) {
    this.name = name;
    this.server = server;
    this.dispatcher = dispatcher;
    this.port = server.getPort();
    this.url = "http://" + Loopback.HOST + ":" + port;
    this.kubeconfig = kubeconfig;
    // The mock web server keeps every request it received in a queue nobody reads; empty it so a
    // long benchmark or `make up` session does not grow without bound.
    this.drain =
        scheduler.scheduleWithFixedDelay(
            this::drainRecordedRequests, DRAIN_EVERY_MS, DRAIN_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /** Starts the server on a free port; the kubeconfig file (if any) is written by the caller. */
  static SimCluster start(
      String name,
      FleetSimOptions options,
      ScheduledExecutorService scheduler,
      StatusSimulator statusSimulator,
      Clock clock) {
    SimDispatcher dispatcher = new SimDispatcher(name, options.latencyMs(), clock);
    statusSimulator.attach(name, dispatcher);
    KubernetesMockServer server = newServer(dispatcher, 0);
    Path kubeconfig =
        options.outDir() == null
            ? null
            : options.outDir().resolve(Kubeconfigs.fileName(name)).toAbsolutePath();
    return new SimCluster(name, server, dispatcher, kubeconfig, scheduler);
  }

  /** {@code sim-1} … {@code sim-N}. */
  public String name() {
    return name;
  }

  /** The API server URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return url;
  }

  /** This cluster's kubeconfig file, or {@code null} when fleet-sim was started without outDir. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Requests answered since start or the last reset. */
  public RequestCounts counts() {
    return dispatcher.counter().snapshot();
  }

  /**
   * A new fabric8 client for this cluster, default namespace {@code default}. The caller closes it.
   * It ignores {@code ~/.kube/config} and the environment, so tests cannot reach a real cluster by
   * accident.
   */
  public KubernetesClient newClient() {
    Config config =
        new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default").build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Fault injection for this cluster: failures, throttling and extra latency, live. */
  public Faults faults() {
    return dispatcher.faults();
  }

  private static KubernetesMockServer newServer(SimDispatcher dispatcher, int port) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(Loopback.ADDRESS, port);
    return server;
  }

  /**
   * Stops this cluster's API server, as an unreachable cluster: connections are refused until
   * {@link #bringUp()}. Its objects are kept (a real API server's etcd outlives the server).
   */
  public synchronized void takeDown() {
    if (server != null) {
      server.destroy();
      server = null;
      LOG.info("{}: API server stopped (port {} now refuses connections)", name, port);
    }
  }

  /** Starts the API server again on the same port, with the objects it had; no-op when up. */
  public synchronized void bringUp() {
    if (server == null) {
      server = newServer(dispatcher, port);
      LOG.info("{}: API server started again on port {}", name, port);
    }
  }

  /**
   * Whether the API server is serving (false between {@link #takeDown()} and {@link #bringUp()}).
   */
  public boolean isUp() {
    return server != null;
  }

  void resetCounts() {
    dispatcher.counter().reset();
  }

  synchronized void close() {
    drain.cancel(false);
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  private void drainRecordedRequests() {
    KubernetesMockServer current = server;
    if (current == null) {
      return;
    }
    try {
      while (current.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard: fleet-sim counts requests itself
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the scheduler is shutting down
    }
  }

  @Override
  public String toString() {
    return name + " " + url;
  }
}
