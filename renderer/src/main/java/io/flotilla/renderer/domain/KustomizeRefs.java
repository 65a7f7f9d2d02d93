package io.flotilla.renderer.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a {@code kustomization.yaml} points at: the local paths it loads, and the references the
 * renderer refuses. Kustomize itself would fetch remote bases ({@code https://…}, {@code git@…},
 * {@code github.com/…?ref=}), which lets a repository run code and pull content from anywhere;
 * absolute paths reach outside the checkout.
 */
public final class KustomizeRefs {
  private static final Pattern REMOTE =
      Pattern.compile(
          "^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|git@|git::|[a-z0-9.-]+\\.(?:com|org|io|net)/)|\\?ref=|\\.git(?:$|/)");
  private static final List<String> PATH_LISTS =
      List.of(
          "resources",
          "bases",
          "components",
          "crds",
          "configurations",
          "generators",
          "transformers",
          "validators",
          "patchesStrategicMerge");

  private KustomizeRefs() {}

  /** The names Kustomize reads as a kustomization file. */
  public static boolean isKustomization(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.equals("kustomization.yaml")
        || name.equals("kustomization.yml")
        || name.equals("Kustomization");
  }

  /**
   * @param local repo-relative paths the file loads (resolved against its folder)
   * @param refused each refused reference, in words
   */
  public record Refs(List<String> local, List<String> refused) {}

  /**
   * @param file the kustomization file's repo-relative path
   */
  public static Refs of(String file, String content) {
    List<String> local = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Object doc;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(10);
      options.setNestingDepthLimit(50);
      doc = new Yaml(new SafeConstructor(options)).load(content);
    } catch (YAMLException e) {
      // Kustomize reports the malformed file itself, with its own words
      return new Refs(local, refused);
    }
    if (!(doc instanceof Map<?, ?> k)) {
      return new Refs(local, refused);
    }
    String folder = RepoPaths.parent(file);
    List<String> refs = new ArrayList<>();
    for (String field : PATH_LISTS) {
      strings(k.get(field), refs);
    }
    for (String field : List.of("patches", "patchesJson6902", "replacements")) {
      if (k.get(field) instanceof List<?> list) {
        for (Object p : list) {
          if (p instanceof Map<?, ?> m && m.get("path") instanceof String s) {
            refs.add(s);
          }
        }
      }
    }
    for (String field : List.of("configMapGenerator", "secretGenerator")) {
      if (k.get(field) instanceof List<?> list) {
        for (Object g : list) {
          if (g instanceof Map<?, ?> m) {
            for (String key : List.of("files", "envs")) {
              if (m.get(key) instanceof List<?> files) {
                for (Object f : files) {
                  if (f instanceof String s) {
                    // "key=path" names the key in the ConfigMap
                    refs.add(s.contains("=") ? s.substring(s.indexOf('=') + 1) : s);
                  }
                }
              }
            }
            if (m.get("env") instanceof String env) {
              refs.add(env);
            }
          }
        }
      }
    }
    if (k.get("helmCharts") != null || k.get("helmChartInflationGenerator") != null) {
      refused.add(
          file
              + ": helmCharts is refused (it downloads charts); use spec.source.type: helm"
              + " instead");
    }
    if (k.get("openapi") instanceof Map<?, ?> openapi && openapi.get("path") instanceof String s) {
      refs.add(s);
    }
    for (String ref : refs) {
      if (ref.contains("\n")) {
        continue; // an inline patch, not a path
      }
      if (REMOTE.matcher(ref).find()) {
        refused.add(
            file
                + ": remote reference '"
                + ref
                + "' is refused (a remote base lets a repository pull content and code from"
                + " anywhere); vendor it into the repository");
      } else if (ref.startsWith("/")) {
        refused.add(file + ": absolute path '" + ref + "' is refused; use a relative path");
      } else {
        RepoPaths.resolve(folder, ref)
            .ifPresentOrElse(
                local::add,
                () ->
                    refused.add(
                        file + ": '" + ref + "' leaves the repository ('..' traversal); refused"));
      }
    }
    return new Refs(local, refused);
  }

  private static void strings(Object value, List<String> out) {
    if (value instanceof List<?> list) {
      for (Object v : list) {
        if (v instanceof String s) {
          out.add(s);
        }
      }
    }
  }
}
