#!/usr/bin/env bash
# Auditor query-latency benchmark: p50/p99 of GET /api/v1/audit (first page, limit 100) for each
# filter at BENCH_ROWS (1,000,000) rows, through the real packaged auditor and PostgreSQL.
#
# usage: bench/auditor/query.sh          (build first: mvn -pl auditor -am package -DskipTests)
#
# It starts its own Kafka broker and PostgreSQL (ports below, state under BENCH_STATE or a temp
# dir), starts the auditor once (its Flyway migrations create the schema), fills the database with
# bench/auditor/QueryBench.java (the auditor's own RecordParser and chain writer, times spread over
# 180 days, so six or seven monthly partitions), ANALYZEs, checks the chain verifies, then times
# BENCH_REQUESTS (200) requests per filter. Writes bench/results/audit-query-<UTC timestamp>.json.
#
# env: BENCH_KAFKA_PORT (39692)  BENCH_PG_PORT (57632)  BENCH_AUDITOR_PORT (18684)
#      BENCH_DB (audit_query)  BENCH_ROWS (1000000)  BENCH_REQUESTS (200)
#      BENCH_STATE (unset: a temp dir deleted at the end; set: kept, and a filled database in it is
#                   reused by the next run, which skips the ~10 minute fill)
set -euo pipefail
LOG_TAG=bench-audit-query
# shellcheck source=../../deploy/local/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../deploy/local/lib.sh"

ROWS=${BENCH_ROWS:-1000000}
REQUESTS=${BENCH_REQUESTS:-200}
HTTP_PORT=${BENCH_AUDITOR_PORT:-18684}
JAR=$REPO_ROOT/auditor/target/quarkus-app/quarkus-run.jar
[[ -f "$JAR" ]] || die "no $JAR" "build it: mvn -pl auditor -am package -DskipTests"
CP="$REPO_ROOT/auditor/target/quarkus-app/app/*:$REPO_ROOT/auditor/target/quarkus-app/lib/main/*"

KEEP=${BENCH_STATE:+yes}
STATE=${BENCH_STATE:-$(mktemp -d /tmp/flotilla-bench-audit-query.XXXXXX)}
mkdir -p "$STATE" && chmod 755 "$STATE"
export FLOTILLA_STATE_DIR=$STATE FLOTILLA_PG_DIR=$STATE/pg
export KAFKA_PORT=${BENCH_KAFKA_PORT:-39692} KAFKA_CONTROLLER_PORT=$((${BENCH_KAFKA_PORT:-39692} + 1))
export PGPORT_FLOTILLA=${BENCH_PG_PORT:-57632}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
DB=${BENCH_DB:-audit_query}
AUDITOR_PID=""

# a broker or server already running on these ports with this state dir is used and left running
KAFKA_WAS_UP=no PG_WAS_UP=no
"$LOCAL_DIR/kafka.sh" status >/dev/null 2>&1 && KAFKA_WAS_UP=yes
"$LOCAL_DIR/postgres.sh" status >/dev/null 2>&1 && PG_WAS_UP=yes
cleanup() {
  if [[ -n "$AUDITOR_PID" ]]; then kill "$AUDITOR_PID" 2>/dev/null && wait "$AUDITOR_PID" 2>/dev/null || true; fi
  [[ $KAFKA_WAS_UP == yes ]] || "$LOCAL_DIR/kafka.sh" stop >/dev/null 2>&1 || true
  [[ $PG_WAS_UP == yes ]] || "$LOCAL_DIR/postgres.sh" stop >/dev/null 2>&1 || true
  [[ -n "$KEEP" ]] || rm -rf -- "$STATE"
}
trap cleanup EXIT

mkdir -p "$FLOTILLA_PG_DIR" && chmod 755 "$FLOTILLA_PG_DIR"
"$LOCAL_DIR/kafka.sh" start >/dev/null
"$LOCAL_DIR/postgres.sh" start >/dev/null
"$LOCAL_DIR/postgres.sh" createdb "$DB" >/dev/null
say "Kafka on $BOOTSTRAP, PostgreSQL on 127.0.0.1:$PGPORT_FLOTILLA (state $STATE)"
psql_su() { psql -X -qtA -h 127.0.0.1 -p "$PGPORT_FLOTILLA" -U postgres -d "$DB" "$@"; }

echo "bench-token-$$-$RANDOM bench" >"$STATE/api-tokens"
TOKEN=$(cut -d' ' -f1 "$STATE/api-tokens")
FLOTILLA_DB_URL=postgresql://127.0.0.1:$PGPORT_FLOTILLA/$DB FLOTILLA_AUDITOR_GROUP=bench-query-$$ \
  FLOTILLA_AUDITOR_PORT=$HTTP_PORT KAFKA_BOOTSTRAP=$BOOTSTRAP FLOTILLA_API_TOKENS=$STATE/api-tokens \
  FLOTILLA_LOG_LEVEL=WARN java -Xmx512m -jar "$JAR" >"$STATE/auditor.log" 2>&1 &
AUDITOR_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/audit?limit=1" && break
  kill -0 "$AUDITOR_PID" 2>/dev/null || { tail -n 30 "$STATE/auditor.log" >&2; die "the auditor died"; }
  sleep 1
done

JDBC="jdbc:postgresql://127.0.0.1:$PGPORT_FLOTILLA/$DB?reWriteBatchedInserts=true"
t0=$SECONDS
java -Xmx2g -cp "$CP" "$REPO_ROOT/bench/auditor/QueryBench.java" fill "$JDBC" flotilla_auditor flotilla_auditor \
  "$ROWS" "$REPO_ROOT/events/src/test/resources/golden" 2> >(grep -v '^SLF4J' >&2) | sed "s/^/$LOG_TAG: /"
fill_s=$((SECONDS - t0))
psql_su -c "vacuum analyze audit_log" -c "vacuum analyze audit_event" >/dev/null
rows=$(psql_su -c "select count(*) from audit_log")
partitions=$(psql_su -c "select count(*) from pg_inherits where inhparent = 'audit_log'::regclass")
size=$(psql_su -c "select pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits where inhparent = 'audit_log'::regclass")
say "$rows rows in $partitions partitions, $size with indexes (fill took ${fill_s} s)"
t0=$SECONDS
verified=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/audit/verify")
verify_s=$((SECONDS - t0))
[[ "$verified" == *'"verified":true'* ]] || die "the chain does not verify: $verified"
say "chain verified in ${verify_s} s: $verified"

java -cp "$CP" "$REPO_ROOT/bench/auditor/QueryBench.java" query "$JDBC" flotilla_auditor flotilla_auditor \
  "http://127.0.0.1:$HTTP_PORT" "$TOKEN" "$REQUESTS" "$STATE/figures.json" 2> >(grep -v '^SLF4J' >&2) | sed "s/^/$LOG_TAG: /"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$REPO_ROOT/bench/results/audit-query-$stamp.json
mkdir -p "$(dirname "$out")"
cat >"$out" <<JSON
{
  "scenario": "audit-query",
  "parameters": {"rows": $rows, "partitions": $partitions, "table_size": "$size", "requests_per_filter": $REQUESTS,
    "page": "first page, limit 100 (default), newest first; client wall time with the body read",
    "data": "180 days; 500 apps, 40 clusters, ~130k revisions, 120 authors; per revision a commit + per cluster (3) desired state + sync, some health/drift/rollback/pause/render failures (golden events of every type)",
    "fill_seconds": $fill_s, "verify_seconds": $verify_s},
  "machine": {"cores": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
    "memory_mb": $(($(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024)),
    "load_average": "$(cut -d' ' -f1-3 /proc/loadavg)",
    "java": "$(java -version 2>&1 | head -n1 | sed 's/"//g')",
    "postgres": "$(psql --version | head -n1)", "postgres_settings": "fsync=off, synchronous_commit=off (deploy/local/postgres.sh), defaults otherwise (shared_buffers 128MB)"},
  "figures": {$(cat "$STATE/figures.json")}
}
JSON
say "wrote $out"
