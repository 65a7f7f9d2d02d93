package io.flotilla.applier.kafka;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A thread reading with a consumer of its own, outside any group, until {@link #stop}: when the
 * reading fails, it reports why and starts again with a new consumer 5 s later.
 */
final class TopicThread {
  /** What the thread does with its consumer; returns or throws, and stops when told to. */
  @FunctionalInterface
  interface Reading {
    void read(KafkaConsumer<String, String> consumer, BooleanSupplier running);
  }

  private final String name;
  private final Supplier<KafkaConsumer<String, String>> consumers;
  private final Reading reading;
  private final Consumer<RuntimeException> failed;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;
  private Thread thread;

  /**
   * @param failed told of a failure of the reading (not of a stop), before the 5 s wait
   */
  TopicThread(
      String name,
      Supplier<KafkaConsumer<String, String>> consumers,
      Reading reading,
      Consumer<RuntimeException> failed) {
    this.name = name;
    this.consumers = consumers;
    this.reading = reading;
    this.failed = failed;
  }

  void start() {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the reading and waits (up to 5 s) for the thread to end. */
  void stop() throws InterruptedException {
    running = false;
    KafkaConsumer<String, String> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      thread.join(5_000);
    }
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, String> c = consumers.get()) {
        consumer = c;
        reading.read(c, () -> running);
      } catch (WakeupException e) {
        return; // stopping
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failed.accept(e);
        sleep();
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
