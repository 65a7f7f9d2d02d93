package io.flotilla.cli.preview;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.fleet.git.FleetLoader;
import io.flotilla.fleet.git.GitAuth;
import io.flotilla.fleet.git.GitException;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.Urls;
import io.flotilla.renderer.app.RenderCache;
import io.flotilla.renderer.app.RenderSettings;
import io.flotilla.renderer.app.RepoTree;
import io.flotilla.renderer.app.SourceRepos;
import io.flotilla.renderer.app.Tools;
import io.flotilla.renderer.app.Variant;
import io.flotilla.renderer.app.VariantRenderer;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.domain.RenderResult;
import io.flotilla.renderer.git.GitSourceRepos;
import io.flotilla.renderer.tools.HelmJava;
import io.flotilla.renderer.tools.KubectlKustomize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Git side of a preview: the fleet (through the fleet module's {@link FleetLoader}), the app's
 * repository at a ref, and its rendering per cluster with the renderer's own {@link
 * VariantRenderer} — the same code, limits and ownership labels the renderer service uses.
 */
final class GitSide implements AutoCloseable {
  private final GitMirror mirror;
  private final Path cacheDir;
  private final VariantRenderer renderer;
  private RepoTree tree;

  GitSide(Path cacheDir, CredentialsDir credentials) {
    this.cacheDir = cacheDir;
    this.mirror =
        new GitMirror(cacheDir.resolve("fleet"), new GitAuth(credentials), Duration.ofSeconds(60));
    Path scratch = cacheDir.resolve("scratch");
    this.renderer =
        new VariantRenderer(
            new KubectlKustomize("kubectl", scratch),
            new LazyHelm(scratch, cacheDir.resolve("jna")),
            new RenderSettings("/flotilla/cli", Limits.DEFAULT.maxBundleBytes()),
            new RenderCache(16));
  }

  Fleet fleet(String url, String ref) {
    try {
      Fleet fleet = new FleetLoader(mirror).load(url, ref);
      mirror.auth().sync(fleet);
      return fleet;
    } catch (FleetException | GitException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read the fleet repo: " + e.getMessage());
    }
  }

  /** The commit {@code ref} (branch, tag, or a full SHA) names in the app's repository. */
  String resolve(Application app, String ref) {
    if (ref.matches("[0-9a-f]{40}")) {
      return ref;
    }
    Map<String, String> refs;
    try {
      refs = mirror.lsRemote(app.repoUrl());
    } catch (GitException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    for (String name : List.of("refs/heads/" + ref, "refs/tags/" + ref, ref)) {
      if (refs.containsKey(name)) {
        return refs.get(name);
      }
    }
    throw new CliException(
        ExitCodes.USAGE,
        "no branch or tag '"
            + ref
            + "' in "
            + Urls.redact(app.repoUrl())
            + " (the repo of app "
            + app.name()
            + ")");
  }

  /** The objects {@code app} at {@code sha} renders to for {@code cluster}. */
  RenderResult render(Application app, String sha, Cluster cluster) {
    if (tree == null) {
      try {
        tree =
            new GitSourceRepos(cacheDir.resolve("sources"), mirror.auth()).open(app.repoUrl(), sha);
      } catch (SourceRepos.Unavailable e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage());
      }
    }
    return renderer.render(tree, app, Variant.of(app, cluster));
  }

  @Override
  public void close() {
    if (tree != null) {
      tree.close();
    }
  }

  /** Helm's native library is loaded only when a Helm app is rendered. */
  private static final class LazyHelm implements Tools.Helm {
    private final Path scratch;
    private final Path jna;
    private HelmJava helm;

    LazyHelm(Path scratch, Path jna) {
      this.scratch = scratch;
      this.jna = jna;
    }

    private HelmJava helm() {
      if (helm == null) {
        helm = new HelmJava(scratch, jna);
      }
      return helm;
    }

    @Override
    public String version() throws Tools.Failed {
      return helm().version();
    }

    @Override
    public String template(
        Map<String, byte[]> files,
        String chart,
        List<String> valuesFiles,
        Map<String, Object> values,
        String release,
        String namespace,
        Duration timeout)
        throws Tools.Failed {
      return helm().template(files, chart, valuesFiles, values, release, namespace, timeout);
    }
  }
}
