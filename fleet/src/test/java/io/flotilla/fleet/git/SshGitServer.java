package io.flotilla.fleet.git;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real SSH Git server for tests (Apache MINA sshd, the library JGit's SSH client is built on):
 * public-key authentication for one client key, {@code git-upload-pack} served by JGit. Read-only.
 */
public final class SshGitServer implements AutoCloseable {
  private final SshServer sshd;
  private final Map<String, Path> repos = new ConcurrentHashMap<>();
  private final PublicKey hostKey;

  public SshGitServer(Path hostKeyFile, PublicKey clientKey) throws IOException {
    SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
    hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(hostKeys);
    sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, command) -> new UploadPackCommand(command));
    sshd.start();
    KeyPair pair = hostKeys.loadKeys(null).iterator().next();
    this.hostKey = pair.getPublic();
  }

  /** Serves the repository at {@code gitDir} as {@code ssh://git@127.0.0.1:<port>/<name>.git}. */
  public String serve(String name, Path gitDir) {
    repos.put("/" + name + ".git", gitDir);
    return "ssh://git@127.0.0.1:" + sshd.getPort() + "/" + name + ".git";
  }

  /** The {@code known_hosts} line that vouches for this server. */
  public String knownHostsLine() {
    return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey);
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  private final class UploadPackCommand extends AbstractCommandSupport {
    UploadPackCommand(String command) {
      super(command, null);
    }

    @Override
    public void run() {
      String command = getCommand();
      try {
        if (!command.startsWith("git-upload-pack ")) {
          throw new IOException("only git-upload-pack is served, not: " + command);
        }
        String path = command.substring("git-upload-pack ".length()).replace("'", "").strip();
        Path dir = repos.get(path.startsWith("/") ? path : "/" + path);
        if (dir == null) {
          throw new IOException("no repository " + path);
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build()) {
          UploadPack up = new UploadPack(repo);
          up.upload(getInputStream(), getOutputStream(), getErrorStream());
        }
        onExit(0);
      } catch (IOException | RuntimeException e) {
        try {
          getErrorStream()
              .write((e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          getErrorStream().flush();
        } catch (IOException ignored) {
          // the client is gone; the exit status below still tells it
        }
        onExit(1, e.getMessage());
      }
    }

    @Override
    public void start(ChannelSession channel, org.apache.sshd.server.Environment env)
        throws IOException {
      super.start(channel, env);
    }
  }
}
