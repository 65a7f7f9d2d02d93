package io.flotilla.applier.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The applier's configuration. Each key can be set by its environment variable: {@code
 * flotilla.fleet.repo} by {@code FLOTILLA_FLEET_REPO}, {@code flotilla.apply.parallelism} by {@code
 * FLOTILLA_APPLY_PARALLELISM}, and so on.
 */
@ConfigMapping(prefix = "flotilla")
public interface ApplierConfig {

  FleetRepo fleet();

  /** {@code FLOTILLA_CREDENTIALS_DIR}: where the kubeconfig files the fleet names live. */
  @WithDefault("./.flotilla/credentials")
  String credentialsDir();

  /** {@code FLOTILLA_CACHE_DIR}: the Git mirror of the fleet repo. */
  @WithDefault("${java.io.tmpdir}/flotilla-applier")
  String cacheDir();

  /** {@code FLOTILLA_INSTANCE}: this instance in CloudEvents sources; default the host name. */
  Optional<String> instance();

  /**
   * {@code FLOTILLA_API_TOKENS}: the bearer tokens of the control API, one {@code <token>
   * <identity>} a line; default {@code $FLOTILLA_CREDENTIALS_DIR/api-tokens}. Read again when the
   * file changes. Missing file: every control request is refused (401).
   */
  Optional<String> apiTokens();

  Apply apply();

  Cluster cluster();

  Drift drift();

  /** Drift detection. */
  interface Drift {
    /** {@code FLOTILLA_DRIFT_INTERVAL}: how often live objects are compared with the last apply. */
    @WithDefault("60s")
    Duration interval();

    /**
     * {@code FLOTILLA_DRIFT_WATCH}: also watch the kinds the applied apps use on each cluster and
     * check an (app, cluster) as soon as one of its objects changes (the periodic check stays).
     */
    @WithDefault("true")
    boolean watch();

    /**
     * {@code FLOTILLA_DRIFT_DEBOUNCE}: how long watch events of one (app, cluster) are gathered.
     */
    @WithDefault("1s")
    Duration debounce();

    /** {@code FLOTILLA_DRIFT_WATCH_REFRESH}: how often the set of watches follows what is owned. */
    @WithDefault("5s")
    Duration watchRefresh();
  }

  /** Per-cluster budgets and retries. */
  interface Cluster {
    /** {@code FLOTILLA_CLUSTER_QPS}: requests per second to one cluster. */
    @WithDefault("50")
    double qps();

    /** {@code FLOTILLA_CLUSTER_BURST}: requests one cluster may get at once above the rate. */
    @WithDefault("100")
    int burst();

    /**
     * {@code FLOTILLA_CLUSTER_MAX_IN_FLIGHT}: calls to one cluster at the same time, and syncs of
     * different apps running on it at once.
     */
    @WithDefault("4")
    int maxInFlight();

    /** {@code FLOTILLA_CLUSTER_RETRY_ATTEMPTS}: calls in all for a transient failure. */
    @WithDefault("5")
    int retryAttempts();

    /** {@code FLOTILLA_CLUSTER_RETRY_INITIAL}: the first back-off's ceiling (full jitter). */
    @WithDefault("200ms")
    Duration retryInitial();

    /** {@code FLOTILLA_CLUSTER_RETRY_MAX}: the longest back-off, Retry-After included. */
    @WithDefault("10s")
    Duration retryMax();
  }

  Health health();

  /** The fleet repo. */
  interface FleetRepo {
    /** {@code FLOTILLA_FLEET_REPO}: its URL (required). */
    String repo();

    /** {@code FLOTILLA_FLEET_REF}: its branch. */
    @WithDefault("main")
    String ref();

    /**
     * {@code FLOTILLA_FLEET_REFRESH_INTERVAL}: how often the fleet branch is checked (one {@code
     * ls-remote}); it is also checked when a record names an app or cluster the fleet in force does
     * not know.
     */
    @WithDefault("10s")
    Duration refreshInterval();
  }

  /** How syncs run. */
  interface Apply {
    /**
     * {@code FLOTILLA_APPLY_PARALLELISM}: syncs running at once, over all clusters (each cluster
     * runs at most {@code FLOTILLA_CLUSTER_MAX_IN_FLIGHT} of them).
     */
    @WithDefault("32")
    int parallelism();

    /**
     * {@code FLOTILLA_APPLY_MAX_IN_FLIGHT}: records received but not yet finished; beyond it the
     * Kafka consumer is paused.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * {@code FLOTILLA_APPLY_FORCE_CONFLICTS}: take over fields other field managers own
     * (server-side apply {@code force}). Off: such conflicts are reported per object and the object
     * is not applied; a {@code SyncRequested} with {@code force} forces once.
     */
    @WithDefault("false")
    boolean forceConflicts();

    /**
     * {@code FLOTILLA_APPLY_HANDOVER_TIMEOUT}: how long a rebalance (or a shutdown) waits for the
     * running syncs of the partitions this instance gives up, so that the next owner does not apply
     * the same records at the same time. Keep it below the consumer's {@code max.poll.interval.ms}.
     */
    @WithDefault("60s")
    Duration handoverTimeout();

    /**
     * {@code FLOTILLA_APPLY_RETRY_BASE}: the first delay before a failed sync runs again; it
     * doubles per attempt (equal jitter) until {@code FLOTILLA_APPLY_RETRY_MAX}.
     */
    @WithDefault("5s")
    Duration retryBase();

    /** {@code FLOTILLA_APPLY_RETRY_MAX}: the longest delay between retries of a failed sync. */
    @WithDefault("5m")
    Duration retryMax();
  }

  /** Cluster readiness checks. */
  interface Health {
    /**
     * {@code FLOTILLA_HEALTH_CLUSTER_PROBE_INTERVAL}: how long a cluster probe result is reused.
     */
    @WithDefault("15s")
    Duration clusterProbeInterval();

    /**
     * {@code FLOTILLA_HEALTH_POLL_INTERVAL}: how often the objects of apps synced lately are read
     * and assessed, until healthy or the app's {@code rollback.timeout} ran out.
     */
    @WithDefault("2s")
    Duration pollInterval();
  }
}
