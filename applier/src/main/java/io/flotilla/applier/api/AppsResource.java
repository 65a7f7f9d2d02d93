package io.flotilla.applier.api;

import io.flotilla.applier.app.AppClusterState;
import io.flotilla.applier.app.AppStateStore;
import io.flotilla.applier.app.ControlGate;
import io.flotilla.applier.app.HealthWatcher;
import io.flotilla.fleet.Cluster;
import io.flotilla.fleet.Fleet;
import io.flotilla.fleet.git.LiveFleet;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/apps}: every app of the fleet with every cluster it targets ({@code Unknown}
 * until an event about it arrives), plus any (app, cluster) events named that the fleet does not.
 */
@Path("/api/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppsResource {
  @Inject LiveFleet live;
  @Inject AppStateStore store;
  @Inject ControlGate gate;
  @Inject HealthWatcher health;

  @GET
  public List<AppStatus> all() {
    Fleet fleet = live.current();
    Map<String, Map<String, AppClusterState>> seen = store.byApp();
    Set<String> names = new TreeSet<>(fleet.apps().keySet());
    names.addAll(seen.keySet());
    List<AppStatus> out = new ArrayList<>();
    names.forEach(name -> out.add(status(fleet, name, seen.getOrDefault(name, Map.of()))));
    return out;
  }

  @GET
  @Path("/{app}")
  public Response one(@PathParam("app") String app) {
    Fleet fleet = live.current();
    Map<String, AppClusterState> seen = store.byApp().getOrDefault(app, Map.of());
    if (fleet.app(app).isEmpty() && seen.isEmpty()) {
      return Response.status(Response.Status.NOT_FOUND)
          .type(MediaType.APPLICATION_JSON)
          .entity(new ErrorBody("not_found", "no application '" + app + "' in the fleet"))
          .build();
    }
    return Response.ok(status(fleet, app, seen)).build();
  }

  private String paused(String app, String cluster) {
    return gate.holding(app, cluster).map(h -> h.describe()).orElse(null);
  }

  private AppStatus status(Fleet fleet, String app, Map<String, AppClusterState> seen) {
    Set<String> targets = new TreeSet<>();
    fleet.app(app).map(fleet::targets).orElse(List.of()).stream()
        .map(Cluster::name)
        .forEach(targets::add);
    Map<String, AppStatus.ClusterStatus> clusters = new TreeMap<>();
    targets.forEach(
        c ->
            clusters.put(
                c,
                AppStatus.ClusterStatus.of(
                    seen.getOrDefault(c, AppClusterState.unknown(app, c)),
                    true,
                    paused(app, c),
                    health.health(app, c).orElse(null),
                    health.lastHealthy(app, c).orElse(null))));
    seen.forEach(
        (c, state) ->
            clusters.putIfAbsent(
                c,
                AppStatus.ClusterStatus.of(
                    state,
                    false,
                    paused(app, c),
                    health.health(app, c).orElse(null),
                    health.lastHealthy(app, c).orElse(null))));
    return new AppStatus(app, List.copyOf(clusters.values()));
  }
}
