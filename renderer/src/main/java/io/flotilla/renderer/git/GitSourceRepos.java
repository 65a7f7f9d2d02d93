package io.flotilla.renderer.git;

import io.flotilla.fleet.git.GitAuth;
import io.flotilla.fleet.git.GitMirror;
import io.flotilla.fleet.git.Urls;
import io.flotilla.renderer.app.RendererConfig;
import io.flotilla.renderer.app.SourceRepos;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Application repositories at exact commits, from a bare clone per repository under {@code
 * <cache-dir>/sources}. A commit the clone lacks is fetched by its SHA alone; when the server
 * refuses to serve a SHA that no ref names, every branch and tag is fetched instead. Nothing is
 * checked out here: callers read the entries they need (see {@code Checkout}).
 */
@Singleton
public class GitSourceRepos implements SourceRepos {
  private static final RefSpec ALL_BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
  private static final RefSpec ALL_TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

  private final Path dir;
  private final GitAuth auth;
  private final Map<String, Repository> open = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** Reads private repositories with the credentials their apps name (kept by the mirror). */
  @Inject
  public GitSourceRepos(RendererConfig config, GitMirror mirror) {
    this(config.cacheDir().resolve("sources"), mirror.auth());
  }

  /** Public repositories, or URLs that carry their own credentials. */
  public GitSourceRepos(Path dir) {
    this(dir, GitAuth.none());
  }

  public GitSourceRepos(Path dir, GitAuth auth) {
    this.dir = dir;
    this.auth = auth;
  }

  @Override
  public JGitTree open(String repoUrl, String sha) {
    ObjectId id;
    try {
      id = ObjectId.fromString(sha);
    } catch (IllegalArgumentException e) {
      throw new Unavailable("'" + sha + "' is not a commit SHA", e);
    }
    Repository repo = repository(repoUrl);
    synchronized (locks.computeIfAbsent(repoUrl, u -> new Object())) {
      if (!has(repo, id)) {
        fetch(repo, repoUrl, sha);
      }
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(id);
      return new JGitTree(repo, Urls.redact(repoUrl), sha, commit.getTree());
    } catch (IOException e) {
      throw new Unavailable("commit " + sha + " does not exist in " + Urls.redact(repoUrl), null);
    }
  }

  private static boolean has(Repository repo, ObjectId id) {
    try {
      return repo.getObjectDatabase().has(id);
    } catch (IOException e) {
      return false;
    }
  }

  private void fetch(Repository repo, String url, String sha) {
    try (Git git = Git.wrap(repo)) {
      try {
        var bySha = git.fetch().setRemote(url).setRefSpecs(new RefSpec(sha));
        auth.configure(bySha, url);
        bySha.call();
        if (has(repo, ObjectId.fromString(sha))) {
          return;
        }
      } catch (GitAPIException | RuntimeException bySha) {
        // the server may not serve unadvertised SHAs: fetch its branches and tags instead
      }
      var all = git.fetch().setRemote(url).setRefSpecs(ALL_BRANCHES, ALL_TAGS);
      auth.configure(all, url);
      all.call();
    } catch (GitAPIException | RuntimeException e) {
      // never chain JGit's exception: its message may quote the URL with credentials
      throw new Unavailable(
          "fetch " + Urls.redact(url) + " failed: " + Urls.redact(String.valueOf(e.getMessage())),
          null);
    }
  }

  private Repository repository(String url) {
    return open.computeIfAbsent(
        url,
        u -> {
          Path gitDir = dir.resolve(Integer.toHexString(u.hashCode()) + "-" + safeName(u) + ".git");
          try {
            if (!Files.isDirectory(gitDir)) {
              Files.createDirectories(gitDir);
              try (Repository r =
                  new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build()) {
                r.create(true);
              }
            }
            return new FileRepositoryBuilder()
                .setGitDir(gitDir.toFile())
                .setBare()
                .setMustExist(true)
                .build();
          } catch (IOException | IllegalStateException e) {
            throw new Unavailable(
                "cannot open the local clone of " + Urls.redact(u) + ": " + e.getMessage(), null);
          }
        });
  }

  private static String safeName(String url) {
    String name = Urls.redact(url).replaceAll("[^A-Za-z0-9._-]+", "_");
    return name.length() > 60 ? name.substring(name.length() - 60) : name;
  }
}
