/**
 * The REST API: {@code GET /api/v1/apps} and {@code GET /api/v1/apps/{app}}, per cluster the
 * desired and applied revision, sync state, last sync and error, and the last per-object results. A
 * read-only view of {@link io.flotilla.applier.app.AppStateStore} over the fleet read at start-up;
 * it never calls a cluster or Kafka.
 */
package io.flotilla.applier.api;
