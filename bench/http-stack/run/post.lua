-- wrk script: POST an OpenAI chat.completions request (~330 bytes JSON) and print one
-- machine-readable RESULT line at the end.
-- Env:
--   BENCH_BODY     path of the JSON request body (required)
--   CUSTOM_HOST    value for x-portkey-custom-host (sent to every target so request bytes are identical)
--   BENCH_RATE     0 (default) = closed loop; >0 = target total requests/s (paced via delay())
--   BENCH_THREADS  must equal wrk -t when BENCH_RATE > 0
local body_file = assert(os.getenv("BENCH_BODY"), "BENCH_BODY must be set")
local f = assert(io.open(body_file, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench-dummy-key"
wrk.headers["x-portkey-provider"] = "openai"
wrk.headers["x-portkey-custom-host"] = os.getenv("CUSTOM_HOST") or "http://127.0.0.1:18080/v1"

local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
if rate > 0 then
  -- Fixed-rate pacing: every thread hands out send slots spaced interval_us apart; a
  -- connection that finished its response waits for the next free slot. No catch-up:
  -- if the server falls behind, the achieved rate drops (reported) instead of bursting.
  -- wrk measures latency from the actual send, so this is *not* coordinated-omission free
  -- like wrk2; it is only valid while achieved rate == target rate.
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } gwb_timespec;
    int clock_gettime(int clk_id, gwb_timespec *tp);
  ]]
  local ts = ffi.new("gwb_timespec")
  local function now_us()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
  end
  local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
  local interval_us = threads * 1e6 / rate
  local next_slot = 0
  function delay()
    local now = now_us()
    if next_slot < now then next_slot = now end
    local d = next_slot - now
    next_slot = next_slot + interval_us
    return d / 1000 -- wrk truncates to whole ms; average rate is still exact
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local sockerr = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local n = summary.requests
  io.write(string.format(
    "RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f bytes_per_resp=%.0f sock_errors=%d non2xx=%d\n",
    n, secs, n / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    n > 0 and summary.bytes / n or 0, sockerr, e.status))
end
