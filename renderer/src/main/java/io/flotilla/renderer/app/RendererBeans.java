package io.flotilla.renderer.app;

import io.flotilla.events.CloudEvent;
import io.flotilla.renderer.domain.Limits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Plain values the use case needs, made from configuration. */
public class RendererBeans {
  static final String SERVICE = "renderer";
  private static final Logger LOG = Logger.getLogger(RendererBeans.class);

  /** Room for a DesiredState's envelope and fields around its resources (they are well under). */
  static final long ENVELOPE_BYTES = 16 * 1024;

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  RenderSettings settings(
      RendererConfig config,
      @ConfigProperty(
              name = "mp.messaging.outgoing.desired.max.request.size",
              defaultValue = "1048576")
          long maxRequestBytes) {
    long bundleLimit = config.maxBundleBytes();
    if (bundleLimit + ENVELOPE_BYTES > maxRequestBytes) {
      // The producer checks the uncompressed record size, gzip or not: a bundle over what Kafka
      // takes must fail as a RenderFailed naming the limit, never reach the producer.
      bundleLimit = Math.max(0, maxRequestBytes - ENVELOPE_BYTES);
      LOG.warnf(
          "FLOTILLA_MAX_BUNDLE_BYTES=%d leaves no room under the Kafka producer's"
              + " max.request.size=%d (FLOTILLA_KAFKA_MAX_REQUEST_BYTES): bundles over %d bytes"
              + " are refused",
          config.maxBundleBytes(), maxRequestBytes, bundleLimit);
    }
    String instance = config.instance().filter(s -> !s.isBlank()).orElseGet(RendererBeans::host);
    Limits limits =
        new Limits(
            config.maxFileBytes(),
            config.maxRenderBytes(),
            config.maxObjects(),
            bundleLimit,
            Limits.DEFAULT.maxYamlAliases(),
            (int)
                Math.min(
                    Integer.MAX_VALUE, Math.max(config.maxFileBytes(), config.maxRenderBytes())),
            config.maxFiles());
    return new RenderSettings(
        CloudEvent.source(SERVICE, instance),
        limits,
        config.renderTimeout(),
        config.renderConcurrency(),
        config.renderCacheEntries());
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "cannot read this machine's host name (" + e.getMessage() + "); set FLOTILLA_INSTANCE",
          e);
    }
  }
}
