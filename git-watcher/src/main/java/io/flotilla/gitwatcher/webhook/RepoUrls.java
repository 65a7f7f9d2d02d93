package io.flotilla.gitwatcher.webhook;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repository URLs compared as a Git host means them: scheme and host case-insensitive, credentials,
 * a trailing {@code /} and a trailing {@code .git} ignored. {@code
 * https://Bob:pw@GitHub.com/acme/apps.git/} and {@code https://github.com/acme/apps} are the same
 * repository. Pure.
 */
public final class RepoUrls {
  private static final Pattern URL =
      Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^/@]*@)?([^/]*)(.*)$");
  // scp-like SSH: git@github.com:acme/apps.git
  private static final Pattern SCP = Pattern.compile("^(?:[^@/:]+@)?([^/:]+):(?!//)(.*)$");

  private RepoUrls() {}

  public static String normalise(String url) {
    String u = url.trim();
    Matcher m = URL.matcher(u);
    String out;
    if (m.matches()) {
      out =
          m.group(1).toLowerCase(Locale.ROOT)
              + "://"
              + m.group(2).toLowerCase(Locale.ROOT)
              + stripTail(m.group(3));
    } else if (u.regionMatches(true, 0, "file:", 0, 5)) {
      // file:/srv/x and file:///srv/x (what java.net.URI and git write) are the same
      String path = u.substring(5);
      out = "file://" + stripTail(path.startsWith("//") ? path.substring(2) : path);
    } else {
      Matcher scp = SCP.matcher(u);
      out =
          scp.matches()
              ? "ssh://" + scp.group(1).toLowerCase(Locale.ROOT) + "/" + stripTail(scp.group(2))
              : stripTail(u);
    }
    return out;
  }

  public static boolean same(String a, String b) {
    return normalise(a).equals(normalise(b));
  }

  private static String stripTail(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
