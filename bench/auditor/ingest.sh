#!/usr/bin/env bash
# Auditor ingest benchmark: sustained events/s into the hash-chained audit log, through the real
# packaged auditor, a real Kafka broker and a real PostgreSQL, at poll batch sizes 1, 100, 1000.
#
# usage: bench/auditor/ingest.sh          (build first: mvn -pl auditor -am package -DskipTests)
#
# It starts its own Kafka broker and PostgreSQL (ports below, state under a temp dir, both stopped
# at the end), produces BENCH_EVENTS events once (bench/auditor/ProduceEvents.java: per revision a
# commit, a desired state per cluster and a sync per cluster), then for each batch size runs the
# auditor with a fresh consumer group and a fresh database, and measures how fast the row count
# grows from BENCH_WARMUP rows to the target (all events; BENCH_TARGET_1 for batch size 1). Then it
# checks the chain verifies. Writes bench/results/audit-ingest-<UTC timestamp>.json.
#
# env: BENCH_KAFKA_PORT (39492)  BENCH_PG_PORT (57532)  BENCH_AUDITOR_PORT (18484)
#      BENCH_AUDITOR_APP (auditor/target/quarkus-app: another build's, to compare)
#      BENCH_EVENTS (200000; fewer is mostly JIT warm-up)  BENCH_SIZES ("1 100 1000")  BENCH_WARMUP (500)  BENCH_TARGET_1 (3000)
set -euo pipefail
LOG_TAG=bench-audit
# shellcheck source=../../deploy/local/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../deploy/local/lib.sh"

EVENTS=${BENCH_EVENTS:-200000}
SIZES=${BENCH_SIZES:-"1 100 1000"}
WARMUP=${BENCH_WARMUP:-500}
TARGET_1=${BENCH_TARGET_1:-3000}
HTTP_PORT=${BENCH_AUDITOR_PORT:-18484}
APP_DIR=${BENCH_AUDITOR_APP:-$REPO_ROOT/auditor/target/quarkus-app}
JAR=$APP_DIR/quarkus-run.jar
[[ -f "$JAR" ]] || die "no $JAR" "build it: mvn -pl auditor -am package -DskipTests"

STATE=$(mktemp -d /tmp/flotilla-bench-audit.XXXXXX)
chmod 755 "$STATE"
export FLOTILLA_STATE_DIR=$STATE FLOTILLA_PG_DIR=$STATE/pg
export KAFKA_PORT=${BENCH_KAFKA_PORT:-39492} KAFKA_CONTROLLER_PORT=$((${BENCH_KAFKA_PORT:-39492} + 1))
export PGPORT_FLOTILLA=${BENCH_PG_PORT:-57532}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
AUDITOR_PID=""

cleanup() {
  if [[ -n "$AUDITOR_PID" ]]; then kill "$AUDITOR_PID" 2>/dev/null && wait "$AUDITOR_PID" 2>/dev/null || true; fi
  "$LOCAL_DIR/kafka.sh" stop >/dev/null 2>&1 || true
  "$LOCAL_DIR/postgres.sh" stop >/dev/null 2>&1 || true
  rm -rf -- "$STATE"
}
trap cleanup EXIT

mkdir -p "$FLOTILLA_PG_DIR" && chmod 755 "$FLOTILLA_PG_DIR"
"$LOCAL_DIR/kafka.sh" start >/dev/null
"$LOCAL_DIR/postgres.sh" start >/dev/null
say "Kafka on $BOOTSTRAP, PostgreSQL on 127.0.0.1:$PGPORT_FLOTILLA (state $STATE)"

java -cp "$APP_DIR/lib/main/*" \
  "$REPO_ROOT/bench/auditor/ProduceEvents.java" "$BOOTSTRAP" "$EVENTS" | sed "s/^/$LOG_TAG: /"

echo "bench-token-$$-$RANDOM bench" >"$STATE/api-tokens"
TOKEN=$(cut -d' ' -f1 "$STATE/api-tokens")

count() { # DB
  psql -X -qtA -h 127.0.0.1 -p "$PGPORT_FLOTILLA" -U postgres -d "$1" \
    -c "select count(*) from audit_event" 2>/dev/null || echo 0
}

# CPU seconds (user + system) of a process, or of PostgreSQL's postmaster and its children
cpu_of() { awk '{ t += $14 + $15 } END { printf "%.2f", t / '"$(getconf CLK_TCK)"' }' "$@" 2>/dev/null || echo 0; }
cpu_auditor() { cpu_of "/proc/$AUDITOR_PID/stat"; }
cpu_postgres() {
  local pm
  pm=$("$LOCAL_DIR/postgres.sh" pid)
  cpu_of "/proc/$pm/stat" $(pgrep -P "$pm" | sed 's|.*|/proc/&/stat|')
}

declare -A RATE MEASURED JCPU PCPU
for size in $SIZES; do
  db=audit_bench_$size
  "$LOCAL_DIR/postgres.sh" createdb "$db" >/dev/null
  target=$EVENTS
  ((size == 1 && TARGET_1 < EVENTS)) && target=$TARGET_1
  FLOTILLA_DB_URL=postgresql://127.0.0.1:$PGPORT_FLOTILLA/$db FLOTILLA_AUDITOR_BATCH=$size \
    FLOTILLA_AUDITOR_GROUP=bench-$size-$$ FLOTILLA_AUDITOR_PORT=$HTTP_PORT KAFKA_BOOTSTRAP=$BOOTSTRAP FLOTILLA_API_TOKENS=$STATE/api-tokens \
    FLOTILLA_LOG_LEVEL=WARN java -Xmx512m -jar "$JAR" >"$STATE/auditor-$size.log" 2>&1 &
  AUDITOR_PID=$!
  t1="" c1=0 deadline=$((SECONDS + 900))
  while :; do
    c=$(count "$db")
    now=$(now_ms)
    if [[ -z "$t1" ]] && ((c >= WARMUP)); then t1=$now c1=$c j1=$(cpu_auditor) p1=$(cpu_postgres); fi
    ((c >= target)) && break
    kill -0 "$AUDITOR_PID" 2>/dev/null || { tail -n 30 "$STATE/auditor-$size.log" >&2; die "the auditor died (batch size $size)"; }
    ((SECONDS < deadline)) || die "batch size $size: only $c of $target rows after 900 s"
    sleep 0.2
  done
  j2=$(cpu_auditor) p2=$(cpu_postgres)
  # CPU per 1,000 events: what the rate would be on an idle machine does not depend on the load
  JCPU[$size]=$(awk -v a="$j1" -v b="$j2" -v n=$((c - c1)) 'BEGIN { printf "%.0f", (b - a) * 1000000 / n }')
  PCPU[$size]=$(awk -v a="$p1" -v b="$p2" -v n=$((c - c1)) 'BEGIN { printf "%.0f", (b - a) * 1000000 / n }')
  RATE[$size]=$(awk -v n=$((c - c1)) -v ms=$((now - t1)) 'BEGIN { printf "%.0f", n * 1000 / ms }')
  MEASURED[$size]=$((c - c1))
  verified=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/audit/verify" || echo '{}')
  [[ "$verified" == *'"verified":true'* ]] || die "batch size $size: the chain does not verify: $verified"
  rows=$(psql -X -qtA -h 127.0.0.1 -p "$PGPORT_FLOTILLA" -U postgres -d "$db" \
    -c "select count(*) || ' rows, ' || count(distinct event_id) || ' distinct ids' from audit_log")
  say "batch size $size: $rows; verify: $verified"
  read -r n _ d _ <<<"$rows"
  ((n == d)) || die "batch size $size: $n rows but $d distinct event ids"
  kill "$AUDITOR_PID" && wait "$AUDITOR_PID" 2>/dev/null || true
  AUDITOR_PID=""
  say "batch size $size: ${RATE[$size]} events/s (${MEASURED[$size]} rows measured after $c1 warm-up; chain verified); CPU per 1,000 events: auditor ${JCPU[$size]} ms, PostgreSQL ${PCPU[$size]} ms"
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=$REPO_ROOT/bench/results/audit-ingest-$stamp.json
mkdir -p "$(dirname "$out")"
best=0 sizes_json="" figures="" measured_json=""
for size in $SIZES; do
  ((RATE[$size] > best)) && best=${RATE[$size]}
  sizes_json+="${sizes_json:+, }$size"
  figures+=", \"audit_events_per_second_batch_$size\": ${RATE[$size]}"
  measured_json+="${measured_json:+, }\"$size\": ${MEASURED[$size]}"
  figures+=", \"auditor_cpu_ms_per_1000_events_batch_$size\": ${JCPU[$size]}, \"postgres_cpu_ms_per_1000_events_batch_$size\": ${PCPU[$size]}"
done
cat >"$out" <<JSON
{
  "scenario": "audit-ingest",
  "parameters": {"build": "${BENCH_BUILD:-$(git -C "$REPO_ROOT" rev-parse --short HEAD)}", "events": $EVENTS, "batch_sizes": [$sizes_json], "warmup_rows": $WARMUP,
    "rows_measured": {$measured_json},
    "event_mix": "per revision: 1 commit + per cluster (3) 1 desired state (6 objects incl. a Secret) + 1 sync",
    "chain": "on (sha256 over each row's content, one transaction per batch)"},
  "machine": {"cores": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
    "memory_mb": $(($(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024)),
    "load_average": "$(cut -d' ' -f1-3 /proc/loadavg)",
    "java": "$(java -version 2>&1 | head -n1 | sed 's/"//g')",
    "postgres": "$(psql --version | head -n1)", "postgres_settings": "fsync=off, synchronous_commit=off (deploy/local/postgres.sh)"},
  "figures": {"audit_events_per_second": $best$figures}
}
JSON
say "wrote $out"
