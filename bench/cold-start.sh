#!/usr/bin/env bash
# Cold start to first answered request: launches `steward serve` (sandbox config, embedded
# database) and measures the time from process start until a chat completion answers 200.
#   bash bench/cold-start.sh [RUNS]      (default 5; prints each run and the median, in ms)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${1:-5}
PORT=${PORT:-18099}
"$ROOT/steward" --version >/dev/null   # builds Steward when needed
W="$(mktemp -d "${TMPDIR:-/tmp}/steward-cold.XXXXXX")"
trap 'rm -rf "$W"' EXIT
cat > "$W/cold.yaml" <<YAML
server: {host: 127.0.0.1, port: $PORT, shutdown-grace: 1s}
sandbox: allowed
providers:
  sandbox: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
models:
  chat: {routes: [{provider: sandbox, model: sim}]}
departments:
  cold:
    name: Cold start
    services:
      probe:
        name: Probe
        use-cases:
          ask: {purpose: Measure start-up}
YAML
KEY="$("$ROOT/steward" keys create --config "$W/cold.yaml" --data-dir "$W/data" \
        --department cold --service probe --use-case ask 2>/dev/null)"
BODY='{"model":"chat","messages":[{"role":"user","content":"ping"}]}'
results=()
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  "$ROOT/steward" serve --config "$W/cold.yaml" --data-dir "$W/data" > "$W/run-$i.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
          -d "$BODY" "http://127.0.0.1:$PORT/v1/chat/completions"; do
    sleep 0.01
    if ! kill -0 "$pid" 2>/dev/null; then echo "steward exited; see $W/run-$i.log" >&2; cat "$W/run-$i.log" >&2; exit 1; fi
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  results+=("$ms")
  echo "run $i: ${ms} ms"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "cold start to first answered request: median ${median} ms over $RUNS runs"
