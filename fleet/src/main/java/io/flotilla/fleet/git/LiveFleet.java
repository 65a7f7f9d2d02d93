package io.flotilla.fleet.git;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetDiff;
import io.flotilla.fleet.FleetException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fleet as it is in the fleet repo now: read at start-up, re-read when the fleet branch moves.
 * An invalid revision never replaces the fleet in force; it is reported once per revision.
 *
 * <p>Services call {@link #current()} on every use (never keep a {@link Fleet} in a field) and
 * {@link #refresh()} on a schedule, or when they meet a name the fleet in force does not know.
 */
public final class LiveFleet {
  private final FleetLoader loader;
  private final String url;
  private final String ref;
  private final AtomicReference<Fleet> current = new AtomicReference<>();
  private volatile String lastSeenSha;
  private volatile FleetException lastError;

  /**
   * Reads the fleet now.
   *
   * @throws FleetException when the fleet repo is missing its branch or is invalid: a service
   *     cannot start without a valid fleet
   */
  public LiveFleet(FleetLoader loader, String url, String ref) {
    this.loader = loader;
    this.url = url;
    this.ref = ref;
    Fleet fleet = loader.load(url, ref);
    loader.auth().sync(fleet);
    current.set(fleet);
    lastSeenSha = fleet.revision();
  }

  public Fleet current() {
    return current.get();
  }

  /** The fleet repo URL, credentials removed. */
  public String repo() {
    return Urls.redact(url);
  }

  public String ref() {
    return ref;
  }

  /** Why the newest fleet revision was refused, while the fleet in force is an older one. */
  public Optional<FleetException> lastError() {
    return Optional.ofNullable(lastError);
  }

  /**
   * Checks the fleet branch (one {@code ls-remote}) and reads it again when it moved.
   *
   * @throws GitException when the fleet repo cannot be reached; the fleet in force stays
   */
  public synchronized Refresh refresh() {
    String sha =
        loader
            .head(url, ref)
            .orElseThrow(
                () ->
                    new FleetException(
                        "fleet repo " + repo() + " has no branch '" + ref + "'", null));
    if (sha.equals(lastSeenSha)) {
      return new Refresh.Unchanged(current.get());
    }
    lastSeenSha = sha;
    Fleet next;
    try {
      next = loader.loadAt(url, sha);
    } catch (FleetException e) {
      lastError = e;
      return new Refresh.Invalid(sha, e, current.get());
    }
    lastError = null;
    loader.auth().sync(next);
    Fleet previous = current.getAndSet(next);
    return new Refresh.Changed(previous, next, FleetDiff.between(previous, next));
  }

  /** What {@link #refresh()} found. */
  public sealed interface Refresh {
    /** The fleet in force after the refresh. */
    Fleet fleet();

    /** The fleet branch has not moved (or moved to a revision already refused). */
    record Unchanged(Fleet fleet) implements Refresh {}

    /** The fleet branch moved to a valid revision, now in force. */
    record Changed(Fleet previous, Fleet fleet, FleetDiff diff) implements Refresh {}

    /** The fleet branch moved to an invalid revision; {@code fleet} is the one still in force. */
    record Invalid(String revision, FleetException error, Fleet fleet) implements Refresh {}
  }
}
