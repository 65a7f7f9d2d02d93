/**
 * Change detection as pure functions: which (repo, branch) pairs to watch for a fleet, and whether
 * a branch moved for an application. Imports {@code java.*}, events and the fleet model only; never
 * Git, Kafka or Quarkus.
 */
package io.flotilla.gitwatcher.domain;
