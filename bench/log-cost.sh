#!/usr/bin/env bash
# What committing every request to the transparency log costs the gateway on this disk: the same
# sandbox-model gateway under wrk (16 connections) with the log off, on with publications
# unpaced (publish-interval 0), and on with the default pacing (1 s); for the unpaced run, the
# durations of every fsync the gateway made (JFR jdk.FileForce, no threshold).
#   bash bench/log-cost.sh            (needs wrk; about 2 minutes)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=${PORT:-18196}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
"$ROOT/steward" --version >/dev/null   # builds Steward when needed
W="$(mktemp -d "${TMPDIR:-/tmp}/steward-log-cost.XXXXXX")"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
JAVA="$(dirname "$(readlink -f "$(command -v java)")")"
for d in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  [ -x "$d/bin/jfr" ] && JAVA="$d/bin" && break
done

run() { # name log-section [java-opts]
  local name=$1 section=$2 opts=${3:-}
  cat > "$W/$name.yaml" <<YAML
server: {host: 127.0.0.1, port: $PORT, shutdown-grace: 1s}
sandbox: allowed
$section
providers:
  sb: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
models:
  m: {routes: [{provider: sb, model: m}]}
departments:
  bench: {name: Benchmark, services: {load: {name: Load, use-cases: {proxy: {purpose: Measure}}}}}
YAML
  local key
  key="$("$ROOT/steward" keys create --config "$W/$name.yaml" --data-dir "$W/$name" \
          --department bench --service load --use-case proxy 2>/dev/null)"
  cat > "$W/$name.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
wrk.body = '{"model":"m","messages":[{"role":"user","content":"hi"}]}'
LUA
  STEWARD_JAVA_OPTS="$opts" "$ROOT/steward" serve --config "$W/$name.yaml" --data-dir "$W/$name" \
    > "$W/$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
  wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" -s "$W/$name.lua" "http://127.0.0.1:$PORT/v1/chat/completions" > /dev/null
  local out
  out="$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" -s "$W/$name.lua" "http://127.0.0.1:$PORT/v1/chat/completions")"
  printf '%-28s %s req/s, latency avg %s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '/Latency/ {print $2}' <<<"$out")"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

run log-off "transparency-log: {enabled: false}"
run log-on-unpaced "transparency-log: {publish-interval: 0ms}" \
  "-XX:StartFlightRecording:filename=$W/forces.jfr,jdk.FileForce#enabled=true,jdk.FileForce#threshold=0ms"
run log-on-default ""
"$JAVA/jfr" print --events jdk.FileForce "$W/forces.jfr" \
  | awk '/duration =/ {v=$3; if ($4 == "s") v *= 1000; if ($4 == "us") v /= 1000; if ($4 == "ns") v /= 1000000; print v}' | sort -n \
  | awk '{d[NR]=$1} END {if (NR) printf "fsyncs in log-on-unpaced: %d, p50 %.3f ms, p90 %.3f ms, max %.3f ms\n", NR, d[int(NR*0.5)+1], d[int(NR*0.9)+1], d[NR]}'
