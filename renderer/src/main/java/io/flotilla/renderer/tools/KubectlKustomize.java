package io.flotilla.renderer.tools;

import io.flotilla.renderer.app.RendererConfig;
import io.flotilla.renderer.app.Tools;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kustomize v5 as built into kubectl: {@code kubectl kustomize --load-restrictor
 * LoadRestrictionsRootOnly <dir>} over a scratch copy, with no kubeconfig, a scratch {@code HOME},
 * a time limit and an output limit (the process is killed past either).
 */
@Singleton
public class KubectlKustomize implements Tools.Kustomize {
  private static final Pattern KUSTOMIZE_VERSION =
      Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v?(\\d+)\\.(\\d+)\\.(\\d+)\"");
  private static final Pattern KUBECTL_VERSION =
      Pattern.compile("\"gitVersion\"\\s*:\\s*\"([^\"]+)\"");
  private static final long MAX_STDERR = 16 * 1024;
  // the JDK's logger: this class also runs in the CLI, which has no JBoss logging
  private static final System.Logger LOG = System.getLogger(KubectlKustomize.class.getName());

  /** How long a killed build may take to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private static final java.util.concurrent.ExecutorService READERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kubectl-output");
            t.setDaemon(true);
            return t;
          });

  private final String kubectl;
  private final Path scratchDir;
  private volatile String version;

  @Inject
  public KubectlKustomize(RendererConfig config) {
    this(config.kustomize().kubectl(), config.cacheDir().resolve("scratch"));
  }

  public KubectlKustomize(String kubectl, Path scratchDir) {
    this.kubectl = kubectl;
    this.scratchDir = scratchDir;
  }

  @Override
  public String version() throws Tools.Failed {
    String v = version;
    if (v == null) {
      v = detect();
      version = v;
    }
    return v;
  }

  private String detect() throws Tools.Failed {
    Run run;
    try {
      run =
          run(
              List.of(kubectl, "version", "--client", "-o", "json"),
              Path.of(System.getProperty("java.io.tmpdir")),
              Duration.ofSeconds(30),
              1 << 20);
    } catch (IOException e) {
      throw new Tools.Failed(
          "Kustomize is not available: cannot run '"
              + kubectl
              + "' ("
              + e.getMessage()
              + "); install kubectl 1.27 or newer (it embeds Kustomize v5) or set"
              + " FLOTILLA_KUBECTL to its path");
    }
    if (run.exit != 0) {
      throw new Tools.Failed(
          "Kustomize is not available: '" + kubectl + " version --client' failed: " + run.stderr);
    }
    Matcher k = KUSTOMIZE_VERSION.matcher(run.stdout);
    if (!k.find()) {
      throw new Tools.Failed(
          "Kustomize is not available: '"
              + kubectl
              + "' reports no Kustomize version; install kubectl 1.27 or newer");
    }
    String kustomize = k.group(1) + "." + k.group(2) + "." + k.group(3);
    if (Integer.parseInt(k.group(1)) < 5) {
      throw new Tools.Failed(
          "Kustomize v"
              + kustomize
              + " in '"
              + kubectl
              + "' is too old: Flotilla needs v5 or newer"
              + " (kubectl 1.27+)");
    }
    Matcher c = KUBECTL_VERSION.matcher(run.stdout);
    return "kubectl " + (c.find() ? c.group(1) : "?") + ", kustomize v" + kustomize;
  }

  @Override
  public String build(Map<String, byte[]> files, String dir, Duration timeout, long maxOutputBytes)
      throws Tools.Failed {
    version();
    try (Scratch scratch = new Scratch(scratchDir, files)) {
      Path target = dir.isEmpty() ? scratch.repo() : scratch.repo().resolve(dir);
      Run run;
      try {
        run =
            run(
                List.of(
                    kubectl,
                    "kustomize",
                    "--load-restrictor",
                    "LoadRestrictionsRootOnly",
                    target.toString()),
                scratch.root(),
                timeout,
                maxOutputBytes);
      } catch (IOException e) {
        throw new Tools.Failed("cannot run " + kubectl + ": " + e.getMessage());
      }
      if (run.timedOut) {
        throw new Tools.Failed(
            "kustomize build of "
                + show(dir)
                + " did not finish within "
                + timeout
                + " (FLOTILLA_RENDER_TIMEOUT) and was killed");
      }
      if (run.tooLarge) {
        throw new Tools.Failed(
            "kustomize build of "
                + show(dir)
                + " printed more than "
                + maxOutputBytes
                + " bytes (FLOTILLA_MAX_RENDER_BYTES) and was killed");
      }
      if (run.exit != 0) {
        throw new Tools.Failed(
            "kustomize build of "
                + show(dir)
                + " failed: "
                + scratch.relativize(run.stderr.strip()));
      }
      return run.stdout;
    }
  }

  private static String show(String dir) {
    return dir.isEmpty() ? "the repository root" : dir;
  }

  private record Run(int exit, String stdout, String stderr, boolean timedOut, boolean tooLarge) {}

  private static Run run(List<String> command, Path workDir, Duration timeout, long maxOut)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", workDir.toString());
    env.put("KUBECONFIG", workDir.resolve("no-kubeconfig").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(() -> drain(p.getInputStream(), maxOut + 1), READERS);
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> drain(p.getErrorStream(), MAX_STDERR), READERS);
    CompletableFuture<byte[]> overflow =
        out.thenCompose(
            b ->
                b.length > maxOut
                    ? CompletableFuture.completedFuture(b)
                    : new CompletableFuture<>());
    try {
      try {
        CompletableFuture.anyOf(p.onExit(), overflow)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        kill(p);
        return new Run(-1, "", "", true, false);
      }
      if (overflow.isDone()) {
        kill(p);
        return new Run(-1, "", "", false, true);
      }
      byte[] stdout = out.get(10, TimeUnit.SECONDS);
      return new Run(
          p.exitValue(),
          new String(stdout, StandardCharsets.UTF_8),
          new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
          false,
          false);
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + command.get(0), e);
    } catch (ExecutionException | TimeoutException e) {
      kill(p);
      throw new IOException("cannot read the output of " + command.get(0) + ": " + e, e);
    }
  }

  /**
   * Kills the process and what it started, and waits until they are gone (SIGKILL cannot be
   * refused; the wait is bounded all the same): "was killed" in a render failure means no process
   * of that build is left.
   */
  private static void kill(Process p) {
    List<ProcessHandle> started = p.descendants().toList();
    started.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    try {
      if (!p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("still running after " + KILL_WAIT);
      }
      for (ProcessHandle child : started) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          child.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "a killed " + p.info().command().orElse("kubectl") + " process has not exited yet: " + e);
    }
  }

  /** Reads at most {@code max} bytes, then stops reading (the caller kills the process). */
  private static byte[] drain(InputStream in, long max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        int keep = (int) Math.min(n, max - out.size());
        out.write(buf, 0, keep);
        if (out.size() >= max) {
          break;
        }
      }
    } catch (IOException e) {
      // the process was killed: what was read is all there is
    }
    return out.toByteArray();
  }
}
