package io.flotilla.renderer.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.flotilla.renderer.app.RendererConfig;
import io.flotilla.renderer.app.Tools;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code helm template} through helm-java (Helm 3's own engine, a native library loaded with JNA)
 * over a scratch copy of the chart. No repositories are configured and nothing is downloaded:
 * dependencies must be vendored in the chart's {@code charts/} folder. The values files come first,
 * then the inline values (as one JSON values file), last wins.
 *
 * <p>Helm runs inside this process, so a template past its time limit cannot be killed: it is
 * abandoned (its thread keeps running until Helm returns) and reported as failed.
 */
@Singleton
public class HelmJava implements Tools.Helm {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService HELM =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "helm-template");
            t.setDaemon(true);
            return t;
          });

  private final Path scratchDir;
  private volatile String version;

  @Inject
  public HelmJava(RendererConfig config) {
    this(config.cacheDir().resolve("scratch"), config.cacheDir().resolve("jna"));
  }

  public HelmJava(Path scratchDir, Path jnaDir) {
    this.scratchDir = scratchDir;
    if (System.getProperty("jna.tmpdir") == null) {
      try {
        Files.createDirectories(jnaDir);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot create " + jnaDir + " for Helm's native library", e);
      }
      System.setProperty("jna.tmpdir", jnaDir.toString());
    }
  }

  @Override
  public String version() throws Tools.Failed {
    String v = version;
    if (v == null) {
      try {
        v = "helm " + Helm.version().call();
      } catch (RuntimeException | LinkageError e) {
        throw new Tools.Failed("Helm is not available: " + e.getMessage());
      }
      version = v;
    }
    return v;
  }

  @Override
  public String template(
      Map<String, byte[]> files,
      String chart,
      List<String> valuesFiles,
      Map<String, Object> values,
      String release,
      String namespace,
      Duration timeout)
      throws Tools.Failed {
    version();
    try (Scratch scratch = new Scratch(scratchDir, files)) {
      Path chartDir = chart.isEmpty() ? scratch.repo() : scratch.repo().resolve(chart);
      TemplateCommand command = new Helm(chartDir).template().withName(release);
      if (namespace != null && !namespace.isEmpty()) {
        command = command.withNamespace(namespace);
      }
      for (String file : valuesFiles) {
        command = command.withValuesFile(scratch.repo().resolve(file));
      }
      if (!values.isEmpty()) {
        Path inline = scratch.root().resolve("values-inline.json");
        Files.writeString(inline, JSON.writeValueAsString(values));
        command = command.withValuesFile(inline);
      }
      TemplateCommand call = command;
      Future<String> out = HELM.submit(call::call);
      try {
        return out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        out.cancel(true);
        throw new Tools.Failed(
            "helm template of "
                + show(chart)
                + " did not finish within "
                + timeout
                + " (FLOTILLA_RENDER_TIMEOUT) and was abandoned");
      } catch (ExecutionException e) {
        throw new Tools.Failed(
            "helm template of "
                + show(chart)
                + " failed: "
                + scratch.relativize(helmMessage(e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Tools.Failed("interrupted while rendering " + show(chart));
      }
    } catch (JsonProcessingException e) {
      throw new Tools.Failed(
          "the inline Helm values cannot be written as JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Tools.Failed(
          "cannot write the Helm values to the scratch folder: " + e.getMessage());
    }
  }

  private static String helmMessage(Throwable e) {
    String m = String.valueOf(e.getMessage()).strip();
    if (m.contains("missing in charts/ directory")) {
      return m
          + " (Flotilla downloads nothing: vendor the dependency into the chart's charts/ folder,"
          + " e.g. with 'helm dependency build', and commit it)";
    }
    return m;
  }

  private static String show(String chart) {
    return chart.isEmpty() ? "the repository root" : chart;
  }
}
