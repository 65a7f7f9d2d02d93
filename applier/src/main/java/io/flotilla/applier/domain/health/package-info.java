/**
 * {@code health}: Healthy / Progressing / Degraded / Missing / Unknown of live objects from their
 * status, and the aggregate for an app on a cluster. Pure; it must never call a cluster.
 */
package io.flotilla.applier.domain.health;
