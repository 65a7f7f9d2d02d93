/**
 * The auditor's use case: turn one consumed record into an audit log entry, or a rejection.
 *
 * <p>Decides what is an event and what goes to the dead-letter topic, retries the database while it
 * is unavailable (a database outage must never send good events to the dead-letter topic), and
 * counts what happened. Knows nothing of Kafka or HTTP.
 */
package io.flotilla.auditor.app;
