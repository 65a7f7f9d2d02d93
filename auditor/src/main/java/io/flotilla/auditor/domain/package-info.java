/**
 * The audit log's pure core: what a stored audit record is, how the hash chain links one record to
 * the one before, and how a chain is verified.
 *
 * <p>Plain functions over plain data. This package imports {@code java.*} and {@code
 * io.flotilla.events} only: no Quarkus, no Kafka, no database, no clock.
 */
package io.flotilla.auditor.domain;
