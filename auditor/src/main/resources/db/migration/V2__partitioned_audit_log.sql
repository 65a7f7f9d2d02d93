-- Version 2 of the audit log: monthly partitions, a chain over each row's whole content, manifest
-- bundles stored once by content hash, and a service role that may only INSERT and SELECT.
--
--   hash = sha256(prev_hash || content)   content = canonical JSON of the row's columns (see
--   io.flotilla.auditor.domain.AuditRow#content); the first row's prev_hash is 64 zeros.
--
-- Runs as the owner (Flyway). ${serviceRole} is the role the auditor connects as
-- (quarkus.flyway.placeholders.serviceRole = FLOTILLA_DB_USER).

-- Version 1's rows stay where they were, still append-only, under a new name.
alter table audit_log rename to audit_log_v1;
alter table audit_log_v1 rename constraint audit_log_pkey to audit_log_v1_pkey;
alter table audit_log_v1 rename constraint audit_log_event_id_key to audit_log_v1_event_id_key;
alter index audit_log_app_seq rename to audit_log_v1_app_seq;
alter index audit_log_cluster_seq rename to audit_log_v1_cluster_seq;
alter index audit_log_revision rename to audit_log_v1_revision;
alter index audit_log_type rename to audit_log_v1_type;

create extension if not exists pg_trgm;

-- Refuses every change to a stored row, whoever asks (the owner included).
create function audit_refuse_change() returns trigger
    language plpgsql as
$$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege',
              hint = 'the audit log can only be appended to; rows are never changed or removed';
end;
$$;

-- Manifest bundles (desired-state resources, Secret data already replaced by its SHA-256), once
-- per content hash: hash = sha256(content).
create table audit_bundle (
    hash        char(64)    primary key check (hash ~ '^[0-9a-f]{64}$'),
    content     text        not null,
    recorded_at timestamptz not null default clock_timestamp()
);

-- Every event id ever stored, with its position: makes a redelivered event a no-op (a unique
-- index on the partitioned log would have to include the partition key).
create table audit_event (
    event_id text   primary key,
    seq      bigint not null unique
);

create table audit_log (
    seq         bigint      not null,
    event_id    text        not null,
    type        text        not null,
    topic       text,
    app         text,
    cluster     text,
    revision    text,
    actor       text,
    -- the e-mail in 'Name <email>', lower-case, for the actor filter
    actor_email text generated always as (lower(substring(actor from '<([^<>]*)>$'))) stored,
    message     text,
    event_time  timestamptz not null,
    recorded_at timestamptz not null,
    bundle_hash char(64)    references audit_bundle (hash),
    envelope    text        not null,
    prev_hash   char(64)    not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        char(64)    not null check (hash ~ '^[0-9a-f]{64}$'),
    primary key (seq, recorded_at)
) partition by range (recorded_at);

comment on table audit_log is
    'Flotilla audit log: append-only (UPDATE, DELETE and TRUNCATE refused by trigger), hash-chained, one partition per month of recorded_at';

-- One index per filter, each ending in seq so a filtered page is read in order.
create index audit_log_app         on audit_log (app, seq);
create index audit_log_cluster     on audit_log (cluster, seq);
create index audit_log_revision    on audit_log (revision, seq);
create index audit_log_actor       on audit_log (lower(actor), seq);
create index audit_log_actor_email on audit_log (actor_email, seq);
create index audit_log_type        on audit_log (type text_pattern_ops, seq);
create index audit_log_event_time  on audit_log (event_time, seq);
create index audit_log_message     on audit_log using gin (message gin_trgm_ops);

-- Statement level: refused even when no row matches. Row level: cloned onto every partition, so
-- going around the parent does not help.
create trigger audit_log_append_only
    before update or delete or truncate on audit_log
    for each statement execute function audit_refuse_change();
create trigger audit_log_rows_append_only
    before update or delete on audit_log
    for each row execute function audit_refuse_change();
create trigger audit_event_append_only
    before update or delete or truncate on audit_event
    for each statement execute function audit_refuse_change();
create trigger audit_bundle_append_only
    before update or delete or truncate on audit_bundle
    for each statement execute function audit_refuse_change();

-- Creates the partition holding instant `at` when it does not exist yet, and returns its name.
-- Runs with the owner's rights, so the service role needs no DDL privilege.
create function audit_log_partition_for(at timestamptz) returns text
    language plpgsql
    security definer
    set search_path from current
as
$$
declare
    first_day timestamp := date_trunc('month', at at time zone 'UTC');
    name      text      := 'audit_log_' || to_char(first_day, 'YYYY_MM');
begin
    if to_regclass(name) is null then
        perform pg_advisory_xact_lock(5074553425915309154);
        if to_regclass(name) is null then
            execute format('create table %I partition of audit_log for values from (%L) to (%L)',
                           name, first_day at time zone 'UTC',
                           (first_day + interval '1 month') at time zone 'UTC');
            execute format('create trigger audit_log_partition_append_only'
                               || ' before truncate on %I'
                               || ' for each statement execute function audit_refuse_change()', name);
        end if;
    end if;
    return name;
end;
$$;
revoke all on function audit_log_partition_for(timestamptz) from public;

-- The service role: read and append, nothing else.
do
$$
begin
    if exists (select 1 from pg_roles where rolname = '${serviceRole}') then
        execute format('grant select, insert on audit_log, audit_event, audit_bundle to %I', '${serviceRole}');
        execute format('grant select on audit_log_v1 to %I', '${serviceRole}');
        execute format('grant execute on function audit_log_partition_for(timestamptz) to %I', '${serviceRole}');
    else
        raise warning 'role % does not exist: create it (LOGIN) and grant it SELECT, INSERT on audit_log, audit_event, audit_bundle and EXECUTE on audit_log_partition_for(timestamptz)', '${serviceRole}';
    end if;
end;
$$;
