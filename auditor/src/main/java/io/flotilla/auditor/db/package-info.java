/**
 * The PostgreSQL adapter, plain JDBC over the Agroal pool: {@link AuditWriter} appends batches to
 * the hash chain, {@link AuditReader} reads pages, streams (server-side cursors) and verifies.
 *
 * <p>The schema is owned by the Flyway migrations under {@code db/migration}, run as the owner;
 * this package runs as the service role and only ever inserts and selects (the tables refuse
 * UPDATE, DELETE and TRUNCATE by trigger anyway). Every value is a bind parameter.
 */
package io.flotilla.auditor.db;
