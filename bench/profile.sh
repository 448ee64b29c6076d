#!/usr/bin/env bash
# Where Steward's CPU goes on the proxied JSON path: runs `steward serve` against the local mock
# (bench/stream-mock.js) under wrk load with a JFR recording, then prints the share of CPU
# samples by area (ledger/H2, Jackson, upstream client, routing, metrics, Steward, Vert.x/Netty and I/O).
#   bash bench/profile.sh            (needs node and wrk; about 40 s)
#   STEWARD_LOG=off bash bench/profile.sh    (the same with the transparency log off)
#   KEEP=1 bash bench/profile.sh     (keeps the recording and prints where it is)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT=${PORT:-18096}
MOCK=${MOCK:-18097}
"$ROOT/steward" --version >/dev/null   # builds Steward when needed
W="$(mktemp -d "${TMPDIR:-/tmp}/steward-profile.XXXXXX")"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $W/rec.jfr"; else rm -rf "$W"; fi
}
trap cleanup EXIT
# shellcheck source=alone.sh
. "$ROOT/bench/alone.sh"
alone_setup "$W" "$PORT" "$MOCK"
cat > "$W/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant used in a gateway benchmark."},{"role":"user","content":"Summarize the benefits of connection pooling for HTTP reverse proxies in two short sentences, please."}],"temperature":0.2,"max_tokens":64}'
LUA
MOCK_PORT=$MOCK node "$ROOT/bench/stream-mock.js" & PIDS+=($!)
STEWARD_JAVA_OPTS="-XX:StartFlightRecording=filename=$W/rec.jfr,settings=profile,delay=8s,duration=12s" \
  "$ROOT/steward" serve --config "$W/p.yaml" --data-dir "$W/data" > "$W/steward.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
wrk -t2 -c16 -d22s -s "$W/post.lua" "http://127.0.0.1:$PORT/v1/chat/completions" | grep -E "Requests/sec|Non-2xx"
for _ in $(seq 1 50); do [ -s "$W/rec.jfr" ] && break; sleep 0.2; done
sleep 1
JFR=""
for j in "${JAVA_HOME:-/nonexistent}/bin/jfr" /usr/lib/jvm/temurin-25*/bin/jfr /usr/lib/jvm/*/bin/jfr; do
  if [ -z "$JFR" ] && [ -x "$j" ]; then JFR=$j; fi
done
"$JFR" print --events jdk.ExecutionSample "$W/rec.jfr" > "$W/samples.txt"
python3 - "$W/samples.txt" <<'PY'
import collections, re, sys
areas = [("ledger (H2 inserts)", ("LedgerWriter", "org.h2")), ("Jackson", ("jackson",)),
         ("upstream transport (Vert.x client)", ("VertxExchange", "VertxHttpTransport", "vertx.core.http.impl.Http1xClient", "vertx.core.http.impl.HttpClient")),
         ("routing", ("dev.steward.routing",)), ("metrics", ("steward.server.Metrics", "prometheus")),
         ("rest of Steward", ("dev.steward",)), ("Vert.x / Netty HTTP server and I/O", ("io.vertx", "io.netty"))]
n = 0; share = collections.Counter()
for event in open(sys.argv[1]).read().split("jdk.ExecutionSample"):
    frames = " ".join(re.findall(r"^\s+([\w.$<>/]+\.[\w$<>]+)\(", event, re.M))
    if not frames:
        continue
    n += 1
    share[next((name for name, keys in areas if any(k in frames for k in keys)), "other (JDK, GC, I/O)")] += 1
print(f"{n} CPU samples")
for name, count in share.most_common():
    print(f"{100 * count / n:5.1f} %  {name}")
PY
