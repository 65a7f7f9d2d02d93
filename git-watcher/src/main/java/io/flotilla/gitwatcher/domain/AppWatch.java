package io.flotilla.gitwatcher.domain;

import java.util.Objects;

/**
 * What the watcher last told the world about one application: the commit it last announced, and the
 * failure it last reported (cleared once the ref resolves again). Immutable; each poll decides from
 * it and the transitions below build the next one.
 *
 * @param announcedSha the last announced commit, {@code null} before the first
 * @param failure the reason of the last reported {@code WatchFailed}, {@code null} when none is
 *     standing
 * @param passedSha a newer commit found not to concern the app (a monorepo commit outside its
 *     path), so it is not compared again on every poll; {@code null} when none
 * @param reannounce why the next poll must announce the app's commit even if it is the one already
 *     announced (the fleet changed how the app is rendered or where it goes); {@code null} when not
 */
public record AppWatch(String announcedSha, String failure, String passedSha, String reannounce) {
  public static final AppWatch NEW = new AppWatch(null, null, null, null);

  public AppWatch(String announcedSha, String failure, String passedSha) {
    this(announcedSha, failure, passedSha, null);
  }

  /**
   * Where a restarted watcher resumes for an application: at its last announced commit, so an
   * unchanged ref is not announced again and a moved one is announced once with that commit as
   * previous. A remembered commit of another repository (the app moved) does not count.
   *
   * @param last what was remembered for the app, or {@code null}
   * @param repoUrlForEvents the app's repository as it would be announced now (credentials removed)
   */
  public static AppWatch resume(Announced last, String repoUrlForEvents) {
    return last != null && last.repoUrl().equals(repoUrlForEvents)
        ? new AppWatch(last.sha(), null, null)
        : NEW;
  }

  /** What to publish, if anything, now that the app's ref resolves as {@code now}. */
  public sealed interface Decision {
    /** Announce a commit (a {@code CommitDetected}). */
    record Announce(Sighting sighting) implements Decision {}

    /** Report a failure (a {@code WatchFailed}): the first, or one with a different reason. */
    record ReportFailure(String reason) implements Decision {}

    /** Nothing changed since the last poll. */
    record Nothing() implements Decision {}
  }

  /**
   * A new or moved commit is announced once, with the last announced one as previous; a failure is
   * reported when it starts or its reason changes, not on every poll. A failing ref keeps the last
   * announced commit, so the application stays where it is.
   */
  public Decision decide(String app, Resolution now) {
    if (now instanceof Resolution.Resolved r) {
      if (reannounce != null) {
        return new Decision.Announce(new Sighting(app, r.ref(), announcedSha, r.sha(), reannounce));
      }
      return Objects.equals(announcedSha, r.sha()) || Objects.equals(passedSha, r.sha())
          ? new Decision.Nothing()
          : new Decision.Announce(new Sighting(app, r.ref(), announcedSha, r.sha()));
    }
    String reason = ((Resolution.Unresolved) now).reason();
    return reason.equals(failure) ? new Decision.Nothing() : new Decision.ReportFailure(reason);
  }

  /** The state once {@code sha} is announced (acknowledged by the broker). */
  public AppWatch announced(String sha) {
    return new AppWatch(sha, null, null);
  }

  /**
   * The state once {@code sha} was found not to concern the app: it stays at its announced commit
   * (a later commit is compared from there), and {@code sha} is not examined again.
   */
  public AppWatch passed(String sha) {
    return new AppWatch(announcedSha, null, sha, reannounce);
  }

  /** The state once the ref resolved to the announced commit again: any failure is over. */
  public AppWatch healthy() {
    return new AppWatch(announcedSha, null, passedSha, reannounce);
  }

  /**
   * The state once the fleet changed the app: its commit is announced at the next poll that
   * resolves its ref, with {@code cause}, even when it is the one already announced. An app not
   * announced yet (never polled, its first announcement in flight, or its ref failing) keeps the
   * cause too: its first announcement must carry it, or the renderer renders it with the fleet it
   * last read, which may predate the change (a cluster added then got nothing).
   */
  public AppWatch reannounce(String cause) {
    return new AppWatch(announcedSha, failure, passedSha, cause);
  }

  /**
   * The state to store when a check decided {@code next} from {@code from} while the stored state
   * became {@code now}: a fleet change may mark the app ({@link #reannounce}) from another thread
   * during the check, and that mark must outlive the check's result, or the app's next announcement
   * does not carry it.
   */
  public static AppWatch settle(AppWatch from, AppWatch now, AppWatch next) {
    return now != null && now != from && now.reannounce() != null
        ? next.reannounce(now.reannounce())
        : next;
  }

  /** The state once a failure with {@code reason} is reported. */
  public AppWatch failed(String reason) {
    return new AppWatch(announcedSha, reason, passedSha, reannounce);
  }
}
