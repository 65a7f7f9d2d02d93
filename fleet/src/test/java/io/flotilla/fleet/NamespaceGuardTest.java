package io.flotilla.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceGuardTest {

  private static Map<String, Object> object(String kind, String namespace, String name) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return Map.of("apiVersion", "v1", "kind", kind, "metadata", metadata);
  }

  /**
   * guestbook -> guestbook, shop -> shop, a-billing and z-billing share billing, tools has none.
   */
  private static Fleet fleet() {
    Map<String, String> files = new LinkedHashMap<>(FleetFixtures.fleetFiles());
    files.put("apps/shop.yaml", FleetFixtures.app("shop", "{}").replace("guestbook", "shop"));
    files.put(
        "apps/z-billing.yaml",
        FleetFixtures.app("z-billing", "{}").replace("namespace: guestbook", "namespace: billing"));
    files.put(
        "apps/a-billing.yaml",
        FleetFixtures.app("a-billing", "{}").replace("namespace: guestbook", "namespace: billing"));
    return FleetParser.parse("abc", files);
  }

  private static NamespaceGuard guard(String app) {
    Fleet fleet = fleet();
    return NamespaceGuard.of(fleet, fleet.app(app).orElseThrow());
  }

  @Test
  void shouldAllowTheAppsOwnNamespaceAndNamespacesNoAppUses() {
    NamespaceGuard guard = guard("guestbook");

    assertThat(
            guard.violation(
                List.of(
                    object("ConfigMap", "guestbook", "settings"),
                    object("Namespace", null, "guestbook"),
                    object("ConfigMap", "scratch", "elsewhere"),
                    object("ClusterRole", null, "reader"))))
        .isEmpty();
  }

  @Test
  void shouldRefuseAnotherAppsNamespaceNamingThatApp() {
    assertThat(guard("guestbook").violation(List.of(object("Service", "shop", "front"))))
        .contains(
            "Service 'front' in namespace 'shop' is refused: application 'guestbook' may not use"
                + " namespace 'shop', the destination namespace of application 'shop'; nothing is"
                + " applied. Use the app's own namespace (spec.destination.namespace)");
  }

  @Test
  void shouldRefuseANamespaceObjectOfAnotherApp() {
    assertThat(guard("shop").violation(List.of(object("Namespace", null, "guestbook"))))
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .startsWith(
                        "Namespace 'guestbook' is refused: application 'shop' may not use"
                            + " namespace 'guestbook', the destination namespace of application"
                            + " 'guestbook'"));
  }

  @Test
  void shouldNameTheFirstOtherOwnerByNameAndLetAppsShareTheirNamespace() {
    assertThat(guard("shop").violation(List.of(object("Secret", "billing", "key"))))
        .hasValueSatisfying(v -> assertThat(v).contains("application 'a-billing'"));
    assertThat(guard("z-billing").violation(List.of(object("Secret", "billing", "key")))).isEmpty();
    assertThat(guard("a-billing").violation(List.of(object("Secret", "billing", "key")))).isEmpty();
  }

  @Test
  void shouldRefuseSystemNamespacesExceptToTheAppWhoseDestinationItIs() {
    Map<String, String> destinations = Map.of("infra", "kube-system", "guestbook", "guestbook");

    assertThat(
            NamespaceGuard.of("guestbook", "guestbook", destinations)
                .violation(List.of(object("ConfigMap", "kube-public", "x"))))
        .hasValueSatisfying(
            v ->
                assertThat(v).contains("may not use namespace 'kube-public', a Kubernetes system"));
    assertThat(
            NamespaceGuard.of("guestbook", "guestbook", destinations)
                .violation(List.of(object("ConfigMap", "kube-system", "x"))))
        .hasValueSatisfying(
            v -> assertThat(v).contains("the destination namespace of application 'infra'"));
    assertThat(
            NamespaceGuard.of("infra", "kube-system", destinations)
                .violation(List.of(object("ConfigMap", "kube-system", "x"))))
        .isEmpty();
  }

  @Test
  void shouldReportTheFirstOffendingObject() {
    assertThat(
            guard("guestbook")
                .violation(
                    List.of(
                        object("ConfigMap", "guestbook", "ok"),
                        object("ConfigMap", "kube-public", "first"),
                        object("ConfigMap", "shop", "second"))))
        .hasValueSatisfying(v -> assertThat(v).startsWith("ConfigMap 'first' in namespace"));
  }
}
