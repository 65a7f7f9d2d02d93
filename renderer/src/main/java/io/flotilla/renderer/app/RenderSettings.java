package io.flotilla.renderer.app;

import io.flotilla.renderer.domain.Limits;
import java.time.Duration;

/**
 * @param eventSource the CloudEvents {@code source} of every event this instance produces
 * @param limits what one render may consume
 * @param renderTimeout how long one Kustomize or Helm render may take
 * @param concurrency how many renders run at once
 * @param cacheEntries how many rendered bundles the render cache keeps
 */
public record RenderSettings(
    String eventSource, Limits limits, Duration renderTimeout, int concurrency, int cacheEntries) {

  /** Default limits, with {@code maxBundleBytes}. */
  public RenderSettings(String eventSource, long maxBundleBytes) {
    this(
        eventSource,
        Limits.DEFAULT.withMaxBundleBytes(maxBundleBytes),
        Duration.ofSeconds(60),
        4,
        2048);
  }

  public long maxBundleBytes() {
    return limits.maxBundleBytes();
  }
}
