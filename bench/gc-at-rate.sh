#!/usr/bin/env bash
# Steward alone against the local mock (bench/stream-mock.js): closed-loop throughput after a long
# warm-up, then a paced fixed rate with the collector's pauses from the GC log, and the RSS.
# Used for the round 7 figures in docs/benchmarks.md (decision 0027).
#   bash bench/gc-at-rate.sh                       (needs node and wrk; about 80 s)
#   STEWARD_LOG=off bash bench/gc-at-rate.sh       (the same with the transparency log off)
#   RATE=2000 WARMUP=40 STEWARD_JAVA_OPTS='-XX:-UseSerialGC -XX:+UseParallelGC' bash bench/gc-at-rate.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=${PORT:-18396}
MOCK=${MOCK:-18397}
RATE=${RATE:-2000}
WARMUP=${WARMUP:-40}
"$ROOT/steward" --version >/dev/null   # builds Steward when needed
W="$(mktemp -d "${TMPDIR:-/tmp}/steward-gc.XXXXXX")"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$W"
}
trap cleanup EXIT
# shellcheck source=alone.sh
. "$ROOT/bench/alone.sh"
alone_setup "$W" "$PORT" "$MOCK"
# The request of ../shared/bench; paced like its fixed-rate phase: each of the two wrk threads
# hands out send slots 2/RATE seconds apart, without catching up.
cat > "$W/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant used in a gateway benchmark."},{"role":"user","content":"Summarize the benefits of connection pooling for HTTP reverse proxies in two short sentences, please."}],"temperature":0.2,"max_tokens":64,"user":"bench-user-0001","stream":false}'
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } gcr_timespec;
    int clock_gettime(int clk_id, gcr_timespec *tp);
  ]]
  local ts = ffi.new("gcr_timespec")
  local function now_us()
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
  end
  local interval_us = 2 * 1e6 / rate
  local next_slot = 0
  function delay()
    local now = now_us()
    if next_slot < now then next_slot = now end
    local d = next_slot - now
    next_slot = next_slot + interval_us
    return d / 1000
  end
end
function done(summary, latency, requests)
  io.write(string.format("requests/s %.0f  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  non-2xx %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.status))
end
LUA
MOCK_PORT=$MOCK node "$ROOT/bench/stream-mock.js" & PIDS+=($!)
STEWARD_JAVA_OPTS="-Xlog:gc:file=$W/gc.log:uptime ${STEWARD_JAVA_OPTS:-}" \
  "$ROOT/steward" serve --config "$W/p.yaml" --data-dir "$W/data" > "$W/steward.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
JPID=""
for p in $(pgrep -f "data-dir $W/data"); do
  if grep -q java "/proc/$p/comm" 2>/dev/null; then JPID=$p; fi
done
URL="http://127.0.0.1:$PORT/v1/chat/completions"
pauses() { # GC log lines from $1 on: count, share of the time, p50 and max pause
  tail -n +"$1" "$W/gc.log" | grep -E 'Pause' | grep -oE '[0-9.]+ms$' | tr -d 'ms' | sort -n |
    awk -v secs="$2" '{a[NR]=$1; s+=$1} END {if (NR) printf "collections %d (%.1f %% of the time), pause p50 %.2f ms, max %.2f ms\n", NR, s/10/secs, a[int((NR+1)/2)], a[NR]; else print "collections 0"}'
}
BENCH_RATE=0 wrk -t2 -c16 -d"${WARMUP}s" -s "$W/post.lua" "$URL" > /dev/null
echo "closed loop, 16 connections, 10 s:"
G=$(($(wc -l < "$W/gc.log") + 1))
BENCH_RATE=0 wrk -t2 -c16 -d10s -s "$W/post.lua" "$URL" | grep 'requests/s'
echo "  $(pauses "$G" 10)"
echo "fixed rate $RATE req/s, 32 connections, 20 s:"
G=$(($(wc -l < "$W/gc.log") + 1))
BENCH_RATE=$RATE wrk -t2 -c32 -d20s -s "$W/post.lua" "$URL" > "$W/rate.txt" &
WRK=$!
MAX=0
for _ in $(seq 1 19); do
  sleep 1
  r=$(awk '/VmRSS/{print $2}' "/proc/$JPID/status" 2>/dev/null || echo 0)
  if [ "$r" -gt "$MAX" ]; then MAX=$r; fi
done
wait "$WRK"
grep 'requests/s' "$W/rate.txt"
echo "  $(pauses "$G" 20)"
echo "  RSS max $((MAX / 1024)) MB"
