package io.flotilla.renderer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.LabelSelector;
import io.flotilla.renderer.domain.Limits;
import io.flotilla.renderer.tools.HelmJava;
import io.flotilla.renderer.tools.KubectlKustomize;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RenderService over an in-memory repository, two target clusters and a second application
 * ("billing"), for tests of hostile repositories: {@link #assertRefused} checks that each target
 * cluster gets a RenderFailed naming the repository, the revision and the path, and none a
 * DesiredState.
 */
abstract class HostileRenderFixture {
  static final String REPO = "file:///srv/git/hostile.git";
  static final String SHA = "89abcdef0123456789abcdef0123456789abcdef";
  static final Person MALLORY = new Person("Mallory", "mallory@example.com");
  static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s}\n";

  @TempDir Path work;

  final MapRepos repo = new MapRepos();
  final List<CloudEvent<DesiredEvent>> published = new ArrayList<>();
  Limits limits = Limits.DEFAULT;
  String kubectl = "kubectl";

  static CloudEvent<CommitDetected> commit(Application app) {
    return CloudEvent.of(
        new CommitDetected(
            app.name(),
            REPO,
            "main",
            SHA,
            null,
            MALLORY,
            MALLORY,
            "x",
            Clock.systemUTC().instant()),
        "/flotilla/git-watcher/test",
        Clock.systemUTC());
  }

  void assertRefused(Application app, String path, String... words) {
    RenderService service = service(app);

    service.handle(commit(app));

    assertThat(published)
        .extracting(CloudEvent::key)
        .containsExactly("sim-1/" + app.name(), "sim-2/" + app.name());
    assertThat(published)
        .allSatisfy(
            e -> {
              assertThat(e.data()).isInstanceOf(RenderFailed.class);
              RenderFailed f = (RenderFailed) e.data();
              assertThat(f.reason()).contains(REPO, SHA).contains(words);
              if (path != null) {
                assertThat(f.file()).isEqualTo(path);
                assertThat(f.reason()).contains(path);
              }
            });
  }

  RenderService service(Application app) {
    Fleet fleet =
        Fleet.of(
            "fleet-rev",
            Map.of(
                "sim-1", new Cluster("sim-1", Map.of("env", "prod"), "k", null),
                "sim-2", new Cluster("sim-2", Map.of("env", "prod"), "k", null)),
            Map.of(
                app.name(),
                app,
                "billing",
                app("billing", "billing", "yaml", Application.Helm.NONE)));
    return new RenderService(
        () -> fleet,
        repo,
        published::addAll,
        new RendererMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        new RenderSettings("/flotilla/renderer/test", limits, Duration.ofSeconds(1), 2, 16),
        new KubectlKustomize(kubectl, work.resolve("scratch")),
        new HelmJava(work.resolve("scratch"), work.resolve("jna")));
  }

  static Application yamlApp(String path) {
    return app("guestbook", path, "yaml", Application.Helm.NONE);
  }

  static Application app(String name, String path, String type, Application.Helm helm) {
    return new Application(
        name,
        REPO,
        "main",
        Application.RefType.BRANCH,
        path,
        type,
        name,
        new LabelSelector(Map.of("env", "prod"), List.of()),
        Application.SyncPolicy.DEFAULT,
        null,
        helm,
        List.of(),
        null,
        null);
  }
}
