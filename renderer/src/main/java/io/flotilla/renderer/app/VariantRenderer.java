package io.flotilla.renderer.app;

import io.flotilla.events.EventCodec;
import io.flotilla.fleet.Application;
import io.flotilla.renderer.domain.ManifestLoader;
import io.flotilla.renderer.domain.RenderResult;
import io.flotilla.renderer.domain.RenderSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one {@link Variant} of an application at one commit: reads only its inputs (checked, see
 * {@link Checkout}), runs the renderer its source type names, and finishes the objects (validation,
 * namespaces, ownership labels, patches, limits). Looks the render cache up first.
 */
public final class VariantRenderer {
  private final Tools.Kustomize kustomize;
  private final Tools.Helm helm;
  private final RenderSettings settings;
  private final RenderCache cache;

  public VariantRenderer(
      Tools.Kustomize kustomize, Tools.Helm helm, RenderSettings settings, RenderCache cache) {
    this.kustomize = kustomize;
    this.helm = helm;
    this.settings = settings;
    this.cache = cache;
  }

  public RenderCache cache() {
    return cache;
  }

  public RenderResult render(RepoTree tree, Application app, Variant variant) {
    try {
      Checkout.checkDeclared(tree, "spec.source.path", app.path());
      Checkout.checkDeclared(tree, "the overlay path", variant.path());
      for (String file : variant.valuesFiles()) {
        Checkout.checkDeclared(tree, "spec.source.helm.valuesFiles", file);
      }
      return switch (app.sourceType()) {
        case "kustomize" -> kustomize(tree, app, variant);
        case "helm" -> helm(tree, app, variant);
        case "yaml" -> yaml(tree, app, variant);
        default ->
            new RenderResult.Failed(
                null,
                null,
                "spec.source.type '" + app.sourceType() + "' is not one of yaml, kustomize, helm");
      };
    } catch (Refused e) {
      return new RenderResult.Failed(e.path(), null, e.getMessage());
    } catch (Tools.Failed e) {
      return new RenderResult.Failed(null, null, e.getMessage());
    }
  }

  private RenderResult yaml(RepoTree tree, Application app, Variant variant) throws Refused {
    Checkout.Inputs inputs = new Checkout.Inputs(List.of(variant.path()), List.of());
    String key = key(tree, app, variant, inputs, "yaml");
    Optional<RenderResult.Rendered> hit = cache.get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    Checkout.read(tree, inputs, app.path(), settings.limits())
        .forEach((path, bytes) -> texts.put(path, new String(bytes, StandardCharsets.UTF_8)));
    return remember(key, ManifestLoader.render(texts, spec(app, variant)));
  }

  private RenderResult kustomize(RepoTree tree, Application app, Variant variant)
      throws Refused, Tools.Failed {
    Checkout.Inputs inputs = Checkout.kustomize(tree, List.of(variant.path()));
    String key = key(tree, app, variant, inputs, kustomize.version());
    Optional<RenderResult.Rendered> hit = cache.get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    Map<String, byte[]> files = Checkout.read(tree, inputs, app.path(), settings.limits());
    String out =
        kustomize.build(
            files, variant.path(), settings.renderTimeout(), settings.limits().maxRenderBytes());
    return remember(
        key,
        ManifestLoader.renderOutput(
            show(variant.path()) + " (kustomize build output)", out, spec(app, variant)));
  }

  private RenderResult helm(RepoTree tree, Application app, Variant variant)
      throws Refused, Tools.Failed {
    Checkout.Inputs inputs = new Checkout.Inputs(List.of(app.path()), variant.valuesFiles());
    String key = key(tree, app, variant, inputs, helm.version());
    Optional<RenderResult.Rendered> hit = cache.get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    Map<String, byte[]> files = Checkout.read(tree, inputs, app.path(), settings.limits());
    String out =
        helm.template(
            files,
            app.path(),
            variant.valuesFiles(),
            variant.helmValues(),
            app.name(),
            app.namespace(),
            settings.renderTimeout());
    if (out.length() > settings.limits().maxRenderBytes()) {
      return new RenderResult.Failed(
          null,
          null,
          "helm template of "
              + show(app.path())
              + " printed more than "
              + settings.limits().maxRenderBytes()
              + " bytes (FLOTILLA_MAX_RENDER_BYTES); refused");
    }
    return remember(
        key,
        ManifestLoader.renderOutput(
            show(app.path()) + " (helm template output)", out, spec(app, variant)));
  }

  private RenderResult remember(String key, RenderResult result) {
    if (result instanceof RenderResult.Rendered r) {
      cache.put(key, r);
    }
    return result;
  }

  private RenderSpec spec(Application app, Variant variant) {
    return new RenderSpec(
        app.name(),
        variant.path(),
        app.namespace(),
        app.syncPolicy().allowEmpty(),
        variant.patches(),
        settings.limits());
  }

  private String key(
      RepoTree tree, Application app, Variant variant, Checkout.Inputs inputs, String tool) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("repo", tree.repo());
    key.put("type", app.sourceType());
    key.put("app", app.name());
    key.put("namespace", app.namespace() == null ? "" : app.namespace());
    key.put("allowEmpty", app.syncPolicy().allowEmpty());
    key.put("variant", variant.describe());
    key.put("inputs", Checkout.fingerprint(tree, inputs));
    key.put("tool", tool);
    key.put("limits", settings.limits().toString());
    return EventCodec.sha256(EventCodec.canonical(key));
  }

  private static String show(String path) {
    return path.isEmpty() ? "the repository root" : path;
  }
}
