#!/usr/bin/env bash
# `make test`: the whole suite against one Kafka broker and one PostgreSQL started here, on their
# own ports and state folder so a platform started by `make up` is never touched; both are stopped
# on exit, pass or fail.
#
# env: FLOTILLA_TEST_KAFKA_PORT (29092) FLOTILLA_TEST_PG_PORT (56432)
#      FLOTILLA_TEST_STATE_DIR (.flotilla/test) MVN_ARGS (extra Maven arguments)
set -euo pipefail
LOG_TAG=test
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export FLOTILLA_STATE_DIR=$(realpath -m -- "${FLOTILLA_TEST_STATE_DIR:-$REPO_ROOT/.flotilla/test}")
export KAFKA_PORT=${FLOTILLA_TEST_KAFKA_PORT:-29092}
export KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
export PGPORT_FLOTILLA=${FLOTILLA_TEST_PG_PORT:-56432}
export KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
export KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}
export FLOTILLA_TEST_DB_URL=postgresql://127.0.0.1:$PGPORT_FLOTILLA/flotilla_auditor_test
export FLOTILLA_E2E_DB_URL=postgresql://127.0.0.1:$PGPORT_FLOTILLA/flotilla_e2e

# The test database lives under /tmp, which the server's user can always enter (a clone under
# /root could not host it), and is deleted afterwards.
FLOTILLA_PG_DIR=$(mktemp -d /tmp/flotilla-test-pg.XXXXXX)
chmod 755 "$FLOTILLA_PG_DIR"
export FLOTILLA_PG_DIR

started=$(now_ms)
cleanup() {
  local rc=$?
  "$LOCAL_DIR/kafka.sh" stop || true
  "$LOCAL_DIR/postgres.sh" stop || true
  rm -rf -- "$FLOTILLA_PG_DIR"
  if ((rc == 0)); then say "PASSED in $(elapsed_since "$started")"; else say "FAILED (exit $rc) after $(elapsed_since "$started")"; fi
}
trap cleanup EXIT

# A fresh broker and database every run: earlier runs' records and rows never leak into this one.
rm -rf -- "$FLOTILLA_STATE_DIR"
mkdir -p "$FLOTILLA_STATE_DIR"
"$LOCAL_DIR/kafka.sh" start
"$LOCAL_DIR/postgres.sh" start
"$LOCAL_DIR/postgres.sh" createdb flotilla_auditor_test
"$LOCAL_DIR/postgres.sh" createdb flotilla_e2e

say "running mvn verify (unit, component and end-to-end tests, format check)"
cd "$REPO_ROOT"
# shellcheck disable=SC2086
mvn -B ${MVN_ARGS:-} verify
