#!/usr/bin/env bash
# schemathesis against the served application: the demo data in a fresh SQLite database,
# `enlace serve` on a local port, every operation of the committed OpenAPI document with the
# token of each side of the workflow in turn (the sending Border Patrol office, the INM
# reception point, the consulate: an operation one role may not take, another may); fails on
# a 5xx or a response that does not conform to the document.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export ENLACE_VAR_DIR="$(mktemp -d)" DJANGO_SETTINGS_MODULE=enlace.config.settings.dev
export ENLACE_API_RATE="100000/min"  # the contract run is one client sending many requests
port="${ENLACE_CONTRACT_PORT:-8799}"
"$BIN/enlace" demo >/dev/null
"$BIN/enlace" serve --port "$port" >"$ENLACE_VAR_DIR/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$ENLACE_VAR_DIR"' EXIT
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null && break
  sleep 0.5
done
for user in border.tucson inm.nogales consul.nogales; do
  echo "--- as $user"
  token="$("$BIN/enlace" api-token create "$user" | grep -o 'enl_[A-Za-z0-9_-]*' | head -1)"
  "$BIN/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples 10 --phases examples,coverage,fuzzing \
    --exclude-method DELETE  # DELETE /tokens/{id} would revoke the run's own token (id 1, 2…)
done
