package io.flotilla.renderer.domain;

/**
 * What one render may consume. Every limit protects the renderer (and, through Kafka, every service
 * after it) from a hostile or careless repository.
 *
 * @param maxFileBytes the largest single input file
 * @param maxRenderBytes the most input bytes one render reads, and the most output a tool may print
 * @param maxObjects the most objects one bundle may hold
 * @param maxBundleBytes the largest bundle (UTF-8 bytes of its canonical JSON)
 * @param maxYamlAliases the most aliases one YAML stream may use (billion-laughs guard)
 * @param maxYamlCodePoints the most characters one YAML stream may hold
 * @param maxFiles the most files (of any kind) one render reads
 */
public record Limits(
    long maxFileBytes,
    long maxRenderBytes,
    int maxObjects,
    long maxBundleBytes,
    int maxYamlAliases,
    int maxYamlCodePoints,
    int maxFiles) {

  /** The default number of files one render may read. */
  public static final int DEFAULT_MAX_FILES = 10_000;

  public static final Limits DEFAULT =
      new Limits(4L << 20, 32L << 20, 5_000, 1L << 20, 100, 32 << 20, DEFAULT_MAX_FILES);

  /** The limits with the default number of files. */
  public Limits(
      long maxFileBytes,
      long maxRenderBytes,
      int maxObjects,
      long maxBundleBytes,
      int maxYamlAliases,
      int maxYamlCodePoints) {
    this(
        maxFileBytes,
        maxRenderBytes,
        maxObjects,
        maxBundleBytes,
        maxYamlAliases,
        maxYamlCodePoints,
        DEFAULT_MAX_FILES);
  }

  /** The same limits with another bundle limit. */
  public Limits withMaxBundleBytes(long bytes) {
    return new Limits(
        maxFileBytes,
        maxRenderBytes,
        maxObjects,
        bytes,
        maxYamlAliases,
        maxYamlCodePoints,
        maxFiles);
  }
}
