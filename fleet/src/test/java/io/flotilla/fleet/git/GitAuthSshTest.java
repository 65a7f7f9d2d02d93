package io.flotilla.fleet.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.fleet.CredentialsDir;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app repository over real SSH (Apache MINA on both ends): read with the private key the app
 * names, with the host checked against known_hosts in the credentials folder.
 */
class GitAuthSshTest {
  @TempDir Path tmp;
  SshGitServer server;
  String url;
  String head;
  Path creds;

  @BeforeEach
  void start() throws Exception {
    try (Git git =
        Git.init().setDirectory(tmp.resolve("repo").toFile()).setInitialBranch("main").call()) {
      Files.writeString(tmp.resolve("repo/cm.yaml"), "kind: ConfigMap\n");
      git.add().addFilepattern(".").call();
      PersonIdent alice = new PersonIdent("Alice", "alice@example.com");
      head = git.commit().setMessage("first").setAuthor(alice).setCommitter(alice).call().name();
    }
    KeyPair deployKey = rsa();
    server = new SshGitServer(tmp.resolve("host-key"), deployKey.getPublic());
    url = server.serve("apps", tmp.resolve("repo/.git"));
    creds = Files.createDirectories(tmp.resolve("creds"));
    Files.writeString(creds.resolve("deploy-key"), openSsh(deployKey));
    Files.writeString(creds.resolve("other-key"), openSsh(rsa()));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void shouldReadOverSshWithTheNamedKeyFromAKnownHost() throws Exception {
    Files.writeString(creds.resolve("known_hosts"), server.knownHostsLine() + "\n");
    GitAuth auth = new GitAuth(new CredentialsDir(creds));
    auth.use(url, "deploy-key");
    GitMirror git = new GitMirror(tmp.resolve("cache"), auth);

    assertThat(git.resolveBranch(url, "main")).contains(head);
    assertThat(git.textFiles(url, head, "")).containsEntry("cm.yaml", "kind: ConfigMap\n");
  }

  @Test
  void unknownHostOrWrongKeyShouldBeRefused() throws Exception {
    GitAuth auth = new GitAuth(new CredentialsDir(creds));
    auth.use(url, "deploy-key");
    assertThatThrownBy(() -> new GitMirror(tmp.resolve("c1"), auth).lsRemote(url))
        .as("no known_hosts: the host is not trusted")
        .isInstanceOf(GitException.class);

    Files.writeString(creds.resolve("known_hosts"), server.knownHostsLine() + "\n");
    auth.use(url, "other-key");
    assertThatThrownBy(() -> new GitMirror(tmp.resolve("c2"), auth).lsRemote(url))
        .isInstanceOf(GitException.class)
        .hasMessageNotContaining("PRIVATE KEY");
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static String openSsh(KeyPair pair) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new OpenSSHKeyPairResourceWriter().writePrivateKey(pair, "test", null, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
