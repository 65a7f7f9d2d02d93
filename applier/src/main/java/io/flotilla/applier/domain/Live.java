package io.flotilla.applier.domain;

import java.util.Map;

/** What a cluster said about one desired object before the sync touched it. */
public sealed interface Live {

  /** The cluster has no such object. */
  record Absent() implements Live {}

  /** The object as the cluster returned it, server-set fields and all. */
  record Present(Map<String, Object> object) implements Live {}

  /** The read failed; {@code reason} is safe to show (no credentials). */
  record Unreadable(String reason) implements Live {}

  Live ABSENT = new Absent();
}
