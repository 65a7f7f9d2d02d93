/**
 * The PostgreSQL adapter: the {@code audit_log} entity and the repository that appends to the hash
 * chain and reads it back, through Hibernate Reactive Panache.
 *
 * <p>The schema is owned by the Flyway migrations under {@code db/migration}; Hibernate never
 * creates or alters it. The table refuses UPDATE, DELETE and TRUNCATE by trigger, so this package
 * only ever inserts and selects.
 */
package io.flotilla.auditor.db;
