package io.flotilla.fleetsim;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open watches of one simulated cluster. Each event is sent as {@code {"type":..,"object":<the
 * object as stored>}}: the mock read every stored object back into a model class and wrote it out
 * again, once per watcher and event, which was a seventh of fleet-sim's CPU in a fleet sync. What a
 * watcher sees is the mock's behaviour otherwise: on opening, every matching object as ADDED (as a
 * real API server does for a watch without a resourceVersion); then each change of a matching
 * object as MODIFIED, an object that starts matching as ADDED, one that stops matching or is
 * deleted as DELETED, in the order of the writes.
 *
 * <p>Events are sent while the store's write lock is held ({@link #changed} is called under it and
 * a watch registers under it), so a watch neither misses nor repeats a write made while it opens.
 */
final class SimWatches {
  private static final Logger LOG = LoggerFactory.getLogger(SimWatches.class);

  private final String cluster;
  private final Lock writeLock;
  private final Map<AttributeSet, String> store;
  private final Set<Watch> open = new CopyOnWriteArraySet<>();

  SimWatches(String cluster, Lock writeLock, Map<AttributeSet, String> store) {
    this.cluster = cluster;
    this.writeLock = writeLock;
    this.store = store;
  }

  /** A new watch of the objects whose store key matches {@code query}, to upgrade a request to. */
  WebSocketListener watch(AttributeSet query) {
    return new Watch(query);
  }

  /**
   * Tells the watches of one write: the object filed under {@code oldKey} as {@code before} (null
   * when it is new) is now filed under {@code newKey} as {@code after} (both null when deleted).
   */
  void changed(AttributeSet oldKey, String before, AttributeSet newKey, String after) {
    if (Objects.equals(before, after)) {
      return;
    }
    for (Watch watch : open) {
      boolean matchedBefore = oldKey != null && oldKey.matches(watch.query);
      boolean matchesNow = newKey != null && newKey.matches(watch.query);
      if (matchedBefore && matchesNow) {
        watch.send("MODIFIED", after);
      } else if (matchedBefore) {
        watch.send("DELETED", before);
      } else if (matchesNow) {
        watch.send("ADDED", after);
      }
    }
  }

  /** How many watches are open. */
  int size() {
    return open.size();
  }

  private final class Watch extends WebSocketListener {
    private final AttributeSet query;
    private volatile WebSocket socket;

    Watch(AttributeSet query) {
      this.query = query;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      writeLock.lock();
      try {
        for (Map.Entry<AttributeSet, String> entry : store.entrySet()) {
          if (entry.getKey().matches(query)) {
            send("ADDED", entry.getValue());
          }
        }
        open.add(this);
      } finally {
        writeLock.unlock();
      }
    }

    void send(String type, String object) {
      WebSocket s = socket;
      try {
        if (s == null || !s.send("{\"type\":\"" + type + "\",\"object\":" + object + "}")) {
          open.remove(this);
        }
      } catch (RuntimeException e) {
        LOG.debug("{}: a watch event could not be sent; the watch ends", cluster, e);
        open.remove(this);
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      open.remove(this);
      webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      open.remove(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      open.remove(this);
      webSocket.close(1000, String.valueOf(t.getMessage()));
    }
  }
}
