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
    if (config.maxBundleBytes() + ENVELOPE_BYTES > maxRequestBytes) {
      // The producer checks the uncompressed record size, gzip or not: such a bundle renders but
      // Kafka refuses it, and its commit ends on the dead-letter topic instead of as a
      // RenderFailed.
      LOG.warnf(
          "FLOTILLA_MAX_BUNDLE_BYTES=%d leaves no room under the Kafka producer's max.request.size=%d"
              + " (FLOTILLA_KAFKA_MAX_REQUEST_BYTES): bundles near the limit will be refused by Kafka",
          config.maxBundleBytes(), maxRequestBytes);
    }
    String instance = config.instance().filter(s -> !s.isBlank()).orElseGet(RendererBeans::host);
    Limits limits =
        new Limits(
            config.maxFileBytes(),
            config.maxRenderBytes(),
            config.maxObjects(),
            config.maxBundleBytes(),
            Limits.DEFAULT.maxYamlAliases(),
            (int)
                Math.min(
                    Integer.MAX_VALUE, Math.max(config.maxFileBytes(), config.maxRenderBytes())));
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
