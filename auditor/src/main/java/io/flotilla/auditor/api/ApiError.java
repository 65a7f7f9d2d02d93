package io.flotilla.auditor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The body of every error response.
 *
 * @param error a stable machine-readable code, e.g. {@code bad_request}, {@code not_found}
 * @param message what was wrong, for a person
 * @param details what exactly, when there is more to say (e.g. the parameter at fault)
 */
public record ApiError(
    String error,
    String message,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, ?> details) {}
