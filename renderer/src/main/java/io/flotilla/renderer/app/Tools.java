package io.flotilla.renderer.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The external renderers: Kustomize (through kubectl) and Helm. */
public final class Tools {
  private Tools() {}

  /** A tool could not render; the message is for users and names what and where. */
  public static final class Failed extends Exception {
    public Failed(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code kubectl kustomize}. */
  public interface Kustomize {
    /**
     * The tool's version (e.g. {@code kubectl v1.32.4, kustomize v5.5.0}).
     *
     * @throws Failed when kubectl is missing or its Kustomize is older than v5
     */
    String version() throws Failed;

    /**
     * Builds the kustomization in folder {@code dir} of a scratch copy of {@code files}.
     *
     * @param files repo-relative path to content
     * @param maxOutputBytes the most output accepted; the build is killed past it
     */
    String build(Map<String, byte[]> files, String dir, Duration timeout, long maxOutputBytes)
        throws Failed;
  }

  /** {@code helm template}. */
  public interface Helm {
    String version() throws Failed;

    /**
     * Renders the chart in folder {@code chart} of a scratch copy of {@code files}.
     *
     * @param valuesFiles repo-relative values files (keys of {@code files}), in order
     * @param values inline values, applied after the values files
     */
    String template(
        Map<String, byte[]> files,
        String chart,
        List<String> valuesFiles,
        Map<String, Object> values,
        String release,
        String namespace,
        Duration timeout)
        throws Failed;
  }
}
