package io.flotilla.gitwatcher.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real OpenPGP keys for tests, made with {@code gpg --batch} in a throw-away home, and commits
 * signed with them by the {@code git} CLI (what a user's {@code git commit -S} does).
 */
final class GpgKeys implements AutoCloseable {
  private final Path home;

  GpgKeys() throws IOException {
    // short path: gpg-agent's socket path must stay under ~100 characters
    home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  /** Makes an ed25519 signing key for {@code "Name <email>"}; returns its fingerprint. */
  String create(String userId) throws IOException, InterruptedException {
    run(
        "gpg",
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--quick-gen-key",
        userId,
        "ed25519",
        "sign",
        "never");
    String colons = run("gpg", "--batch", "--with-colons", "--list-keys", userId);
    return colons
        .lines()
        .filter(l -> l.startsWith("fpr:"))
        .findFirst()
        .map(l -> l.split(":")[9])
        .orElseThrow();
  }

  String armoredPublicKey(String fingerprint) throws IOException, InterruptedException {
    return run("gpg", "--batch", "--armor", "--export", fingerprint);
  }

  /** Commits every change in {@code worktree}, signed with {@code fingerprint}; returns the SHA. */
  String signedCommit(Path worktree, String fingerprint, String message)
      throws IOException, InterruptedException {
    run("git", "-C", worktree.toString(), "add", "-A");
    run(
        "git",
        "-C",
        worktree.toString(),
        "-c",
        "user.name=Alice Example",
        "-c",
        "user.email=alice@example.com",
        "-c",
        "gpg.program=gpg",
        "-c",
        "user.signingkey=" + fingerprint,
        "commit",
        "-q",
        "-S",
        "-m",
        message);
    return run("git", "-C", worktree.toString(), "rev-parse", "HEAD").strip();
  }

  private String run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    pb.environment().put("GNUPGHOME", home.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    try {
      run("gpgconf", "--kill", "gpg-agent");
    } finally {
      List<Path> all = new ArrayList<>();
      try (var files = Files.walk(home)) {
        files.forEach(all::add);
      }
      all.stream().sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
