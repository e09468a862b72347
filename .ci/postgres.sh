#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the database tests and benchmarks (sourced by .ci/run):
# Debian's package, initdb and pg_ctl run as the 'postgres' user (they refuse root) in a temp folder,
# on 127.0.0.1 and a free port, trust authentication, fsync off. Exports PIPELINE_TEST_PG and stops the
# server when the calling shell exits. Without the package it installs it (apt-get), or warns and leaves
# the tests to start their own cluster (which needs the package too).
pipeline_pg_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 install -y -q postgresql >/dev/null 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null 2>&1 && apt-get -o DPkg::Lock::Timeout=300 install -y -q postgresql >/dev/null 2>&1; }
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  if [ -z "$bin" ]; then
    echo "warning: PostgreSQL is not installed; the PostgreSQL tests will fail" >&2
    return 0
  fi
  PIPELINE_PG_DIR=$(mktemp -d /tmp/pipeline-ci-pg.XXXXXX)
  local port as_pg=()
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
         || echo $((20000 + RANDOM % 40000)))
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PIPELINE_PG_DIR"; as_pg=(runuser -u postgres --); fi
  PIPELINE_PG_CTL=("${as_pg[@]}" "$bin/pg_ctl" -D "$PIPELINE_PG_DIR/data")
  "${as_pg[@]}" "$bin/initdb" -D "$PIPELINE_PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null \
    && "${PIPELINE_PG_CTL[@]}" -l "$PIPELINE_PG_DIR/log" -w -t 60 \
         -o "-p $port -k $PIPELINE_PG_DIR -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { echo "warning: PostgreSQL did not start (see $PIPELINE_PG_DIR/log)" >&2; return 0; }
  export PIPELINE_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  trap pipeline_pg_stop EXIT
}

pipeline_pg_stop() {
  if [ -n "${PIPELINE_PG_DIR:-}" ]; then
    "${PIPELINE_PG_CTL[@]}" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PIPELINE_PG_DIR"
    PIPELINE_PG_DIR=
  fi
}
