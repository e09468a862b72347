#!/usr/bin/env bash
# Starts a throwaway MariaDB for the MySQL connector tests and benchmarks (sourced by .ci/run): Debian's
# mariadb-server, a data folder in a temp dir owned by the 'mysql' user (mariadbd refuses to run as root without it),
# on 127.0.0.1 and a free port, no networking besides that, no grant checks needed beyond root over TCP without a
# password. Exports PIPELINE_TEST_MYSQL (a mysql:// URI) and stops the server when the calling shell exits.
pipeline_mysql_start() {
  if ! command -v mariadbd >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 install -y -q mariadb-server >/dev/null 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null 2>&1 && apt-get -o DPkg::Lock::Timeout=300 install -y -q mariadb-server >/dev/null 2>&1; }
  fi
  local server
  server=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null)
  if [ -z "$server" ]; then
    echo "warning: mariadb-server is not installed; the MySQL connector tests will fail" >&2
    return 0
  fi
  PIPELINE_MYSQL_DIR=$(mktemp -d /tmp/pipeline-ci-mysql.XXXXXX)
  local port user=()
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
         || echo $((20000 + RANDOM % 40000)))
  if [ "$(id -u)" -eq 0 ]; then chown mysql "$PIPELINE_MYSQL_DIR"; user=(--user=mysql); fi
  mariadb-install-db --no-defaults "${user[@]}" --datadir="$PIPELINE_MYSQL_DIR/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$PIPELINE_MYSQL_DIR/install.log" 2>&1 \
    || { echo "warning: mariadb-install-db failed (see $PIPELINE_MYSQL_DIR/install.log)" >&2; return 0; }
  "$server" --no-defaults "${user[@]}" --datadir="$PIPELINE_MYSQL_DIR/data" --bind-address=127.0.0.1 --port="$port" \
    --socket="$PIPELINE_MYSQL_DIR/mysqld.sock" --pid-file="$PIPELINE_MYSQL_DIR/mysqld.pid" \
    --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --max-allowed-packet=256M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --skip-name-resolve \
    --log-error="$PIPELINE_MYSQL_DIR/error.log" >/dev/null 2>&1 &
  PIPELINE_MYSQL_PID=$!
  local i
  for i in $(seq 1 60); do
    if mariadb --no-defaults -h 127.0.0.1 -P "$port" -u root -e "SELECT 1" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  if ! mariadb --no-defaults -h 127.0.0.1 -P "$port" -u root -e "CREATE DATABASE IF NOT EXISTS pipeline_test" >/dev/null 2>&1; then
    echo "warning: MariaDB did not start (see $PIPELINE_MYSQL_DIR/error.log)" >&2
    return 0
  fi
  export PIPELINE_TEST_MYSQL="mysql://root@127.0.0.1:$port/pipeline_test"
  trap 'pipeline_ci_stop_all' EXIT
}

pipeline_mysql_stop() {
  if [ -n "${PIPELINE_MYSQL_PID:-}" ]; then
    kill "$PIPELINE_MYSQL_PID" 2>/dev/null
    wait "$PIPELINE_MYSQL_PID" 2>/dev/null
    PIPELINE_MYSQL_PID=
  fi
  if [ -n "${PIPELINE_MYSQL_DIR:-}" ]; then rm -rf "$PIPELINE_MYSQL_DIR"; PIPELINE_MYSQL_DIR=; fi
}
