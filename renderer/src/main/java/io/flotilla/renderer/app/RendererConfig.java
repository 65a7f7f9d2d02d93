package io.flotilla.renderer.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The renderer's configuration; environment variable names are in application.properties. */
@ConfigMapping(prefix = "flotilla")
public interface RendererConfig {
  FleetRepo fleet();

  /** Where bare mirrors of the fleet and application repositories are kept. */
  Path cacheDir();

  /** This instance's name in the CloudEvents source; the host name when unset. */
  Optional<String> instance();

  @WithDefault("1048576")
  long maxBundleBytes();

  /** How long to wait for Kafka to acknowledge the events of one commit. */
  @WithDefault("150s")
  Duration sendTimeout();

  interface FleetRepo {
    String repo();

    @WithDefault("main")
    String ref();

    /** How often the fleet repo is checked for a new revision. */
    @WithDefault("10s")
    Duration refreshInterval();
  }
}
