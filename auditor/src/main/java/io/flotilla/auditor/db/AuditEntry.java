package io.flotilla.auditor.db;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code audit_log}; see {@code V1__audit_log.sql} for the table. */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long seq;

  @Column(name = "event_id", nullable = false, updatable = false)
  public String eventId;

  @Column(nullable = false, updatable = false)
  public String type;

  @Column(updatable = false)
  public String topic;

  @Column(updatable = false)
  public String app;

  @Column(updatable = false)
  public String cluster;

  @Column(updatable = false)
  public String revision;

  @Column(updatable = false)
  public String actor;

  @Column(name = "event_time", nullable = false, updatable = false)
  public Instant eventTime;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  public Instant recordedAt;

  @Column(nullable = false, updatable = false)
  public String envelope;

  @Column(name = "prev_hash", nullable = false, updatable = false)
  public String prevHash;

  @Column(nullable = false, updatable = false)
  public String hash;
}
