package io.flotilla.cli.preview;

import io.flotilla.cli.preview.Preview.Action;
import io.flotilla.cli.preview.Preview.Change;
import io.flotilla.cli.preview.Preview.ClusterPreview;

/** A {@link Preview} as text for a terminal, or as Markdown for a merge-request comment. */
public final class Reports {
  private Reports() {}

  static String shortSha(String sha) {
    return sha != null && sha.length() == 40 ? sha.substring(0, 7) : String.valueOf(sha);
  }

  private static String counts(ClusterPreview c) {
    if (c.error() != null) {
      return "error";
    }
    if (c.changes().isEmpty()) {
      return "no changes (" + c.unchanged() + " objects up to date)";
    }
    StringBuilder s = new StringBuilder();
    for (Action a : Action.values()) {
      long n = c.count(a);
      if (n > 0) {
        s.append(s.isEmpty() ? "" : ", ").append(n).append(" to ").append(a.word);
      }
    }
    return s.toString().replace("to left in place", "left in place");
  }

  public static String text(Preview p) {
    StringBuilder s =
        new StringBuilder(
            "diff of "
                + p.app()
                + " at "
                + p.ref()
                + " ("
                + shortSha(p.revision())
                + ") against the live state of "
                + p.clusters().size()
                + " cluster"
                + (p.clusters().size() == 1 ? "" : "s")
                + "\n");
    for (ClusterPreview c : p.clusters()) {
      s.append("\ncluster ").append(c.cluster()).append(": ").append(counts(c)).append("\n");
      if (c.error() != null) {
        s.append("  error: ").append(c.error()).append("\n");
        continue;
      }
      for (Change ch : c.changes()) {
        s.append("  ").append(ch.action().sign).append(" ").append(ch.action().word).append(" ");
        s.append(ch.object()).append("\n");
        if (ch.action() == Action.CHANGE) {
          s.append("      --- live\n      +++ ").append(p.ref()).append("\n");
        }
        for (String line : ch.lines()) {
          String prefix =
              switch (ch.action()) {
                case CREATE -> "+ ";
                case PRUNE -> "- ";
                case RETAIN -> "  ";
                default -> "";
              };
          s.append(("      " + prefix + line).stripTrailing()).append("\n");
        }
      }
    }
    return s.toString();
  }

  public static String markdown(Preview p) {
    StringBuilder s =
        new StringBuilder(
            "### Flotilla diff: `"
                + p.app()
                + "` at `"
                + p.ref()
                + "` (`"
                + shortSha(p.revision())
                + "`)\n\n");
    s.append("| cluster | create | change | prune | unchanged |\n");
    s.append("|---|---:|---:|---:|---:|\n");
    for (ClusterPreview c : p.clusters()) {
      if (c.error() != null) {
        s.append("| ").append(c.cluster()).append(" | ⚠ error | | | |\n");
      } else {
        s.append("| ")
            .append(c.cluster())
            .append(" | ")
            .append(c.count(Action.CREATE))
            .append(" | ")
            .append(c.count(Action.CHANGE))
            .append(" | ")
            .append(c.count(Action.PRUNE))
            .append(" | ")
            .append(c.unchanged())
            .append(" |\n");
      }
    }
    for (ClusterPreview c : p.clusters()) {
      if (c.error() == null && c.changes().isEmpty()) {
        continue;
      }
      s.append("\n#### ").append(c.cluster()).append("\n\n");
      if (c.error() != null) {
        s.append("⚠ ").append(c.error()).append("\n");
        continue;
      }
      for (Change ch : c.changes()) {
        if (ch.lines().isEmpty()) {
          s.append("- <b>")
              .append(ch.action().word)
              .append("</b> <code>")
              .append(ch.object())
              .append("</code>\n");
          continue;
        }
        s.append("<details><summary><b>")
            .append(ch.action().word)
            .append("</b> <code>")
            .append(ch.object())
            .append("</code></summary>\n\n```")
            .append(ch.action() == Action.CHANGE ? "diff" : "yaml")
            .append("\n");
        if (ch.action() == Action.CHANGE) {
          s.append("--- live\n+++ ").append(p.ref()).append("\n");
        }
        ch.lines().forEach(l -> s.append(l.replace("```", "`\u200b``")).append("\n"));
        s.append("```\n\n</details>\n");
      }
    }
    if (!p.hasChanges() && !p.hasErrors()) {
      s.append("\nNo changes would be applied.\n");
    }
    return s.toString();
  }
}
