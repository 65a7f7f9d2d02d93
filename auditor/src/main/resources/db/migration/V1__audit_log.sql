-- The audit log: append-only, each row chained to the one before by SHA-256.
--   hash = sha256(prev_hash || envelope)   (hex strings concatenated; the first row's prev_hash is 64 zeros)
-- The auditor appends under pg_advisory_xact_lock, so seq order is chain order.

create table audit_log (
    seq         bigserial   primary key,
    event_id    text        not null unique,
    type        text        not null,
    topic       text,
    app         text,
    cluster     text,
    revision    text,
    actor       text,
    event_time  timestamptz not null,
    recorded_at timestamptz not null,
    envelope    text        not null,
    prev_hash   char(64)    not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        char(64)    not null check (hash ~ '^[0-9a-f]{64}$')
);

create index audit_log_app_seq     on audit_log (app, seq);
create index audit_log_cluster_seq on audit_log (cluster, seq);
create index audit_log_revision    on audit_log (revision);
create index audit_log_type        on audit_log (type);

comment on table audit_log is
    'Flotilla audit log: append-only (UPDATE, DELETE and TRUNCATE are refused by trigger), hash-chained';

-- Immutability is the database's job, not the code's: refuse every change to a stored row.
-- Statement-level, so the refusal does not depend on any row matching.
create function audit_log_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege',
              hint = 'the audit log can only be appended to; rows are never changed or removed';
end;
$$;

create trigger audit_log_append_only
    before update or delete or truncate on audit_log
    for each statement execute function audit_log_refuse_change();
