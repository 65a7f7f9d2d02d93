package io.flotilla.renderer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.DesiredEvent;
import io.flotilla.events.Person;
import io.flotilla.events.RenderFailed;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** The publisher against a hand-written emitter whose acks and nacks the test controls. */
class KafkaDesiredPublisherTest {
  private final ControlledEmitter emitter = new ControlledEmitter();
  private final KafkaDesiredPublisher publisher =
      new KafkaDesiredPublisher(emitter, Duration.ofSeconds(30));

  @Test
  void shouldReturnOnlyWhenEveryEventIsAcknowledgedAndNeverHaveMoreThanTheLimitInFlight() {
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> publisher.publish(events(300)));

    await().until(() -> emitter.pending.size() == KafkaDesiredPublisher.IN_FLIGHT);
    assertThat(done).isNotDone();
    await()
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              emitter.ackAll();
              return done.isDone();
            });

    assertThat(done).isCompleted();
    assertThat(emitter.sent).hasSize(300);
    assertThat(emitter.maxInFlight.get()).isEqualTo(KafkaDesiredPublisher.IN_FLIGHT);
    assertThat(emitter.sent.peek().getKey()).isEqualTo("sim-0/guestbook");
  }

  @Test
  void shouldFailWhenKafkaRefusesAnEvent() {
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> publisher.publish(events(3)));

    await().until(() -> emitter.pending.size() == 3);
    emitter.pending.poll().fail(new IllegalStateException("record too large"));

    assertThat(done)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .withRootCauseInstanceOf(IllegalStateException.class)
        .withMessageContaining("record too large");
  }

  private static List<CloudEvent<DesiredEvent>> events(int clusters) {
    Person author = new Person("Alice", "alice@example.com");
    return IntStream.range(0, clusters)
        .mapToObj(
            i ->
                CloudEvent.<DesiredEvent>of(
                    new RenderFailed("guestbook", "sim-" + i, "abc", null, null, "x", author),
                    "/flotilla/renderer/test",
                    Clock.systemUTC()))
        .toList();
  }

  /** Records each message when its Uni is subscribed (as the real emitter sends on subscribe). */
  private static final class ControlledEmitter implements MutinyEmitter<String> {
    final ConcurrentLinkedQueue<KafkaRecord<?, ?>> sent = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<UniEmitter<? super Void>> pending = new ConcurrentLinkedQueue<>();
    final AtomicInteger maxInFlight = new AtomicInteger();

    void ackAll() {
      UniEmitter<? super Void> next;
      while ((next = pending.poll()) != null) {
        next.complete(null);
      }
    }

    @Override
    public <M extends Message<? extends String>> Uni<Void> sendMessage(M message) {
      return Uni.createFrom()
          .emitter(
              e -> {
                sent.add((KafkaRecord<?, ?>) message);
                pending.add(e);
                maxInFlight.accumulateAndGet(pending.size(), Math::max);
              });
    }

    @Override
    public Uni<Void> send(String payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void sendAndAwait(String payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Cancellable sendAndForget(String payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> void send(M msg) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> void sendMessageAndAwait(M msg) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <M extends Message<? extends String>> Cancellable sendMessageAndForget(M msg) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean hasRequests() {
      return true;
    }
  }
}
