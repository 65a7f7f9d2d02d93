package io.flotilla.cli.commands;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.preview.Diff;
import io.flotilla.cli.preview.Preview;
import io.flotilla.cli.preview.Reports;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Merge-request preview: render APP at a ref of its repository for every cluster it targets"
          + " and show, per cluster, the objects a sync would create, change (a diff of the"
          + " fields, Secret values redacted) or prune, against the live state.",
      "Exit code: 0 no changes, 1 changes, 2 error — usable as a CI job on a merge request.",
      "Reads the fleet repo and the clusters directly (read-only), like the services do: it"
          + " needs FLOTILLA_FLEET_REPO and the kubeconfigs in FLOTILLA_CREDENTIALS_DIR, not the"
          + " applier."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla diff guestbook --ref feature/scale-web",
      "  flotilla diff guestbook --ref v1.5.0 --cluster prod-eu-1",
      "  flotilla diff guestbook --ref \"$CI_COMMIT_REF_NAME\" --format markdown > comment.md",
      "  flotilla diff guestbook --ref main --fleet-ref my-fleet-change   (a fleet repo MR)"
    })
public final class DiffCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "APP", description = "the application")
  String app;

  @Option(
      names = "--ref",
      required = true,
      paramLabel = "REF",
      description = "branch, tag or full commit SHA of the app's repository")
  String ref;

  @Option(names = "--cluster", paramLabel = "CLUSTER", description = "only this cluster")
  String cluster;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or markdown (default ${DEFAULT-VALUE})")
  Format format;

  @Option(
      names = "--fleet-repo",
      paramLabel = "URL",
      description = "the fleet repo (default: env FLOTILLA_FLEET_REPO)")
  String fleetRepo;

  @Option(
      names = "--fleet-ref",
      paramLabel = "BRANCH",
      description = "its branch (default: env FLOTILLA_FLEET_REF, else main)")
  String fleetRef;

  @Option(
      names = "--credentials-dir",
      paramLabel = "DIR",
      description =
          "kubeconfigs named by the fleet (default: env FLOTILLA_CREDENTIALS_DIR, else"
              + " ./.flotilla/credentials)")
  Path credentialsDir;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Git mirrors and scratch space (default ~/.cache/flotilla/cli)")
  Path cacheDir;

  /** How the preview is printed. */
  public enum Format {
    text,
    markdown
  }

  @Override
  public Integer call() {
    try {
      Preview preview = Diff.run(sources(), app, ref, cluster);
      out().print(format == Format.markdown ? Reports.markdown(preview) : Reports.text(preview));
      if (preview.hasErrors()) {
        root().err().println("error: some clusters could not be previewed (see above)");
        return ExitCodes.USAGE;
      }
      return preview.hasChanges() ? ExitCodes.NEGATIVE : ExitCodes.OK;
    } catch (CliException e) {
      // diff's contract for CI: 2 means "could not tell", whatever the cause
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }

  private Diff.Sources sources() {
    var env = root().env();
    String repo = fleetRepo != null ? fleetRepo : env.get("FLOTILLA_FLEET_REPO");
    if (repo == null || repo.isBlank()) {
      throw usage("diff needs the fleet repo: pass --fleet-repo URL or set FLOTILLA_FLEET_REPO");
    }
    String branch =
        fleetRef != null
            ? fleetRef
            : env.getOrDefault("FLOTILLA_FLEET_REF", "main").isBlank()
                ? "main"
                : env.getOrDefault("FLOTILLA_FLEET_REF", "main");
    Path creds =
        credentialsDir != null
            ? credentialsDir
            : Path.of(env.getOrDefault("FLOTILLA_CREDENTIALS_DIR", ".flotilla/credentials"));
    Path cache =
        cacheDir != null
            ? cacheDir
            : Path.of(System.getProperty("user.home"), ".cache", "flotilla", "cli");
    return new Diff.Sources(repo, branch, creds, cache);
  }
}
