package io.flotilla.fleet.git;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.fleet.FleetParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fleet repo ({@code FLOTILLA_FLEET_REPO} at {@code FLOTILLA_FLEET_REF}) into a Fleet.
 */
public final class FleetLoader {
  private final GitMirror git;

  public FleetLoader(GitMirror git) {
    this.git = git;
  }

  /**
   * @throws FleetException when the branch is missing or the fleet is invalid (every problem named)
   * @throws GitException when the repository cannot be read
   */
  public Fleet load(String url, String ref) {
    String sha =
        head(url, ref)
            .orElseThrow(
                () ->
                    new FleetException(
                        "fleet repo " + Urls.redact(url) + " has no branch '" + ref + "'", null));
    return loadAt(url, sha);
  }

  /** The credentials the loader's mirror uses; the fleet names them per app repository. */
  GitAuth auth() {
    return git.auth();
  }

  /** The commit the fleet branch points at ({@code ls-remote}, no fetch). */
  public java.util.Optional<String> head(String url, String ref) {
    return git.resolveBranch(url, ref);
  }

  /**
   * Reads the fleet at commit {@code sha}.
   *
   * @throws FleetException when the fleet is invalid (every problem named)
   */
  public Fleet loadAt(String url, String sha) {
    Map<String, String> files = new LinkedHashMap<>();
    git.textFiles(url, sha, "")
        .forEach(
            (path, content) -> {
              if (FleetParser.isFleetFile(path)) {
                files.put(path, content);
              }
            });
    return FleetParser.parse(sha, files);
  }
}
