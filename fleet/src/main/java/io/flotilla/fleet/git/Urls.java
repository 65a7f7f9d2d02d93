package io.flotilla.fleet.git;

import java.util.regex.Pattern;

/** URL helpers for messages and logs. */
public final class Urls {
  private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@");

  private Urls() {}

  /**
   * {@code text} with the user name and password of every URL in it removed: safe for logs, events
   * and errors.
   */
  public static String redact(String text) {
    return text == null ? null : USERINFO.matcher(text).replaceAll("$1***@");
  }
}
