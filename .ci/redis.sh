#!/usr/bin/env bash
# Starts a throwaway Redis for the Redis connector tests and benchmarks (sourced by .ci/run): Debian's redis-server
# on 127.0.0.1 and a free port, no persistence, in a temp folder. Exports PIPELINE_TEST_REDIS (host:port) and stops
# the server when the calling shell exits.
pipeline_redis_start() {
  if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    apt-get -o DPkg::Lock::Timeout=300 install -y -q redis-server >/dev/null 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null 2>&1 && apt-get -o DPkg::Lock::Timeout=300 install -y -q redis-server >/dev/null 2>&1; }
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "warning: redis-server is not installed; the Redis connector tests will fail" >&2
    return 0
  fi
  PIPELINE_REDIS_DIR=$(mktemp -d /tmp/pipeline-ci-redis.XXXXXX)
  local port i
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
         || echo $((20000 + RANDOM % 40000)))
  redis-server --bind 127.0.0.1 --port "$port" --dir "$PIPELINE_REDIS_DIR" --save "" --appendonly no \
    --daemonize no --logfile "$PIPELINE_REDIS_DIR/redis.log" >/dev/null 2>&1 &
  PIPELINE_REDIS_PID=$!
  for i in $(seq 1 40); do
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then break; fi
    sleep 0.25
  done
  if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
    echo "warning: Redis did not start (see $PIPELINE_REDIS_DIR/redis.log)" >&2
    return 0
  fi
  export PIPELINE_TEST_REDIS="127.0.0.1:$port"
  trap 'pipeline_ci_stop_all' EXIT
}

pipeline_redis_stop() {
  if [ -n "${PIPELINE_REDIS_PID:-}" ]; then
    kill "$PIPELINE_REDIS_PID" 2>/dev/null
    wait "$PIPELINE_REDIS_PID" 2>/dev/null
    PIPELINE_REDIS_PID=
  fi
  if [ -n "${PIPELINE_REDIS_DIR:-}" ]; then rm -rf "$PIPELINE_REDIS_DIR"; PIPELINE_REDIS_DIR=; fi
}
