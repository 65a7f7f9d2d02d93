package io.flotilla.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The outcome of checking a commit's OpenPGP signature against the keys an application allows.
 *
 * @param status what the check found
 * @param keyFingerprint the fingerprint of the key that made the signature (hex, upper case), when
 *     the signature names one
 * @param signer the user id of that key when it is one of the allowed keys
 * @param required the application requires a valid signature ({@code signatures.required}); with
 *     any status but {@code valid} the commit is not deployed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Signature(
    Status status,
    String keyFingerprint,
    String signer,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean required) {
  public Signature {
    Required.value(status, "signature.status");
  }

  /** The statuses, spelled as in the JSON. */
  public enum Status {
    /** Signed by one of the app's keys, and the signature verifies. */
    VALID("valid"),
    /** Signed by one of the app's keys, but the signature does not verify (altered commit). */
    INVALID("invalid"),
    /** Not signed. */
    UNSIGNED("unsigned"),
    /** Signed by a key that is not one of the app's keys. */
    UNKNOWN_KEY("unknown-key");

    private final String json;

    Status(String json) {
      this.json = json;
    }

    @JsonValue
    public String json() {
      return json;
    }

    @JsonCreator
    public static Status of(String json) {
      return Arrays.stream(values())
          .filter(s -> s.json.equals(json))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("unknown signature status '" + json + "'"));
    }
  }
}
