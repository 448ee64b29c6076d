# Sourced by the scripts that run Steward alone against bench/stream-mock.js (profile.sh,
# gc-at-rate.sh). alone_setup DIR PORT MOCK_PORT writes DIR/p.yaml (one OpenAI-compatible route to
# the mock; the transparency log off when STEWARD_LOG=off, else publishing every PUBLISH_INTERVAL
# when set) and sets KEY to a new key for it in DIR/data.
alone_setup() {
  local dir=$1 port=$2 mock=$3 log_section=""
  if [ "${STEWARD_LOG:-on}" = off ]; then
    log_section="transparency-log: {enabled: false}"
  elif [ -n "${PUBLISH_INTERVAL:-}" ]; then
    log_section="transparency-log: {publish-interval: $PUBLISH_INTERVAL}"
  fi
  cat > "$dir/p.yaml" <<YAML
$log_section
server: {host: 127.0.0.1, port: $port, shutdown-grace: 1s}
providers:
  mock: {protocol: openai-compatible, base-uri: "http://127.0.0.1:$mock/v1", residency: UK, max-classification: OFFICIAL}
models:
  gpt-4o-mini: {routes: [{provider: mock, model: gpt-4o-mini}]}
prices:
  mock/gpt-4o-mini: {input: 0.15, output: 0.60}
departments:
  bench:
    name: Benchmark
    services:
      load:
        name: Load
        use-cases:
          proxy: {purpose: Measure Steward alone}
YAML
  KEY="$("$ROOT/steward" keys create --config "$dir/p.yaml" --data-dir "$dir/data" \
          --department bench --service load --use-case proxy 2>/dev/null)"
}
