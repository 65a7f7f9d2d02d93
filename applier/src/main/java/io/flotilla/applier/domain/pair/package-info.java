/**
 * {@code pair}: desired objects with what the cluster holds, plus the inventory's orphans (prune
 * candidates). Pure: never reads a cluster; the caller hands in what it listed.
 */
package io.flotilla.applier.domain.pair;
