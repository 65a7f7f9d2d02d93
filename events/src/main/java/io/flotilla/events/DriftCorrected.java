package io.flotilla.events;

import java.time.Instant;
import java.util.List;

/**
 * The applier re-applied an application after a {@link DriftDetected} because the app sets {@code
 * syncPolicy.selfHeal: true}.
 *
 * @param objects the objects re-applied, as {@code Kind namespace/name}
 * @param writes write calls sent
 * @param status {@code synced} or {@code failed}, as the sync's
 */
public record DriftCorrected(
    String app,
    String cluster,
    String revision,
    List<String> objects,
    int writes,
    SyncCompleted.Status status,
    Instant correctedAt)
    implements DriftEvent {
  public DriftCorrected {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.value(status, "status");
    Required.value(correctedAt, "correctedAt");
    objects = List.copyOf(Required.value(objects, "objects"));
  }

  @Override
  public Person author() {
    return null;
  }
}
