/**
 * {@code control}: the pauses and rollback suspensions in force, a pure fold of {@code
 * flotilla.control}. It decides whether a desired state may be applied; it never applies anything.
 */
package io.flotilla.applier.domain.control;
