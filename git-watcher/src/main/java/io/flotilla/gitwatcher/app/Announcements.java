package io.flotilla.gitwatcher.app;

import io.flotilla.events.CommitDetected;
import io.flotilla.events.Person;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.git.CommitInfo;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.Urls;
import io.flotilla.gitwatcher.domain.Announced;
import io.flotilla.gitwatcher.domain.AppWatch;
import io.flotilla.gitwatcher.domain.Sighting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The CommitDetected events one check of a repository decided, published together once every app of
 * it was stepped: the broker acknowledges them all in one round trip, and the watch state is
 * written the same way, instead of two round trips per app (a monorepo commit touching 1,000 apps
 * took 90 s one by one). Each commit is read once however many apps announce it. For one check, on
 * one thread.
 */
final class Announcements {
  private static final Logger LOG = Logger.getLogger(Announcements.class);

  private final GitMirror git;
  private final CommitSignatures signatures;
  private final Map<String, CommitInfo> commits = new HashMap<>();
  private final Map<String, byte[]> rawCommits = new HashMap<>();
  private final Map<String, GitException> unreadable = new HashMap<>();
  private final List<Pending> pending = new ArrayList<>();

  /** An announcement built, not yet published; {@code from} is the watch it was decided from. */
  private record Pending(Application app, AppWatch from, Sighting sighting, CommitDetected event) {}

  Announcements(GitMirror git, CommitSignatures signatures) {
    this.git = git;
    this.signatures = signatures;
  }

  /**
   * Builds the announcement of {@code sighting} for {@code app} (the commit read, its signature
   * checked) and keeps it for {@link #publish}.
   *
   * @throws GitException when the commit cannot be read
   */
  void add(Application app, AppWatch from, Sighting sighting, boolean forced) {
    CommitInfo info = commit(app.repoUrl(), sighting.sha());
    CommitDetected event =
        sighting.toEvent(
            Urls.redact(app.repoUrl()),
            new Person(info.authorName(), info.authorEmail()),
            new Person(info.committerName(), info.committerEmail()),
            info.message(),
            info.commitTime(),
            forced,
            signatures.check(app, rawCommit(app.repoUrl(), sighting.sha())));
    if (!event.deployable()) {
      LOG.warnf(
          "app=%s sha=%s: signature %s, but the app requires a valid one; announced as not"
              + " deployable, nothing will render or apply it",
          app.name(), sighting.sha(), event.signature().status().json());
    }
    pending.add(new Pending(app, from, sighting, event));
  }

  private CommitInfo commit(String url, String sha) {
    return read(commits, url, sha, () -> git.commit(url, sha));
  }

  private byte[] rawCommit(String url, String sha) {
    return read(rawCommits, url, sha, () -> git.rawCommit(url, sha));
  }

  /** Reads once per sha; a commit that cannot be read is not tried again in this check either. */
  private <T> T read(
      Map<String, T> cache, String url, String sha, java.util.function.Supplier<T> reader) {
    GitException failed = unreadable.get(sha);
    if (failed != null) {
      throw failed;
    }
    T known = cache.get(sha);
    if (known != null) {
      return known;
    }
    try {
      T read = reader.get();
      cache.put(sha, read);
      return read;
    } catch (GitException e) {
      unreadable.put(sha, e);
      throw e;
    }
  }

  /**
   * Publishes every announcement and waits for every acknowledgement; only then marks each app
   * announced in {@code watches} and writes the watch state of all of them. When publishing fails
   * no app is marked (all are announced again at the next check; consumers tolerate a repeated
   * CommitDetected) and the failure is thrown.
   *
   * @return the number of CommitDetected published
   */
  int publish(
      CommitPublisher publisher,
      Map<String, AppWatch> watches,
      WatchStateStore state,
      Clock clock) {
    if (pending.isEmpty()) {
      return 0;
    }
    publisher.publishAll(pending.stream().map(Pending::event).toList());
    List<Announced> remembered = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      String sha = p.sighting().sha();
      // a fleet change that asked for a new announcement while this one was in flight stands
      watches.compute(
          p.app().name(), (name, now) -> AppWatch.settle(p.from(), now, p.from().announced(sha)));
      remembered.add(
          new Announced(
              p.app().name(),
              Urls.redact(p.app().repoUrl()),
              p.sighting().ref(),
              sha,
              clock.instant()));
    }
    remember(state, remembered);
    return pending.size();
  }

  /** After the broker acknowledged the announcements; a failure here costs one repeat. */
  private static void remember(WatchStateStore state, List<Announced> announced) {
    try {
      state.saveAll(announced);
    } catch (RuntimeException e) {
      List<String> apps = announced.stream().map(a -> a.app() + "@" + a.sha()).toList();
      LOG.warnf(
          "%d apps announced, but their watch state was not written (%s); after a restart these"
              + " commits are announced once more: %s",
          apps.size(),
          e.getMessage(),
          apps.size() <= 10 ? apps : apps.subList(0, 10) + " and " + (apps.size() - 10) + " more");
    }
  }
}
