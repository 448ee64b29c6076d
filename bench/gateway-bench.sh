#!/usr/bin/env bash
# Steward beside a direct mock upstream, nginx and Portkey, in one run on loopback.
#
# Wraps the team's shared harness (run_bench.sh: wrk closed-loop, paced fixed-rate and SSE
# phases; it installs wrk, nginx and Portkey when missing). Steward runs with authentication and
# routing on: every request carries a real Steward key, is authenticated, decoded, routed to the
# mock through an openai-compatible provider, re-encoded, and written to the ledger; every
# request's audit record is committed to the transparency log (journal durability) before the
# upstream call, and its completion record after.
#
#   STEWARD_LOG=off bash bench/gateway-bench.sh          # the same with the transparency log off
#   STEWARD_GUARDS=on bash bench/gateway-bench.sh        # every guard on: personal data in and out
#                                                        # (mask, pseudonymise, block), injection
#                                                        # flag/strip, the AI label and its marker
#
#   bash bench/gateway-bench.sh                          # defaults of run_bench.sh
#   DURATION=10 REPEATS=3 RATES="200 2000" bash bench/gateway-bench.sh
#
# Env: STEWARD_BENCH_SCRIPT (path to run_bench.sh; default ../shared/bench/run_bench.sh),
#      GW_PORT=18090, GWS_PORT=18091, MOCK_PORT=18080, MOCK_STREAM_PORT=18082, WARM_STREAM=1 (0: do
#      not JIT-warm the streaming instance first), STEWARD_JAVA_OPTS, and every knob of
#      run_bench.sh. Results: printed, and under $BENCH_DIR/results/<timestamp>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${STEWARD_BENCH_SCRIPT:-$ROOT/../shared/bench/run_bench.sh}"
if [ ! -f "$SHARED" ]; then
  echo "gateway-bench: run_bench.sh not found at $SHARED (set STEWARD_BENCH_SCRIPT)" >&2
  exit 1
fi
export MOCK_PORT=${MOCK_PORT:-18080} MOCK_STREAM_PORT=${MOCK_STREAM_PORT:-18082}
GW_PORT=${GW_PORT:-18090}
GWS_PORT=${GWS_PORT:-18091}

"$ROOT/steward" --version >/dev/null   # builds Steward when needed

W="$(mktemp -d "${TMPDIR:-/tmp}/steward-gw-bench.XXXXXX")"
STREAM_PID=""
cleanup() {
  [ -n "$STREAM_PID" ] && kill "$STREAM_PID" 2>/dev/null || true
  [ -n "$STREAM_PID" ] && wait "$STREAM_PID" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

LOG_SECTION=""
if [ "${STEWARD_LOG:-on}" = off ]; then
  LOG_SECTION="transparency-log: {enabled: false}"
fi
GUARDS_SECTION=""
if [ "${STEWARD_GUARDS:-off}" = on ]; then
  # The harness sends one prompt again and again: after the first request the injection guard's
  # verdict comes from its cache (as the earlier turns of a conversation do). The classifier's own
  # cost on text it has not seen is measured apart (docs/spec/injection.md).
  GUARDS_SECTION="guards:
  personal-data:
    input: {default: mask, UK_NINO: pseudonymise, UK_NHS: pseudonymise, CREDIT_CARD: block}
    output: {default: mask, CREDIT_CARD: block}
  injection: {user-messages: flag, tool-content: strip}
  label: {header: true, marker: '[AI] '}"
fi
config() { # port upstream-port
  cat <<YAML
server: {host: 127.0.0.1, port: $1, shutdown-grace: 2s}
$LOG_SECTION
$GUARDS_SECTION
providers:
  mock:
    protocol: openai-compatible
    base-uri: http://127.0.0.1:$2/v1
    residency: UK
    max-classification: OFFICIAL
    sovereign: true
    timeouts: {connect: 2s, first-byte: 10s, idle: 10s, total: 30s}
models:
  gpt-4o-mini:
    routes:
      - {provider: mock, model: gpt-4o-mini}
prices:
  mock/gpt-4o-mini: {input: 0.15, output: 0.60}
departments:
  bench:
    name: Benchmark
    services:
      load:
        name: Load generator
        use-cases:
          proxy: {purpose: Measure gateway overhead, models: [gpt-4o-mini]}
YAML
}
config "$GW_PORT" "$MOCK_PORT" > "$W/bench.yaml"
config "$GWS_PORT" "$MOCK_STREAM_PORT" > "$W/bench-stream.yaml"

KEY="$("$ROOT/steward" keys create --config "$W/bench.yaml" --data-dir "$W/data" \
        --department bench --service load --use-case proxy --label benchmark 2>/dev/null)"
sed "s/sk-bench-dummy-key/$KEY/g" "$SHARED" > "$W/run_bench.sh"

# The streaming route needs its own Steward, forwarding to the streaming mock. It gets a copy of
# the data directory (same key), so neither instance reaches the other's database over TCP.
cp -r "$W/data" "$W/data-stream"
"$ROOT/steward" serve --config "$W/bench-stream.yaml" --data-dir "$W/data-stream" > "$W/stream-gateway.log" 2>&1 &
STREAM_PID=$!

# Warm the streaming instance's JIT as the harness warms the main one (it only warms GATEWAY_URL).
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$GWS_PORT/healthz" && break
  sleep 0.1
done
cat > "$W/warm.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.body = '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"warm up"}]}'
LUA
if [ "${WARM_STREAM:-1}" = 1 ] && command -v wrk >/dev/null && command -v node >/dev/null; then
  MOCK_PORT=$MOCK_STREAM_PORT node "$ROOT/bench/stream-mock.js" > "$W/warm-mock.log" 2>&1 &
  WARM_PID=$!
  sleep 0.5
  wrk -t2 -c16 -d10s -s "$W/warm.lua" "http://127.0.0.1:$GWS_PORT/v1/chat/completions" > /dev/null 2>&1 || true
  # wrk keeps its connections open; the harness's time-to-first-byte test opens a new connection
  # per stream (curl), so warm the accept path too: cold, it adds about a millisecond per stream.
  for _ in $(seq 1 400); do
    curl -sN -o /dev/null "http://127.0.0.1:$GWS_PORT/v1/chat/completions" \
      -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"warm up"}]}' || true
  done
  kill "$WARM_PID" 2>/dev/null || true
  wait "$WARM_PID" 2>/dev/null || true
fi

GATEWAY_CMD="$ROOT/steward serve --config $W/bench.yaml --data-dir $W/data" \
GATEWAY_URL="http://127.0.0.1:$GW_PORT" \
GATEWAY_STREAM_URL="http://127.0.0.1:$GWS_PORT" \
  bash "$W/run_bench.sh"
