/**
 * {@code diff}: does a live object hold a desired one? Normalised comparison that ignores what the
 * server populates. Pure; it must never put a value into its output, only paths (values may be
 * secret).
 */
package io.flotilla.applier.domain.diff;
