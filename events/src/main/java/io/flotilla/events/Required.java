package io.flotilla.events;

/** Checks for the required fields of event records, so a malformed event never gets built. */
final class Required {
  private Required() {}

  static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    return value;
  }

  static <T> T value(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    return value;
  }
}
