package io.flotilla.cli.commands;

import io.flotilla.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code sync --wait} and {@code rollback --wait} wait for the clusters to converge. */
final class ConvergeOptions {
  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "give up waiting after this long: exit code 5 (default ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(
      names = "--interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "how often to poll while waiting (default ${DEFAULT-VALUE})")
  Duration interval;
}
