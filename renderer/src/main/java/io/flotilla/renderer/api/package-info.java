/**
 * What the renderer shows over HTTP besides Quarkus' own endpoints: its health checks. It reads
 * state, never changes it.
 */
package io.flotilla.renderer.api;
