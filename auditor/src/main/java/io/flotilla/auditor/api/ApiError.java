package io.flotilla.auditor.api;

/**
 * The body of every error response.
 *
 * @param error a stable machine-readable code, e.g. {@code bad_request}, {@code not_found}
 * @param message what was wrong, for a person
 */
public record ApiError(String error, String message) {}
