package io.flotilla.auditor.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * The reason or message an event carries, for the audit log's {@code message} column and its
 * free-text search. Read generically from the event record's components, so event types added later
 * need no change here: the first non-blank of {@code reason}, {@code message}, {@code error}; else
 * {@code status: <status>} when the event has a status; else {@code null}.
 */
public final class Messages {
  private static final String[] TEXT = {"reason", "message", "error"};

  private Messages() {}

  public static String of(Record event) {
    for (String name : TEXT) {
      Object value = component(event, name);
      if (value instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    Object status = component(event, "status");
    return status == null
        ? null
        : "status: " + status.toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static Object component(Record event, String name) {
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return c.getAccessor().invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException(
              "cannot read " + name + " of " + event.getClass().getSimpleName(), e);
        }
      }
    }
    return null;
  }
}
