package io.flotilla.fleet.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.FleetException;
import io.flotilla.fleet.FleetFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {
  @TempDir Path tmp;

  private String commit(Git git, Map<String, String> files, String message) throws Exception {
    Path root = git.getRepository().getWorkTree().toPath();
    for (var e : files.entrySet()) {
      Path file = root.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
    git.add().addFilepattern(".").call();
    PersonIdent alice = new PersonIdent("Alice", "alice@example.com");
    return git.commit().setMessage(message).setAuthor(alice).setCommitter(alice).call().name();
  }

  private Git newRepo() throws Exception {
    return Git.init().setDirectory(tmp.resolve("origin").toFile()).setInitialBranch("main").call();
  }

  @Test
  void shouldResolveBranchAndReadFilesAtExactCommit() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      String first = commit(origin, Map.of("app/a.yaml", "a: 1", "other/x.yaml", "x: 1"), "first");
      String second = commit(origin, Map.of("app/a.yaml", "a: 2", "app/b.yaml", "b: 1"), "second");
      GitMirror mirror = new GitMirror(tmp.resolve("cache"));

      assertThat(mirror.resolveBranch(url, "main")).contains(second);
      assertThat(mirror.resolveBranch(url, "nope")).isEmpty();
      assertThat(mirror.textFiles(url, first, "app"))
          .containsExactly(Map.entry("app/a.yaml", "a: 1"));
      assertThat(mirror.textFiles(url, second, "app"))
          .containsOnly(Map.entry("app/a.yaml", "a: 2"), Map.entry("app/b.yaml", "b: 1"));
      CommitInfo info = mirror.commit(url, second);
      assertThat(info.message()).isEqualTo("second");
      assertThat(info.authorEmail()).isEqualTo("alice@example.com");
    }
  }

  @Test
  void lsRemoteShouldListBranchesAndTagsWithAnnotatedTagsPeeledToTheirCommit() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      String first = commit(origin, Map.of("a.yaml", "a: 1"), "first");
      origin.tag().setName("v1.0.0").setAnnotated(false).call();
      String second = commit(origin, Map.of("a.yaml", "a: 2"), "second");
      String tagObject =
          origin
              .tag()
              .setName("v1.1.0")
              .setAnnotated(true)
              .setMessage("1.1")
              .call()
              .getObjectId()
              .name();
      origin.branchCreate().setName("release/1.x").setStartPoint(first).call();
      GitMirror mirror = new GitMirror(tmp.resolve("cache"));

      Map<String, String> refs = mirror.lsRemote(url);

      assertThat(tagObject).isNotEqualTo(second);
      assertThat(refs)
          .containsEntry("refs/heads/main", second)
          .containsEntry("refs/heads/release/1.x", first)
          .containsEntry("refs/tags/v1.0.0", first)
          .containsEntry("refs/tags/v1.1.0", second)
          .allSatisfy((name, sha) -> assertThat(name).doesNotEndWith("^{}"));
      assertThatThrownBy(() -> mirror.lsRemote("https://user:pw@127.0.0.1:9/none.git"))
          .isInstanceOf(GitException.class)
          .hasMessageContaining("ls-remote https://***@127.0.0.1:9/none.git failed")
          .hasMessageNotContaining("pw");
    }
  }

  @Test
  void shouldNameMissingCommitAndUnreachableRepo() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      commit(origin, Map.of("a.yaml", "a: 1"), "first");
      GitMirror mirror = new GitMirror(tmp.resolve("cache"));

      assertThatThrownBy(() -> mirror.commit(url, "0123456789012345678901234567890123456789"))
          .isInstanceOf(GitException.class)
          .hasMessageContaining("0123456789012345678901234567890123456789 does not exist");
      assertThatThrownBy(() -> mirror.resolveBranch("https://user:pw@127.0.0.1:9/none.git", "main"))
          .isInstanceOf(GitException.class)
          .hasMessageContaining("ls-remote https://***@127.0.0.1:9/none.git failed")
          .hasMessageNotContaining("pw")
          .hasMessageNotContaining("user")
          .hasNoCause();
    }
  }

  @Test
  void shouldLoadFleetFromRepo() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      String sha = commit(origin, FleetFixtures.fleetFiles(), "fleet");

      Fleet fleet = new FleetLoader(new GitMirror(tmp.resolve("cache"))).load(url, "main");

      assertThat(fleet.revision()).isEqualTo(sha);
      assertThat(fleet.apps()).containsOnlyKeys("guestbook");
      assertThat(fleet.clusters()).hasSize(4);
      assertThatThrownBy(() -> new FleetLoader(new GitMirror(tmp.resolve("c2"))).load(url, "dev"))
          .isInstanceOf(FleetException.class)
          .hasMessageContaining("has no branch 'dev'");
    }
  }

  @Test
  void redactShouldRemoveUserInfoOnly() throws IOException {
    assertThat(Urls.redact("https://tok:en@git.example.com/a.git"))
        .isEqualTo("https://***@git.example.com/a.git");
    assertThat(Urls.redact("file:///srv/git/a.git")).isEqualTo("file:///srv/git/a.git");
    assertThat(Urls.redact("cannot reach https://u:p@h/a.git or ssh://git@h2/b.git"))
        .isEqualTo("cannot reach https://***@h/a.git or ssh://***@h2/b.git");
  }

  @Test
  void changedPathsShouldListEveryFileAddedModifiedOrDeletedBetweenTwoCommits() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      String first =
          commit(origin, Map.of("a/x.yaml", "x: 1", "b/y.yaml", "y: 1", "c/z.yaml", "z: 1"), "1");
      commit(origin, Map.of("a/x.yaml", "x: 2"), "2");
      origin.rm().addFilepattern("b/y.yaml").call();
      String third = commit(origin, Map.of("d/new.yaml", "n: 1"), "3");
      GitMirror mirror = new GitMirror(tmp.resolve("cache"));

      assertThat(mirror.changedPaths(url, first, third))
          .containsExactly("a/x.yaml", "b/y.yaml", "d/new.yaml");
      assertThat(mirror.changedPaths(url, third, third)).isEmpty();
      assertThatThrownBy(() -> mirror.changedPaths(url, "0".repeat(40), third))
          .isInstanceOf(GitException.class)
          .hasMessageContaining("commit " + "0".repeat(40) + " does not exist");
    }
  }

  @Test
  void isAncestorShouldBeFalseAfterTheBranchWasRewritten() throws Exception {
    try (Git origin = newRepo()) {
      String url = origin.getRepository().getDirectory().toURI().toString();
      String first = commit(origin, Map.of("a.yaml", "a: 1"), "first");
      String second = commit(origin, Map.of("a.yaml", "a: 2"), "second");
      GitMirror mirror = new GitMirror(tmp.resolve("cache"));

      assertThat(mirror.isAncestor(url, first, second)).isTrue();
      assertThat(mirror.isAncestor(url, second, second)).isTrue();
      assertThat(mirror.isAncestor(url, second, first)).isFalse();

      // rewrite main: an orphan commit replaces the history, then main is forced onto it
      origin.checkout().setOrphan(true).setName("rewrite").call();
      String unrelated = commit(origin, Map.of("a.yaml", "a: rewritten"), "rewritten");
      origin.branchCreate().setName("main").setForce(true).setStartPoint(unrelated).call();

      assertThat(mirror.isAncestor(url, second, unrelated)).isFalse();
      // a mirror that never saw the old commit, which nothing reaches any more
      GitMirror fresh = new GitMirror(tmp.resolve("cache2"));
      origin.checkout().setName("main").call();
      origin.branchDelete().setBranchNames("rewrite").setForce(true).call();
      assertThat(fresh.isAncestor(url, "1".repeat(40), unrelated)).isFalse();
    }
  }
}
