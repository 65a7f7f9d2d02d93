package io.flotilla.auditor.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * The reason or message an event carries, for the audit log's {@code message} column and its
 * free-text search. Read generically from the event record's components, so event types added later
 * need no change here: the first non-blank of {@code reason}, {@code message}, {@code error}; else
 * {@code status: <status>} when the event has a status; else {@code null}.
 */
public final class Messages {
  private static final String[] TEXT = {"reason", "message", "error"};

  /** Each record class's components by name, read once (reflection is slow on the hot path). */
  private static final ClassValue<Map<String, Method>> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> byName = new HashMap<>();
          RecordComponent[] components = type.getRecordComponents();
          if (components != null) {
            for (RecordComponent c : components) {
              byName.put(c.getName(), c.getAccessor());
            }
          }
          return byName;
        }
      };

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
    Method accessor = ACCESSORS.get(event.getClass()).get(name);
    if (accessor == null) {
      return null;
    }
    try {
      return accessor.invoke(event);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + name + " of " + event.getClass().getSimpleName(), e);
    }
  }
}
