package io.flotilla.applier.app;

/**
 * How to run one sync beyond the app's policy.
 *
 * @param prune prune even if the app's {@code syncPolicy.prune} is off (a requested sync)
 * @param force force conflicts with other field managers
 * @param reason why this sync runs, for logs ({@code desired state}, {@code sync requested by x})
 */
public record SyncRequest(boolean prune, boolean force, String reason) {
  public static SyncRequest automatic(boolean force) {
    return new SyncRequest(false, force, "desired state");
  }
}
