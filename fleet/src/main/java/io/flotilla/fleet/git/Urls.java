package io.flotilla.fleet.git;

import java.util.regex.Pattern;

/** URL helpers for messages and logs. */
public final class Urls {
  private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");

  private Urls() {}

  /** {@code url} without any user name or password, safe for logs, events and errors. */
  public static String redact(String url) {
    return url == null ? null : USERINFO.matcher(url).replaceFirst("$1***@");
  }
}
