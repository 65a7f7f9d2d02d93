package io.flotilla.fleetsim;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe request counters of one cluster. Only requests that arrive over HTTP are recorded;
 * the status simulator writes into the store directly and is never counted, so the numbers say what
 * the code under test asked of the cluster.
 */
final class RequestCounter {
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder deletes = new LongAdder();

  void record(HttpMethod method) {
    if (method == null) {
      return; // HEAD and other verbs the mock does not model: answered 405, not counted
    }
    switch (method) {
      case GET -> reads.increment();
      case POST, PUT, PATCH -> writes.increment();
      case DELETE -> deletes.increment();
      default -> {
        // OPTIONS, CONNECT: answered 405 and not counted
      }
    }
  }

  RequestCounts snapshot() {
    return new RequestCounts(reads.sum(), writes.sum(), deletes.sum());
  }

  void reset() {
    reads.reset();
    writes.reset();
    deletes.reset();
  }
}
