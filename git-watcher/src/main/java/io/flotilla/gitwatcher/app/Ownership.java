package io.flotilla.gitwatcher.app;

import java.util.Collection;

/**
 * Port: which repositories this watcher instance checks. Several instances share the repositories
 * so that exactly one of them checks (and announces for) each; a webhook that reaches an instance
 * which does not own the repository is forwarded to the owner.
 */
public interface Ownership {

  /** Whether this instance checks {@code repoUrl} now. */
  boolean owns(String repoUrl);

  /** Asks the instance that owns {@code repoUrl} to check it now. */
  void forward(String repoUrl);

  /** Starts taking part; {@code listener} hears of changes. */
  void start(Listener listener);

  /** What the watcher does when ownership changes. */
  interface Listener {
    /**
     * Repositories were taken away from this instance: returns once no check of them is running, so
     * the next owner never overlaps with this one.
     */
    void revoked(Collection<Integer> shares);

    /**
     * Repositories were given to this instance: what was announced for them must be read again
     * (another instance may have announced meanwhile).
     */
    void assigned(Collection<Integer> shares);

    /** The owner of {@code repoUrl} is asked to check it now (a forwarded webhook). */
    void checkRequested(String repoUrl);
  }

  /** One instance alone: it owns everything. */
  Ownership EVERYTHING =
      new Ownership() {
        @Override
        public boolean owns(String repoUrl) {
          return true;
        }

        @Override
        public void forward(String repoUrl) {
          throw new IllegalStateException("a single watcher owns every repository");
        }

        @Override
        public void start(Listener listener) {}
      };
}
