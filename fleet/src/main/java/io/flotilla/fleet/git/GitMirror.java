package io.flotilla.fleet.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * Bare mirrors of remote repositories under one cache folder, one per URL. Safe for concurrent use:
 * operations on one URL are serialised, different URLs run in parallel.
 */
public final class GitMirror {
  private static final RefSpec ALL_BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
  private static final RefSpec ALL_TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

  private final Path cacheDir;
  private final GitAuth auth;
  private final int timeoutSeconds;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** Mirrors of public repositories, or of URLs that carry their own credentials. */
  public GitMirror(Path cacheDir) {
    this(cacheDir, GitAuth.none());
  }

  /** Mirrors that authenticate with the credentials {@code auth} names per repository. */
  public GitMirror(Path cacheDir, GitAuth auth) {
    this(cacheDir, auth, java.time.Duration.ofSeconds(60));
  }

  /**
   * @param timeout how long a remote may take to answer before an {@code ls-remote} or fetch fails
   *     (a host that never answers must not hold a poll thread forever)
   */
  public GitMirror(Path cacheDir, GitAuth auth, java.time.Duration timeout) {
    this.cacheDir = cacheDir;
    this.auth = auth;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
  }

  /** The credentials in use, to keep in step with the fleet ({@link GitAuth#sync}). */
  public GitAuth auth() {
    return auth;
  }

  /** {@code git ls-remote}: the SHA {@code branch} points at, without fetching anything. */
  public Optional<String> resolveBranch(String url, String branch) {
    try {
      var command = Git.lsRemoteRepository().setRemote(url).setHeads(true);
      auth.configure(command.setTimeout(timeoutSeconds), url);
      Map<String, Ref> refs = command.callAsMap();
      Ref ref = refs.get(Constants.R_HEADS + branch);
      return Optional.ofNullable(ref).map(r -> r.getObjectId().name());
    } catch (GitAPIException | RuntimeException e) {
      throw new GitException(
          "ls-remote " + Urls.redact(url) + " failed: " + Urls.redact(e.getMessage()), e);
    }
  }

  /**
   * {@code git ls-remote --heads --tags}: every branch and tag of {@code url} with the commit it
   * points at, in one call and without fetching anything. Keys are full ref names ({@code
   * refs/heads/main}, {@code refs/tags/v1.4.2}); an annotated tag maps to the commit it tags (the
   * peeled {@code ^{}} SHA), not to the tag object.
   */
  public Map<String, String> lsRemote(String url) {
    try {
      Map<String, String> out = new TreeMap<>();
      var command = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTags(true);
      auth.configure(command.setTimeout(timeoutSeconds), url);
      command
          .call()
          .forEach(
              ref -> {
                ObjectId peeled = ref.getPeeledObjectId();
                ObjectId id = peeled != null ? peeled : ref.getObjectId();
                if (id != null && !ref.getName().endsWith("^{}")) {
                  out.put(ref.getName(), id.name());
                }
              });
      return out;
    } catch (GitAPIException | RuntimeException e) {
      throw new GitException(
          "ls-remote " + Urls.redact(url) + " failed: " + Urls.redact(e.getMessage()), e);
    }
  }

  /** Fetches every branch and tag of {@code url} into its mirror. */
  public void fetch(String url) {
    synchronized (lock(url)) {
      try (Repository repo = open(url)) {
        fetchInto(repo, url);
      } catch (IOException e) {
        throw new GitException("cannot open the mirror of " + Urls.redact(url), e);
      }
    }
  }

  private void fetchInto(Repository repo, String url) {
    try (Git git = Git.wrap(repo)) {
      var command =
          git.fetch().setRemote(url).setRefSpecs(ALL_BRANCHES, ALL_TAGS).setRemoveDeletedRefs(true);
      auth.configure(command.setTimeout(timeoutSeconds), url);
      command.call();
    } catch (GitAPIException | RuntimeException e) {
      throw new GitException(
          "fetch " + Urls.redact(url) + " failed: " + Urls.redact(e.getMessage()), e);
    }
  }

  /** The commit {@code sha} of {@code url}, fetching once when the mirror does not have it. */
  public CommitInfo commit(String url, String sha) {
    return withCommit(
        url,
        sha,
        (repo, commit) ->
            new CommitInfo(
                commit.name(),
                commit.getAuthorIdent().getName(),
                commit.getAuthorIdent().getEmailAddress(),
                commit.getCommitterIdent().getName(),
                commit.getCommitterIdent().getEmailAddress(),
                commit.getFullMessage(),
                Instant.ofEpochSecond(commit.getCommitTime())));
  }

  /**
   * The commit object exactly as stored ({@code git cat-file commit <sha>}): headers, including a
   * {@code gpgsig} signature, and message. What a signature check needs.
   */
  public byte[] rawCommit(String url, String sha) {
    return withCommit(url, sha, (repo, commit) -> commit.getRawBuffer().clone());
  }

  /**
   * Every file under {@code folder} (repo-relative, {@code ""} for the root) at commit {@code sha},
   * keyed by repo-relative path in tree order.
   */
  public Map<String, byte[]> files(String url, String sha, String folder) {
    return withCommit(
        url,
        sha,
        (repo, commit) -> {
          Map<String, byte[]> out = new LinkedHashMap<>();
          try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            if (!folder.isEmpty()) {
              walk.setFilter(PathFilter.create(folder));
            }
            while (walk.next()) {
              out.put(walk.getPathString(), repo.open(walk.getObjectId(0)).getBytes());
            }
          }
          return out;
        });
  }

  /** Text files under {@code folder} at {@code sha}, decoded as UTF-8. */
  public Map<String, String> textFiles(String url, String sha, String folder) {
    Map<String, String> out = new LinkedHashMap<>();
    files(url, sha, folder).forEach((p, b) -> out.put(p, new String(b, StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * Every file added, modified or deleted between commits {@code fromSha} and {@code toSha} of
   * {@code url} (repo-relative paths; a rename counts as its old and its new path), fetching once
   * when the mirror lacks either commit.
   *
   * @throws GitException when either commit does not exist
   */
  public Set<String> changedPaths(String url, String fromSha, String toSha) {
    return withCommits(
        url,
        fromSha,
        toSha,
        (repo, walk, from, to) -> {
          Set<String> out = new TreeSet<>();
          try (DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repo);
            diff.setDetectRenames(false);
            for (DiffEntry e : diff.scan(from.getTree(), to.getTree())) {
              if (!DiffEntry.DEV_NULL.equals(e.getOldPath())) {
                out.add(e.getOldPath());
              }
              if (!DiffEntry.DEV_NULL.equals(e.getNewPath())) {
                out.add(e.getNewPath());
              }
            }
          }
          return out;
        });
  }

  /**
   * Whether {@code descendantSha} has {@code ancestorSha} in its history (a commit is its own
   * ancestor): false after a force-push to an unrelated commit or a rewrite. An {@code ancestorSha}
   * that no branch or tag of {@code url} reaches any more, and the mirror never had, is not an
   * ancestor.
   *
   * @throws GitException when {@code descendantSha} does not exist
   */
  public boolean isAncestor(String url, String ancestorSha, String descendantSha) {
    ObjectId ancestor = parseSha(ancestorSha);
    synchronized (lock(url)) {
      try (Repository repo = open(url)) {
        if (!repo.getObjectDatabase().has(ancestor)) {
          fetchInto(repo, url);
          if (!repo.getObjectDatabase().has(ancestor)) {
            return false;
          }
        }
      } catch (IOException e) {
        throw new GitException("cannot open the mirror of " + Urls.redact(url), e);
      }
    }
    return withCommits(
        url, ancestorSha, descendantSha, (repo, walk, a, d) -> walk.isMergedInto(a, d));
  }

  private interface PairReader<T> {
    T read(Repository repo, RevWalk walk, RevCommit first, RevCommit second) throws IOException;
  }

  private <T> T withCommits(String url, String firstSha, String secondSha, PairReader<T> reader) {
    ObjectId first = parseSha(firstSha);
    ObjectId second = parseSha(secondSha);
    synchronized (lock(url)) {
      try (Repository repo = open(url)) {
        if (!repo.getObjectDatabase().has(first) || !repo.getObjectDatabase().has(second)) {
          fetchInto(repo, url);
        }
        try (RevWalk walk = new RevWalk(repo)) {
          RevCommit a = parse(walk, first, url);
          RevCommit b = parse(walk, second, url);
          return reader.read(repo, walk, a, b);
        }
      } catch (IOException e) {
        throw new GitException(
            "cannot compare "
                + firstSha
                + " and "
                + secondSha
                + " of "
                + Urls.redact(url)
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  private static RevCommit parse(RevWalk walk, ObjectId id, String url) throws IOException {
    try {
      return walk.parseCommit(id);
    } catch (MissingObjectException e) {
      throw new GitException("commit " + id.name() + " does not exist in " + Urls.redact(url), e);
    }
  }

  private interface CommitReader<T> {
    T read(Repository repo, RevCommit commit) throws IOException;
  }

  private <T> T withCommit(String url, String sha, CommitReader<T> reader) {
    ObjectId id = parseSha(sha);
    synchronized (lock(url)) {
      try (Repository repo = open(url)) {
        if (!repo.getObjectDatabase().has(id)) {
          fetchInto(repo, url);
        }
        try (RevWalk walk = new RevWalk(repo)) {
          return reader.read(repo, walk.parseCommit(id));
        }
      } catch (MissingObjectException e) {
        throw new GitException("commit " + sha + " does not exist in " + Urls.redact(url), e);
      } catch (IOException e) {
        throw new GitException(
            "cannot read " + sha + " of " + Urls.redact(url) + ": " + e.getMessage(), e);
      }
    }
  }

  private static ObjectId parseSha(String sha) {
    try {
      return ObjectId.fromString(sha);
    } catch (IllegalArgumentException e) {
      throw new GitException("'" + sha + "' is not a commit SHA", e);
    }
  }

  private Object lock(String url) {
    return locks.computeIfAbsent(url, u -> new Object());
  }

  private Repository open(String url) throws IOException {
    Path dir = cacheDir.resolve(Integer.toHexString(url.hashCode()) + "-" + safeName(url) + ".git");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try (Repository repo =
          new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
        repo.create(true);
      }
    }
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
  }

  private static String safeName(String url) {
    String name = Urls.redact(url).replaceAll("[^A-Za-z0-9._-]+", "_");
    return name.length() > 60 ? name.substring(name.length() - 60) : name;
  }
}
