package io.flotilla.renderer.app;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.DesiredState;
import io.flotilla.events.FleetChanged;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.events.RollbackRequested;
import io.flotilla.events.WatchFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.NamespaceGuard;
import io.flotilla.renderer.domain.EmitPlan;
import io.flotilla.renderer.domain.RenderResult;
import io.flotilla.renderer.policy.PolicySet;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Renders one commit of one application for every cluster it targets and publishes the result: a
 * {@code DesiredState} per cluster, or a {@code RenderFailed} per cluster when the revision cannot
 * be rendered. Returns once every event is acknowledged; throws when publishing fails, so the
 * commit is not marked as done.
 *
 * <p>Built at start-up, before the renderer reports ready: building it on the first record (with
 * the policy engine, CEL, behind it) held that record and those after it ~0.5 s.
 */
@io.quarkus.runtime.Startup
@Singleton
public class RenderService {
  private static final Logger LOG = Logger.getLogger(RenderService.class);

  private final FleetView fleet;
  private final SourceRepos repos;
  private final DesiredPublisher publisher;
  private final RendererMetrics metrics;
  private final Clock clock;
  private final RenderSettings settings;
  private final VariantRenderer renderer;
  private final ExecutorService pool;
  private final AtomicReference<PolicySet> policies = new AtomicReference<>(PolicySet.NONE);

  @Inject
  public RenderService(
      FleetView fleet,
      SourceRepos repos,
      DesiredPublisher publisher,
      RendererMetrics metrics,
      Clock clock,
      RenderSettings settings,
      Tools.Kustomize kustomize,
      Tools.Helm helm) {
    this.fleet = fleet;
    this.repos = repos;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.renderer =
        new VariantRenderer(kustomize, helm, settings, new RenderCache(settings.cacheEntries()));
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, settings.concurrency()),
            r -> {
              Thread t = new Thread(r, "render");
              t.setDaemon(true);
              return t;
            });
  }

  /** The render cache, for metrics and benchmarks. */
  public RenderCache cache() {
    return renderer.cache();
  }

  public Outcome handle(CloudEvent<? extends FlotillaEvent> event) {
    if (event.data() instanceof WatchFailed failed) {
      // the app keeps what it has: a deleted branch or an unreachable repo renders nothing
      LOG.infof(
          "app=%s event=%s: WatchFailed for ref '%s' (%s), nothing to render; the app keeps its"
              + " last rendered revision",
          failed.app(), event.id(), failed.ref(), failed.reason());
      return new Outcome.Ignored("watch failed");
    }
    if (event.data() instanceof RollbackRequested rollback) {
      MDC.put("app", rollback.app());
      MDC.put("revision", rollback.toRevision());
      MDC.put("eventId", event.id());
      try {
        return metrics.time(() -> rollback(event.id(), rollback));
      } finally {
        MDC.remove("app");
        MDC.remove("revision");
        MDC.remove("eventId");
      }
    }
    if (event.data() instanceof FleetChanged changed) {
      // the apps' commits follow: read the fleet now, not when the first of them arrives
      if (!fleet.current().revision().equals(changed.revision())) {
        Fleet now = fleet.refresh();
        LOG.debugf(
            "event=%s: the fleet moved to %s; in force now: %s",
            event.id(), changed.revision(), now.revision());
      }
      return new Outcome.Ignored("fleet changed");
    }
    if (!(event.data() instanceof CommitDetected commit)) {
      LOG.debugf(
          "event=%s type=%s ignored: the renderer only reads commits", event.id(), event.type());
      return new Outcome.Ignored("not a commit");
    }
    if (!commit.deployable()) {
      LOG.warnf(
          "app=%s revision=%s event=%s not rendered: the app requires a valid signature and this"
              + " commit's is %s",
          commit.app(), commit.sha(), event.id(), commit.signature().status().json());
      return new Outcome.Ignored("signature not valid");
    }
    MDC.put("app", commit.app());
    MDC.put("revision", commit.sha());
    MDC.put("eventId", event.id());
    try {
      return metrics.time(() -> render(event.id(), commit));
    } finally {
      MDC.remove("app");
      MDC.remove("revision");
      MDC.remove("eventId");
    }
  }

  private Outcome render(String eventId, CommitDetected commit) {
    // a commit announced again because the fleet changed the app: render with that fleet, which
    // the scheduled refresh may not have read yet
    Fleet current = commit.cause() != null ? fleet.refresh() : fleet.current();
    Optional<Application> found = current.app(commit.app());
    if (found.isEmpty()) {
      // the fleet repo may have moved since the last scheduled check: look once more
      current = fleet.refresh();
      found = current.app(commit.app());
    }
    if (found.isEmpty()) {
      LOG.warnf(
          "app=%s revision=%s event=%s ignored: no application '%s' in the fleet (fleet revision"
              + " %s)",
          commit.app(), commit.sha(), eventId, commit.app(), current.revision());
      return new Outcome.Ignored("unknown app");
    }
    Application app = found.get();
    List<Cluster> clusters = current.targets(app);
    if (clusters.isEmpty()) {
      LOG.infof(
          "app=%s revision=%s event=%s: the application targets no cluster (its clusterSelector"
              + " matches none), nothing to render",
          app.name(), commit.sha(), eventId);
      return new Outcome.Ignored("no target cluster");
    }
    return publish(eventId, current, app, clusters, commit.sha(), commit.author(), null);
  }

  /**
   * Renders {@code toRevision} again (rendering is deterministic) for the cluster named, or every
   * target cluster, and emits DesiredStates marked {@code rollbackOf} the request.
   */
  private Outcome rollback(String eventId, RollbackRequested rollback) {
    Fleet current = fleet.current();
    Optional<Application> found = current.app(rollback.app());
    if (found.isEmpty()) {
      current = fleet.refresh();
      found = current.app(rollback.app());
    }
    if (found.isEmpty()) {
      LOG.warnf(
          "app=%s event=%s: rollback to %s ignored: no application '%s' in the fleet",
          rollback.app(), eventId, rollback.toRevision(), rollback.app());
      return new Outcome.Ignored("unknown app");
    }
    Application app = found.get();
    List<Cluster> clusters =
        current.targets(app).stream()
            .filter(c -> rollback.cluster() == null || c.name().equals(rollback.cluster()))
            .toList();
    if (clusters.isEmpty()) {
      LOG.warnf(
          "app=%s cluster=%s event=%s: rollback to %s ignored: the app targets no such cluster",
          rollback.app(), rollback.cluster(), eventId, rollback.toRevision());
      return new Outcome.Ignored("no target cluster");
    }
    LOG.infof(
        "app=%s event=%s: rollback to %s requested by %s (%s): rendering it again for %d"
            + " cluster(s)",
        app.name(),
        eventId,
        rollback.toRevision(),
        rollback.requestedBy(),
        rollback.reason(),
        clusters.size());
    return publish(eventId, current, app, clusters, rollback.toRevision(), null, eventId);
  }

  private Outcome publish(
      String eventId,
      Fleet current,
      Application app,
      List<Cluster> clusters,
      String sha,
      Person author,
      String rollbackOf) {
    PolicySet policies = policies(current);
    Map<String, RenderResult> results = renderFor(app, clusters, sha);
    Map<String, List<String>> warnings = new LinkedHashMap<>();
    NamespaceGuard guard = NamespaceGuard.of(current, app);
    for (Cluster c : clusters) {
      if (results.get(c.name()) instanceof RenderResult.Rendered rendered) {
        Optional<String> trespass = guard.violation(rendered.resources());
        if (trespass.isPresent()) {
          results.put(
              c.name(),
              new RenderResult.Failed(
                  null,
                  null,
                  "repo "
                      + io.flotilla.fleet.git.Urls.redact(app.repoUrl())
                      + " at "
                      + sha
                      + ": "
                      + trespass.get()));
          continue;
        }
        PolicySet.Verdict verdict = policies.evaluate(c, rendered.resources());
        if (verdict.denied()) {
          results.put(c.name(), denied(c, verdict));
        } else {
          warnings.put(c.name(), verdict.warnings());
        }
      }
    }
    List<CloudEvent<DesiredEvent>> events =
        EmitPlan.events(app.name(), sha, author, app.namespace(), results, warnings, rollbackOf)
            .stream()
            .map(e -> CloudEvent.of(e, settings.eventSource(), clock))
            .toList();
    publisher.publish(events);
    if (results.values().stream().anyMatch(r -> r instanceof RenderResult.Failed)) {
      metrics.renderFailed();
    }
    events.forEach(e -> published(e, eventId));
    return new Outcome.Published(events);
  }

  /** The fleet's policies, compiled once per fleet revision. */
  private PolicySet policies(Fleet current) {
    PolicySet set = policies.get();
    if (!set.revision().equals(current.revision())) {
      set = PolicySet.compile(current.revision(), current.policies().values());
      policies.set(set);
    }
    return set;
  }

  private static RenderResult.Failed denied(Cluster cluster, PolicySet.Verdict verdict) {
    return new RenderResult.Failed(
        null,
        null,
        "denied by policy: nothing is applied to cluster "
            + cluster.name()
            + "; "
            + verdict.denials().size()
            + " violation(s): "
            + String.join("; ", verdict.denials()));
  }

  /**
   * The result for each target cluster, in cluster order. Clusters with the same {@link Variant}
   * share one render; different variants render concurrently (up to the configured limit).
   */
  public Map<String, RenderResult> renderFor(Application app, List<Cluster> clusters, String sha) {
    Map<Variant, List<Cluster>> byVariant = new LinkedHashMap<>();
    for (Cluster c : clusters) {
      byVariant.computeIfAbsent(Variant.of(app, c), v -> new ArrayList<>()).add(c);
    }
    Map<Variant, Future<RenderResult>> futures = new LinkedHashMap<>();
    for (Variant v : byVariant.keySet()) {
      futures.put(
          v,
          byVariant.size() == 1
              // one variant (the common case): no hand-off to the pool
              ? java.util.concurrent.CompletableFuture.completedFuture(renderVariant(app, v, sha))
              : pool.submit(() -> renderVariant(app, v, sha)));
    }
    Map<String, RenderResult> results = new LinkedHashMap<>();
    for (Cluster c : clusters) {
      results.put(c.name(), null);
    }
    for (Map.Entry<Variant, List<Cluster>> e : byVariant.entrySet()) {
      RenderResult r = await(futures.get(e.getKey()));
      e.getValue().forEach(c -> results.put(c.name(), r));
    }
    return results;
  }

  private RenderResult renderVariant(Application app, Variant variant, String sha) {
    try (RepoTree tree = repos.open(app.repoUrl(), sha)) {
      RenderResult result = renderer.render(tree, app, variant);
      if (result instanceof RenderResult.Failed f && !f.reason().contains(tree.repo())) {
        // every refusal names the repository and revision, not only the file
        return new RenderResult.Failed(
            f.file(),
            f.line(),
            "repo "
                + tree.repo()
                + " at "
                + sha
                + (f.file() == null || f.reason().contains(f.file()) ? "" : ", " + f.file())
                + ": "
                + f.reason());
      }
      return result;
    } catch (SourceRepos.Unavailable e) {
      return new RenderResult.Failed(null, null, e.getMessage());
    }
  }

  private static RenderResult await(Future<RenderResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "rendering failed unexpectedly: " + e.getCause(), e.getCause());
    }
  }

  private void published(CloudEvent<DesiredEvent> e, String cause) {
    metrics.produced(e.eventType().topic(), e.type());
    if (e.data() instanceof DesiredState d) {
      LOG.infof(
          "app=%s cluster=%s revision=%s event=%s cause=%s: DesiredState with %d resources,"
              + " bundleHash=%s",
          d.app(), d.cluster(), d.revision(), e.id(), cause, d.resources().size(), d.bundleHash());
    } else if (e.data() instanceof RenderFailed f) {
      LOG.warnf(
          "app=%s cluster=%s revision=%s event=%s cause=%s: RenderFailed%s: %s",
          f.app(),
          f.cluster(),
          f.revision(),
          e.id(),
          cause,
          f.file() == null ? "" : " at " + f.file() + (f.line() == null ? "" : ":" + f.line()),
          f.reason());
    }
  }
}
