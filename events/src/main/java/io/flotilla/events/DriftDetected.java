package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Live objects of an application on a cluster no longer match what was last applied: someone
 * changed or deleted them out of band. Published once per distinct drift (not at every check).
 *
 * @param revision the revision last applied
 * @param objects what drifted, per object
 * @param selfHeal the app re-applies (a {@link DriftCorrected} follows)
 */
public record DriftDetected(
    String app,
    String cluster,
    String revision,
    List<DriftedObject> objects,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean selfHeal,
    Instant detectedAt)
    implements DriftEvent {
  public DriftDetected {
    Required.text(app, "app");
    Required.text(cluster, "cluster");
    Required.text(revision, "revision");
    Required.value(detectedAt, "detectedAt");
    objects = List.copyOf(Required.value(objects, "objects"));
  }

  @Override
  public Person author() {
    return null;
  }

  /**
   * One object that drifted.
   *
   * @param missing the object was deleted; {@code fields} is then empty
   */
  public record DriftedObject(
      String apiVersion,
      String kind,
      String namespace,
      String name,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean missing,
      List<FieldDrift> fields) {
    public DriftedObject {
      Required.text(apiVersion, "apiVersion");
      Required.text(kind, "kind");
      Required.text(name, "name");
      fields = fields == null ? List.of() : List.copyOf(fields);
    }
  }

  /**
   * One field that differs: the value applied and the value found, as JSON text; Secret data is
   * never shown ({@code "(redacted)"}).
   *
   * @param applied {@code null} when the field was not found at all
   */
  public record FieldDrift(String path, String applied, String live) {
    public FieldDrift {
      Required.text(path, "path");
    }
  }
}
