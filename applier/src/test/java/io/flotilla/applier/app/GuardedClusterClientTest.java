package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.applier.domain.ObjectRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardedClusterClientTest {
  private static final ObjectRef.KindInNamespace CMS =
      new ObjectRef.KindInNamespace("v1", "ConfigMap", "default");

  private final Deque<ClusterCallException> failures = new ArrayDeque<>();
  private final List<Duration> slept = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private int sent;

  private final ClusterClient flaky =
      new ClusterClient() {
        @Override
        public List<Map<String, Object>> list(ObjectRef.KindInNamespace kind) {
          sent++;
          ClusterCallException next = failures.poll();
          if (next != null) {
            throw next;
          }
          return List.of();
        }

        @Override
        public Optional<Map<String, Object>> get(ObjectRef ref) {
          sent++;
          ClusterCallException next = failures.poll();
          if (next != null) {
            throw next;
          }
          return Optional.empty();
        }

        @Override
        public Applied apply(Map<String, Object> object, boolean force) {
          sent++;
          ClusterCallException next = failures.poll();
          if (next != null) {
            throw next;
          }
          return new Applied(object, false);
        }

        @Override
        public void delete(ObjectRef ref) {
          sent++;
        }

        @Override
        public void discover(String apiVersion) {
          sent++;
          ClusterCallException next = failures.poll();
          if (next != null) {
            throw next;
          }
        }
      };

  private GuardedClusterClient guarded(int attempts) {
    return new GuardedClusterClient(
        flaky,
        new GuardedClusterClient.Budget(1000, 1000, 2),
        RetryPolicy.exponential(attempts, Duration.ofMillis(100), 2, Duration.ofSeconds(5)),
        (verb, status, took) -> calls.add(verb + " " + status),
        slept::add);
  }

  @Test
  void aDiscoveryShouldBeRetriedAndCountedLikeAnyRequest() {
    failures.add(new ClusterCallException("connection refused", 0, null, true));

    guarded(3).discover("v1");

    assertThat(sent).isEqualTo(2);
    assertThat(calls).containsExactly("discover 0", "discover 200");
  }

  @Test
  void shouldRetryTransientFailuresWithBackOffAndHonourRetryAfter() {
    failures.add(new ClusterCallException("HTTP 503: unavailable", 503, null, true));
    failures.add(new ClusterCallException("HTTP 429: slow down", 429, Duration.ofSeconds(2), true));

    assertThat(guarded(5).list(CMS)).isEmpty();

    assertThat(sent).isEqualTo(3);
    assertThat(calls).containsExactly("list 503", "list 429", "list 200");
    assertThat(slept).hasSize(2);
    assertThat(slept.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(slept.get(1)).as("Retry-After").isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void shouldNotRetryAValidationError() {
    failures.add(
        new ClusterCallException("HTTP 422: spec.replicas: Invalid value", 422, null, false));

    assertThatThrownBy(() -> guarded(5).apply(Map.of("kind", "Deployment"), false))
        .isInstanceOf(ClusterCallException.class)
        .hasMessage("HTTP 422: spec.replicas: Invalid value");
    assertThat(sent).isEqualTo(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptAndSaySo() {
    for (int i = 0; i < 3; i++) {
      failures.add(new ClusterCallException("HTTP 500: boom", 500, null, true));
    }

    assertThatThrownBy(() -> guarded(3).list(CMS))
        .isInstanceOfSatisfying(
            ClusterCallException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("HTTP 500: boom (after 3 attempts)");
              assertThat(e.status()).isEqualTo(500);
            });
    assertThat(sent).isEqualTo(3);
    assertThat(slept)
        .hasSize(2)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(200)));
  }

  @Test
  void shouldWaitForTokensBeyondTheBurst() {
    GuardedClusterClient client =
        new GuardedClusterClient(
            flaky,
            new GuardedClusterClient.Budget(10, 2, 1),
            RetryPolicy.exponential(1, Duration.ofMillis(100), 2, Duration.ofSeconds(5)),
            (verb, status, took) -> {},
            slept::add);

    client.list(CMS);
    client.list(CMS);
    client.list(CMS);

    assertThat(slept)
        .as("the third call in a burst of 2 at 10 qps waits for a token")
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
  }
}
