/**
 * Drives a whole local Flotilla — Kafka, PostgreSQL, fleet-sim and the four services, started by
 * {@code deploy/local/platform.sh} — from the outside, as a user would: commits to real Git
 * repositories, then reads the services' REST APIs and the simulated clusters. {@link
 * io.flotilla.e2e.Demo} is {@code make demo}; the end-to-end test reuses the same pieces.
 */
package io.flotilla.e2e;
