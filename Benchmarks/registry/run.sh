#!/usr/bin/env bash
# Registry benchmark (make bench-registry): wrk on loopback against `accord serve` on a fresh
# SQLite file, beside a bare Hummingbird route returning a constant body (the floor).
#   GET /schemas/ids/{id} and GET /subjects/{s}/versions/latest at 64 connections,
#   POST /subjects/{s}/versions registering new schemas at 32 connections.
set -euo pipefail
ACCORD=${ACCORD:-.build/release/accord}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
FLOOR_PORT=${FLOOR_PORT:-18090}
REGISTRY_PORT=${REGISTRY_PORT:-18091}
WORK=$(mktemp -d /tmp/accord-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$1/schemas/types" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "server on $1 did not start" >&2; exit 1; }

"$ACCORD" serve --bench-floor --host 127.0.0.1 --port "$FLOOR_PORT" --log-level warning & pids+=($!)
"$ACCORD" serve --host 127.0.0.1 --port "$REGISTRY_PORT" --database "sqlite:$WORK/bench.db" --log-level warning & pids+=($!)
wait_for "$FLOOR_PORT"; wait_for "$REGISTRY_PORT"

CT='Content-Type: application/vnd.schemaregistry.v1+json'
reply=$(curl -sf -XPOST -H "$CT" "http://127.0.0.1:$REGISTRY_PORT/subjects/bench-read/versions" \
  -d '{"schemaType":"JSON","schema":"{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"}},\"required\":[\"id\"]}"}')
id=$(echo "$reply" | sed -E 's/.*"id":([0-9]+).*/\1/')
curl -sf -XPUT -H "$CT" "http://127.0.0.1:$REGISTRY_PORT/config/bench-register" -d '{"compatibility":"NONE"}' >/dev/null

run() { echo; echo "== $1"; shift; wrk --latency -t "$THREADS" -d "$DURATION" "$@"; }
run "floor: bare Hummingbird route, constant body (64 connections)" -c 64 "http://127.0.0.1:$FLOOR_PORT/schemas/ids/$id"
run "GET /schemas/ids/$id (64 connections)" -c 64 "http://127.0.0.1:$REGISTRY_PORT/schemas/ids/$id"
run "GET /subjects/bench-read/versions/latest (64 connections)" -c 64 "http://127.0.0.1:$REGISTRY_PORT/subjects/bench-read/versions/latest"
run "floor: bare Hummingbird route, POST (32 connections, the register baseline)" -c 32 -s "$(dirname "$0")/register.lua" "http://127.0.0.1:$FLOOR_PORT" -- bench-register
run "POST /subjects/bench-register/versions, new schemas (32 connections)" -c 32 -s "$(dirname "$0")/register.lua" "http://127.0.0.1:$REGISTRY_PORT" -- bench-register
echo
echo "registered versions: $(curl -sf "http://127.0.0.1:$REGISTRY_PORT/subjects/bench-register/versions/latest" | sed -E 's/.*"version":([0-9]+).*/\1/')"
