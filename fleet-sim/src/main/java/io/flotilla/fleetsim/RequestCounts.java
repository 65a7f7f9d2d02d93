package io.flotilla.fleetsim;

/**
 * Requests one simulated cluster has answered since start or the last reset.
 *
 * @param reads GET requests, including lists, watches and discovery
 * @param writes POST, PUT and PATCH requests (server-side apply is a PATCH)
 * @param deletes DELETE requests
 */
public record RequestCounts(long reads, long writes, long deletes) {

  /** No requests. */
  public static final RequestCounts ZERO = new RequestCounts(0, 0, 0);

  /** Reads, writes and deletes together. */
  public long total() {
    return reads + writes + deletes;
  }
}
