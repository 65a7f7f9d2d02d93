package io.flotilla.renderer.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Neither Kustomize nor Helm: for tests of plain manifests, where neither may be called. */
final class NoTools implements Tools.Kustomize, Tools.Helm {
  @Override
  public String version() throws Tools.Failed {
    throw new Tools.Failed("no tools in this test");
  }

  @Override
  public String build(Map<String, byte[]> files, String dir, Duration timeout, long max)
      throws Tools.Failed {
    throw new Tools.Failed("no Kustomize in this test");
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
    throw new Tools.Failed("no Helm in this test");
  }
}
