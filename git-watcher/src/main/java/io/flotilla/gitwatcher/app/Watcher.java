package io.flotilla.gitwatcher.app;

import io.flotilla.events.WatchFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.domain.Announced;
import io.flotilla.gitwatcher.domain.AppWatch;
import io.flotilla.gitwatcher.domain.HostBackoff;
import io.flotilla.gitwatcher.domain.RefResolver;
import io.flotilla.gitwatcher.domain.Relevance;
import io.flotilla.gitwatcher.domain.Resolution;
import io.flotilla.gitwatcher.domain.Sighting;
import io.flotilla.gitwatcher.domain.WatchTarget;
import io.flotilla.gitwatcher.webhook.RepoUrls;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Polls every watched repository (one {@code ls-remote} for all its apps and refs) and publishes a
 * CommitDetected per application whose ref now names a commit it has not announced, or a
 * WatchFailed when the ref cannot be read (once per failure, not once per poll).
 */
@ApplicationScoped
public class Watcher {
  private static final Logger LOG = Logger.getLogger(Watcher.class);

  private final FleetHolder fleet;
  private final FleetWatch fleetWatch;
  private final CommitSignatures signatures;
  private final CommitPublisher publisher;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final WatchStateStore state;
  private final ExecutorService pool;
  private volatile boolean resumed;
  private final HostBackoff backoff;
  private final Ownership ownership;

  /** Checks hold the read lock; a handover of repositories to another instance, the write lock. */
  private final java.util.concurrent.locks.ReadWriteLock handover =
      new java.util.concurrent.locks.ReentrantReadWriteLock();

  /** Per application: what was last announced or reported; the next poll decides from it. */
  private final Map<String, AppWatch> watches = new ConcurrentHashMap<>();

  /** One check of a repository at a time: a webhook and the poll never decide concurrently. */
  private final Map<String, Object> repoLocks = new ConcurrentHashMap<>();

  @jakarta.inject.Inject
  Watcher(
      FleetHolder fleet,
      FleetWatch fleetWatch,
      CommitSignatures signatures,
      CommitPublisher publisher,
      MeterRegistry metrics,
      Clock clock,
      WatchStateStore state,
      Ownership ownership,
      @ConfigProperty(name = "flotilla.poll.parallelism") int parallelism) {
    this(
        fleet,
        fleetWatch,
        signatures,
        publisher,
        metrics,
        clock,
        state,
        ownership,
        parallelism,
        new HostBackoff(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
  }

  Watcher(
      FleetHolder fleet,
      FleetWatch fleetWatch,
      CommitSignatures signatures,
      CommitPublisher publisher,
      MeterRegistry metrics,
      Clock clock,
      WatchStateStore state,
      Ownership ownership,
      int parallelism,
      HostBackoff backoff) {
    this.backoff = backoff;
    this.ownership = ownership;
    this.fleet = fleet;
    this.fleetWatch = fleetWatch;
    this.signatures = signatures;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.state = state;
    this.pool = Executors.newFixedThreadPool(parallelism, r -> new Thread(r, "git-poll"));
    ownership.start(new Handover());
  }

  /** Ownership changes: drain checks of repositories given up; re-read what others announced. */
  private final class Handover implements Ownership.Listener {
    @Override
    public void revoked(java.util.Collection<Integer> shares) {
      handover.writeLock().lock();
      handover.writeLock().unlock();
    }

    @Override
    public void assigned(java.util.Collection<Integer> shares) {
      handover.writeLock().lock();
      try {
        reload();
      } finally {
        handover.writeLock().unlock();
      }
    }

    @Override
    public void checkRequested(String repoUrl) {
      LOG.debugf("check of %s forwarded by another watcher", repoUrl);
      checkNow(repoUrl);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    close();
  }

  void close() {
    pool.shutdownNow();
  }

  /**
   * One poll: the fleet repo first (a changed fleet takes effect in this very poll), then every
   * target; returns the number of CommitDetected/WatchFailed events published.
   */
  public int pollOnce() {
    var round = io.micrometer.core.instrument.Timer.start(metrics);
    try {
      return pollRound();
    } finally {
      round.stop(metrics.timer("flotilla.poll.round"));
    }
  }

  private int pollRound() {
    resume();
    checkFleet();
    List<Future<Integer>> running = new ArrayList<>();
    java.time.Instant now = clock.instant();
    for (WatchTarget target : WatchTarget.of(fleet.fleet())) {
      if (!ownership.owns(target.repoUrl())) {
        continue;
      }
      if (backoff.mayCheck(target.repoUrl(), now)) {
        running.add(pool.submit(() -> poll(target)));
      } else {
        LOG.debugf(
            "%s: host backing off until %s",
            Urls.redact(target.repoUrl()), backoff.notBefore(target.repoUrl()));
      }
    }
    int published = 0;
    for (Future<Integer> f : running) {
      try {
        published += f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return published;
      } catch (ExecutionException e) {
        LOG.errorf(e.getCause(), "poll task failed");
      }
    }
    return published;
  }

  /**
   * Checks now, on the poll's threads and through the same decisions, every watched repository that
   * is {@code repoUrl} (compared with {@link RepoUrls#same}: scheme and host case, credentials, a
   * trailing {@code .git} or {@code /} ignored). Returns at once.
   *
   * @return the matched repositories as they appear in events (credentials removed); empty when no
   *     app follows {@code repoUrl}, and then nothing is checked
   */
  public List<String> checkNow(String repoUrl) {
    if (RepoUrls.same(fleet.url(), repoUrl)) {
      pool.submit(
          () -> {
            try {
              resume();
              checkConcerned(checkFleet());
            } catch (RuntimeException e) {
              LOG.errorf(e, "webhook check of the fleet repo failed");
            }
          });
    }
    List<WatchTarget> matched =
        WatchTarget.of(fleet.fleet()).stream()
            .filter(t -> RepoUrls.same(t.repoUrl(), repoUrl))
            .toList();
    for (WatchTarget target : matched) {
      if (!ownership.owns(target.repoUrl())) {
        pool.submit(() -> forward(target));
        continue;
      }
      pool.submit(
          () -> {
            try {
              resume();
              checkOrForward(target, "webhook");
            } catch (RuntimeException e) {
              LOG.errorf(e, "webhook check of %s failed", Urls.redact(target.repoUrl()));
            }
          });
    }
    List<String> checked =
        new ArrayList<>(matched.stream().map(t -> Urls.redact(t.repoUrl())).toList());
    if (RepoUrls.same(fleet.url(), repoUrl)) {
      checked.add(0, fleet.live().repo());
    }
    return checked;
  }

  /**
   * What this instance last decided for {@code app} (announced, passed or failing commit, a pending
   * re-announcement), or empty when it has not stepped the app yet; for diagnostics.
   */
  public java.util.Optional<AppWatch> watchOf(String app) {
    return java.util.Optional.ofNullable(watches.get(app));
  }

  /** Whether this instance checks {@code repoUrl} now (its share was assigned here). */
  public boolean owns(String repoUrl) {
    return ownership.owns(repoUrl);
  }

  /**
   * Re-reads the fleet when its branch moved; apps the change concerns are announced again by the
   * next check of their repository.
   */
  private Set<String> checkFleet() {
    Set<String> before = Set.copyOf(fleet.fleet().apps().keySet());
    Set<String> reannounce = fleetWatch.check(ownership.owns(fleet.url()));
    Set<String> concerned = new java.util.HashSet<>(reannounce);
    fleet.fleet().apps().keySet().stream().filter(a -> !before.contains(a)).forEach(concerned::add);
    String cause = "fleet revision " + fleet.fleet().revision() + " changed the app";
    for (String app : reannounce) {
      // an app not polled yet (e.g. before this instance was given its repository) gets the cause
      // too: its first announcement must make the renderer read this fleet
      watches.compute(
          app, (name, watch) -> (watch == null ? AppWatch.NEW : watch).reannounce(cause));
    }
    return concerned;
  }

  /**
   * After a webhook moved the fleet: checks now the repositories of the apps the change concerns
   * (added or changed apps), instead of leaving them to the next poll round.
   */
  private void checkConcerned(Set<String> apps) {
    if (apps.isEmpty()) {
      return;
    }
    for (WatchTarget target : WatchTarget.of(fleet.fleet())) {
      if (ownership.owns(target.repoUrl())
          && target.apps().stream().anyMatch(a -> apps.contains(a.name()))) {
        pool.submit(
            () -> {
              try {
                checkOrForward(target, "fleet change");
              } catch (RuntimeException e) {
                LOG.errorf(
                    e, "check of %s after a fleet change failed", Urls.redact(target.repoUrl()));
              }
            });
      }
    }
  }

  /**
   * Before the first poll: where every app was last announced, from the watch state, so a restart
   * neither repeats an unchanged commit nor misses one that landed meanwhile. Failing here fails
   * the poll (nothing is announced) and the next poll tries again.
   */
  private synchronized void resume() {
    if (resumed) {
      return;
    }
    reload();
  }

  /**
   * What every app was last announced at, from the watch state, replacing what this instance
   * remembers (another instance may have announced since it last owned the app). A fleet change not
   * yet announced for an app stays to be announced: the watch state does not record it.
   */
  private synchronized void reload() {
    Map<String, Announced> last = state.load();
    Map<String, String> causes = new HashMap<>();
    watches.forEach(
        (app, watch) -> {
          if (watch.reannounce() != null) {
            causes.put(app, watch.reannounce());
          }
        });
    watches.clear();
    for (Application app : fleet.fleet().apps().values()) {
      AppWatch watch = AppWatch.resume(last.get(app.name()), Urls.redact(app.repoUrl()));
      String cause = causes.get(app.name());
      if (cause != null) {
        watch = watch.reannounce(cause);
      }
      if (!watch.equals(AppWatch.NEW)) {
        watches.putIfAbsent(app.name(), watch);
      }
    }
    resumed = true;
  }

  private int poll(WatchTarget target) {
    return pollIfOwned(target).orElse(0);
  }

  /**
   * A check asked for now (a webhook, a fleet change) of a repository this instance owned when it
   * was asked: run here, or, when the repository's share has moved to another instance since (a
   * rebalance in between), asked of its new owner instead of waiting for that one's next poll.
   */
  private void checkOrForward(WatchTarget target, String why) {
    java.util.OptionalInt published = pollIfOwned(target);
    if (published.isEmpty()) {
      LOG.infof(
          "%s check of %s: the repository moved to another watcher meanwhile; forwarded to it",
          why, Urls.redact(target.repoUrl()));
      forward(target);
    } else {
      LOG.debugf(
          "%s check of %s: %d events", why, Urls.redact(target.repoUrl()), published.getAsInt());
    }
  }

  /** Asks the owner of {@code target}'s repository to check it now (a record it reads). */
  private void forward(WatchTarget target) {
    try {
      ownership.forward(target.repoUrl());
    } catch (RuntimeException e) {
      LOG.warnf("%s; its owner checks it at its next poll", Urls.redact(e.getMessage()));
    }
  }

  /** Checks {@code target} if this instance owns its repository; empty when it does not. */
  private java.util.OptionalInt pollIfOwned(WatchTarget target) {
    handover.readLock().lock();
    try {
      if (!ownership.owns(target.repoUrl())) {
        return java.util.OptionalInt.empty();
      }
      synchronized (repoLocks.computeIfAbsent(target.repoUrl(), u -> new Object())) {
        return java.util.OptionalInt.of(pollLocked(target));
      }
    } finally {
      handover.readLock().unlock();
    }
  }

  /**
   * Steps every app of {@code target}, then publishes together the announcements they decided (see
   * {@link Announcements}); returns the number of CommitDetected published.
   */
  private int pollLocked(WatchTarget target) {
    var timer = io.micrometer.core.instrument.Timer.start(metrics);
    try {
      Announcements batch = new Announcements(fleet.git(), signatures);
      Map<String, String> remoteRefs;
      try {
        remoteRefs = target.needsRemoteRefs() ? fleet.git().lsRemote(target.repoUrl()) : Map.of();
        backoff.succeeded(target.repoUrl());
      } catch (GitException e) {
        backoff.failed(target.repoUrl(), clock.instant());
        Resolution failed = new Resolution.Unresolved(e.getMessage());
        target.apps().forEach(app -> step(app, failed, Map.of(), batch));
        return 0;
      }
      // apps of one repo moving between the same two commits share one comparison
      Map<String, Relevance.Change> changes = new HashMap<>();
      for (Application app : target.apps()) {
        step(app, RefResolver.resolve(app.refType(), app.ref(), remoteRefs), changes, batch);
      }
      return batch.publish(publisher, watches, state, clock);
    } finally {
      timer.stop(metrics.timer("flotilla.poll"));
    }
  }

  /**
   * Decides for one application: a failure is reported at once; an announcement is built (its
   * commit read) and added to {@code batch}, and the app is marked announced only once the batch is
   * acknowledged. An app whose files did not change between its last announced commit and the new
   * one is not announced and stays at that commit, so a later change to its files is still compared
   * from there.
   */
  private void step(
      Application app, Resolution now, Map<String, Relevance.Change> changes, Announcements batch) {
    AppWatch watch = watches.getOrDefault(app.name(), AppWatch.NEW);
    AppWatch.Decision decision = watch.decide(app.name(), now);
    if (decision instanceof AppWatch.Decision.Announce a) {
      Sighting sighting = a.sighting();
      try {
        Relevance.Change change =
            sighting.isFirst() || sighting.isReannouncement()
                ? null
                : change(app, sighting, changes);
        if (change == null || Relevance.concerns(app.path(), app.referencedPaths(), change)) {
          batch.add(app, watch, sighting, change != null && change.forced());
          return;
        }
        LOG.debugf(
            "app=%s: %s..%s changes nothing under '%s'; not announced",
            app.name(), sighting.previousSha(), sighting.sha(), app.path());
        settle(app, watch, watch.passed(sighting.sha()));
        return;
      } catch (GitException e) {
        // the ref resolved but the commit cannot be read (e.g. a pinned SHA that is not there)
        now = new Resolution.Unresolved(e.getMessage());
        decision = watch.decide(app.name(), now);
      }
    }
    if (decision instanceof AppWatch.Decision.ReportFailure f) {
      reportFailure(app, f.reason());
      settle(app, watch, watch.failed(f.reason()));
      return;
    }
    if (now instanceof Resolution.Resolved) {
      settle(app, watch, watch.healthy());
    }
  }

  /**
   * Stores {@code next}, decided from {@code from}, keeping a fleet change's mark set meanwhile by
   * another thread ({@link #checkFleet} does not hold the repository's lock).
   */
  private void settle(Application app, AppWatch from, AppWatch next) {
    watches.compute(app.name(), (name, now) -> AppWatch.settle(from, now, next));
  }

  /** What happened between the announced commit and the new one: rewritten? which files? */
  private Relevance.Change change(
      Application app, Sighting sighting, Map<String, Relevance.Change> changes) {
    return changes.computeIfAbsent(
        sighting.previousSha() + ".." + sighting.sha(),
        k -> {
          String url = app.repoUrl();
          boolean forced = !fleet.git().isAncestor(url, sighting.previousSha(), sighting.sha());
          return new Relevance.Change(
              forced,
              forced
                  ? Set.of()
                  : fleet.git().changedPaths(url, sighting.previousSha(), sighting.sha()));
        });
  }

  private void reportFailure(Application app, String reason) {
    String safeReason = Urls.redact(reason);
    LOG.warnf(
        "watch app=%s repo=%s ref=%s (%s) failed: %s; will retry",
        app.name(), Urls.redact(app.repoUrl()), app.ref(), app.refType().yamlName(), safeReason);
    metrics.counter("flotilla.watch.failures").increment();
    publisher.publish(
        new WatchFailed(
            app.name(), Urls.redact(app.repoUrl()), app.ref(), safeReason, clock.instant()));
  }
}
