/**
 * The query API, {@code /api/v1/audit}: search the log, fetch one entry, verify the chain.
 *
 * <p>Read-only: nothing here writes to the audit log. Every error is a JSON {@code {error,
 * message}} body with a 4xx status for what the caller got wrong; never an HTML page or a stack
 * trace.
 */
package io.flotilla.auditor.api;
