package io.flotilla.applier.domain.diff;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 1Gi}, {@code 2e3}) as numbers, so that what
 * the API server rewrites ({@code 1000m} → {@code 1}) does not count as a change.
 */
final class Quantities {
  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("", BigDecimal.ONE),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")),
          Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
          Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
          Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
          Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
          Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
          Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  private Quantities() {}

  /** The value of a quantity, or {@code null} when {@code text} is not one. */
  static BigDecimal parse(String text) {
    var m =
        java.util.regex.Pattern.compile("^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$")
            .matcher(text.strip());
    if (!m.matches() || !SUFFIXES.containsKey(m.group(2))) {
      return null;
    }
    try {
      return new BigDecimal(m.group(1)).multiply(SUFFIXES.get(m.group(2)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
