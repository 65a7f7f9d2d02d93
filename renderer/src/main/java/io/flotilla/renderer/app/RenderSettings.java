package io.flotilla.renderer.app;

/**
 * @param eventSource the CloudEvents {@code source} of every event this instance produces
 * @param maxBundleBytes the largest rendered bundle accepted, see {@code FLOTILLA_MAX_BUNDLE_BYTES}
 */
public record RenderSettings(String eventSource, long maxBundleBytes) {}
