package io.flotilla.renderer.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.git.GitAuth;
import io.flotilla.fleet.git.HttpGitServer;
import io.flotilla.renderer.app.SourceRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app repository behind HTTP basic auth, read at a commit with the credential its app names. */
class PrivateSourceRepoTest {
  static final String TOKEN = "tok-" + java.util.UUID.randomUUID();

  @TempDir Path tmp;

  @Test
  void shouldFetchPrivateRepositoryWithItsCredentialAndNeverShowTheSecret() throws Exception {
    String sha;
    try (Git git =
        Git.init().setDirectory(tmp.resolve("repo").toFile()).setInitialBranch("main").call()) {
      Files.createDirectories(tmp.resolve("repo/web"));
      Files.writeString(tmp.resolve("repo/web/cm.yaml"), "kind: ConfigMap\n");
      git.add().addFilepattern(".").call();
      PersonIdent a = new PersonIdent("A", "a@example.com");
      sha = git.commit().setMessage("first").setAuthor(a).setCommitter(a).call().name();
    }
    Files.createDirectories(tmp.resolve("creds"));
    Files.writeString(tmp.resolve("creds/apps-token"), "deployer:" + TOKEN);
    try (HttpGitServer server = new HttpGitServer("deployer", TOKEN)) {
      String url = server.serve("apps", tmp.resolve("repo/.git"));

      assertThatThrownBy(() -> new GitSourceRepos(tmp.resolve("anon")).open(url, sha))
          .isInstanceOf(SourceRepos.Unavailable.class)
          .hasMessageContaining("fetch " + url + " failed");

      GitAuth auth = new GitAuth(new CredentialsDir(tmp.resolve("creds")));
      auth.use(url, "apps-token");
      assertThat(new GitSourceRepos(tmp.resolve("sources"), auth).open(url, sha)).isNotNull();
      assertThat(server.denied()).isPositive();
    }
  }
}
