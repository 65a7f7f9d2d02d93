package io.flotilla.fleet.git;

import io.flotilla.fleet.Application;
import io.flotilla.fleet.CredentialsDir;
import io.flotilla.fleet.Fleet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Credentials for the repositories applications name with {@code spec.source.credentialsRef}: a
 * file in {@code FLOTILLA_CREDENTIALS_DIR}, or {@code env:<NAME>} for an environment variable.
 *
 * <ul>
 *   <li>HTTP(S): the secret is {@code <user>:<password or token>}, or a token alone (sent with the
 *       user name {@code flotilla}; GitHub, GitLab and Gitea accept any user name with a token).
 *   <li>SSH ({@code ssh://} and {@code user@host:path}): the secret is an OpenSSH or PEM private
 *       key without passphrase; host keys are checked against {@code known_hosts} in the
 *       credentials folder (a host not listed there is refused).
 * </ul>
 *
 * Secrets are read when used (a rotated file takes effect at the next fetch) and never appear in a
 * log line or an error: failures name the credential, not its content.
 */
public final class GitAuth {
  private final CredentialsDir dir;
  private final Map<String, String> refByUrl = new ConcurrentHashMap<>();

  public GitAuth(CredentialsDir dir) {
    this.dir = dir;
  }

  /** No credentials at all: public repositories and URLs that carry their own. */
  public static GitAuth none() {
    return new GitAuth(null);
  }

  /** Uses the credentials each application of {@code fleet} names for its repository. */
  public void sync(Fleet fleet) {
    Map<String, String> next = new ConcurrentHashMap<>();
    for (Application app : fleet.apps().values()) {
      if (app.credentialsRef() != null) {
        next.put(key(app.repoUrl()), app.credentialsRef());
      }
    }
    refByUrl.keySet().retainAll(next.keySet());
    refByUrl.putAll(next);
  }

  /** Uses credential {@code ref} for {@code url}. */
  public void use(String url, String ref) {
    refByUrl.put(key(url), ref);
  }

  /**
   * Sets up {@code command} (an ls-remote, fetch or clone) to authenticate to {@code url}, if a
   * credential is named for it.
   *
   * @throws GitException when the named credential cannot be read (the message names it, never its
   *     content)
   */
  public void configure(TransportCommand<?, ?> command, String url) {
    String ref = refByUrl.get(key(url));
    if (ref == null || dir == null && !ref.startsWith("env:")) {
      return;
    }
    String secret = read(ref);
    if (isSsh(url)) {
      SshdSessionFactory ssh = sshFactory(ref, secret);
      command.setTransportConfigCallback(
          transport -> {
            if (transport instanceof SshTransport t) {
              t.setSshSessionFactory(ssh);
            }
          });
    } else {
      int colon = secret.indexOf(':');
      command.setCredentialsProvider(
          colon > 0
              ? new UsernamePasswordCredentialsProvider(
                  secret.substring(0, colon), secret.substring(colon + 1))
              : new UsernamePasswordCredentialsProvider("flotilla", secret));
    }
  }

  private String read(String ref) {
    if (ref.startsWith("env:")) {
      String name = ref.substring(4);
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        throw new GitException(
            "credential " + ref + ": environment variable " + name + " is not set");
      }
      return value.strip();
    }
    try {
      return dir.read(ref).strip();
    } catch (RuntimeException e) {
      throw new GitException(e.getMessage());
    }
  }

  private SshdSessionFactory sshFactory(String ref, String privateKey) {
    List<KeyPair> keys = new ArrayList<>();
    try {
      SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName(ref),
              new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)),
              null)
          .forEach(keys::add);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new GitException(
          "credential "
              + ref
              + " is not a private key without passphrase ("
              + e.getClass().getSimpleName()
              + ")");
    }
    Path home = dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir.root();
    Path knownHosts = home.resolve("known_hosts");
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home.toFile())
        .setSshDirectory(home.toFile())
        .setDefaultKeysProvider(f -> keys)
        .setDefaultKnownHostsFiles(f -> Files.exists(knownHosts) ? List.of(knownHosts) : List.of())
        .setPreferredAuthentications("publickey")
        .build(null);
  }

  static boolean isSsh(String url) {
    return url.startsWith("ssh://") || (!url.contains("://") && url.matches("[^/@:]+@[^/:]+:.*"));
  }

  /**
   * The URL without credentials or a trailing {@code .git} or {@code /}: one key per repository.
   */
  private static String key(String url) {
    String u = Urls.redact(url);
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
  }

  /** For tests and diagnostics: the credential named for {@code url}, if any. */
  public Optional<String> credentialFor(String url) {
    return Optional.ofNullable(refByUrl.get(key(url)));
  }
}
