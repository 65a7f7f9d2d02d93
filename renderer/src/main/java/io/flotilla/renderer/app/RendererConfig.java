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

  /** Credentials apps name with {@code spec.source.credentialsRef} (read by the Git adapter). */
  @WithDefault(".flotilla/credentials")
  Path credentialsDir();

  /** This instance's name in the CloudEvents source; the host name when unset. */
  Optional<String> instance();

  @WithDefault("1048576")
  long maxBundleBytes();

  /** The largest single input file a render reads. */
  @WithDefault("4194304")
  long maxFileBytes();

  /** The most input one render reads, and the most output Kustomize or Helm may print. */
  @WithDefault("33554432")
  long maxRenderBytes();

  /** The most files (of any kind) one render reads. */
  @WithDefault("10000")
  int maxFiles();

  /** The most objects one bundle may hold. */
  @WithDefault("5000")
  int maxObjects();

  /** How long one Kustomize or Helm render may take. */
  @WithDefault("60s")
  Duration renderTimeout();

  /** How many renders run at once (variants of one commit, and apps in a batch). */
  @WithDefault("4")
  int renderConcurrency();

  /** How many rendered bundles the render cache keeps. */
  @WithDefault("2048")
  int renderCacheEntries();

  Kustomize kustomize();

  interface Kustomize {
    /** The kubectl binary whose embedded Kustomize (v5+) builds kustomizations. */
    @WithDefault("kubectl")
    String kubectl();
  }

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
