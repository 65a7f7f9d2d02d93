package io.flotilla.fleet.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.fleet.CredentialsDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private repository over real smart HTTP with basic auth: readable with the credential the app
 * names, refused without it, and the secret never appears in an error.
 */
class GitAuthHttpTest {
  static final String TOKEN = "glpat-" + java.util.UUID.randomUUID();

  @TempDir Path tmp;
  HttpGitServer server;
  String url;
  String head;

  @BeforeEach
  void start() throws Exception {
    try (Git git =
        Git.init().setDirectory(tmp.resolve("repo").toFile()).setInitialBranch("main").call()) {
      Files.writeString(tmp.resolve("repo/cm.yaml"), "kind: ConfigMap\n");
      git.add().addFilepattern(".").call();
      PersonIdent alice = new PersonIdent("Alice", "alice@example.com");
      head = git.commit().setMessage("first").setAuthor(alice).setCommitter(alice).call().name();
    }
    server = new HttpGitServer("deployer", TOKEN);
    url = server.serve("apps", tmp.resolve("repo/.git"));
    Files.createDirectories(tmp.resolve("creds"));
    Files.writeString(tmp.resolve("creds/apps-token"), "deployer:" + TOKEN + "\n");
    Files.writeString(
        tmp.resolve("creds/wrong-token"), "deployer:nope-" + TOKEN.substring(6) + "x\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldReadPrivateRepositoryWithTheNamedCredential() {
    GitAuth auth = new GitAuth(new CredentialsDir(tmp.resolve("creds")));
    auth.use(url, "apps-token");
    GitMirror git = new GitMirror(tmp.resolve("cache"), auth);

    assertThat(git.resolveBranch(url, "main")).contains(head);
    assertThat(git.textFiles(url, head, "")).containsEntry("cm.yaml", "kind: ConfigMap\n");
  }

  @Test
  void refusedCredentialShouldFailWithoutRevealingTheSecret() {
    GitAuth wrong = new GitAuth(new CredentialsDir(tmp.resolve("creds")));
    wrong.use(url, "wrong-token");
    GitMirror git = new GitMirror(tmp.resolve("cache"), wrong);

    assertThatThrownBy(() -> git.resolveBranch(url, "main"))
        .isInstanceOf(GitException.class)
        .hasMessageContaining("ls-remote " + url)
        .hasMessageNotContaining(TOKEN.substring(6));
    assertThatThrownBy(() -> new GitMirror(tmp.resolve("cache2")).lsRemote(url))
        .isInstanceOf(GitException.class);
    assertThat(server.denied()).isPositive();
  }

  @Test
  void tokenInTheEnvironmentOrAMissingFileShouldBeReportedByName() {
    GitAuth auth = new GitAuth(new CredentialsDir(tmp.resolve("creds")));
    auth.use(url, "env:FLOTILLA_TEST_SURELY_UNSET_VARIABLE");
    assertThatThrownBy(() -> new GitMirror(tmp.resolve("c"), auth).lsRemote(url))
        .hasMessageContaining(
            "environment variable FLOTILLA_TEST_SURELY_UNSET_VARIABLE is not set");
    auth.use(url, "no-such-file");
    assertThatThrownBy(() -> new GitMirror(tmp.resolve("c"), auth).lsRemote(url))
        .hasMessageContaining("cannot read credential 'no-such-file'");
  }
}
