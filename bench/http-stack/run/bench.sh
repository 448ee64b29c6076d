#!/usr/bin/env bash
# Interleaved benchmark of Steward HTTP-stack candidates. All on 127.0.0.1.
# Env: ROUNDS=3 DUR=10 RATE=2000 RATE_CONNS=32 CANDS="..." OUT=results/<stamp>
set -uo pipefail
# Build first: (cd bench/http-stack && JAVA_HOME=<jdk 25> mvn -q -B package)
H="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$H/run"
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
mkdir -p tmp logs
# The nginx configurations name their scratch paths as /tmp/httpbench/run; use this checkout's.
for c in mock proxy; do sed "s#/tmp/httpbench/run#$H/run#g" "$c.conf" > "tmp/$c.conf"; done
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10}; RATE=${RATE:-2000}; RATE_CONNS=${RATE_CONNS:-32}; WARM=${WARM:-12}
COLD_N=${COLD_N:-3}; TTFB_N=${TTFB_N:-20}
JOPTS=${JOPTS:-"-Xmx256m"}
CANDS=${CANDS:-"helidon-wc helidon-jdk jetty-vt jetty-async vertx"}
OUT=${OUT:-results/$(date +%H%M%S)}; mkdir -p "$OUT"
declare -A PORT=( [direct]=18180 [nginx]=18181 [helidon-wc]=18190 [helidon-jdk]=18191 [jetty-vt]=18192 [jetty-pt]=18195 [jetty-async]=18194 [vertx]=18193 [helidon-wc-serial]=18196 [vertx-serial]=18197 [jetty-vt-serial]=18198 [helidon-jdk-serial]=18199 [vertx-epoll]=18200 [vertx-epoll-serial]=18201 [vertx-vt]=18202 [vertx-vt-serial]=18203 )
declare -A SPORT=( [direct]=18182 [nginx]=18183 )
cmd_of() { # name -> java command line
  local n=$1 gc=""
  [[ $n == *-serial ]] && { gc="-XX:+UseSerialGC"; n=${n%-serial}; }
  local p=${PORT[$1]}
  case $n in
    helidon-wc)  echo "$J $JOPTS $gc -cp $H/helidon-wc/target/helidon-wc-1.jar:$H/helidon-wc/target/lib/* bench.Main $p 18180 18182" ;;
    helidon-jdk) echo "$J $JOPTS $gc -cp $H/helidon-jdk/target/helidon-jdk-1.jar:$H/helidon-jdk/target/lib/* bench.Main $p 18180 18182" ;;
    jetty-vt)    echo "$J $JOPTS $gc -cp $H/jetty/target/jetty-1.jar:$H/jetty/target/lib/* bench.Main $p 18180 18182 vt" ;;
    jetty-pt)    echo "$J $JOPTS $gc -cp $H/jetty/target/jetty-1.jar:$H/jetty/target/lib/* bench.Main $p 18180 18182 pt" ;;
    jetty-async) echo "$J $JOPTS $gc -cp $H/jetty/target/jetty-1.jar:$H/jetty/target/lib/* bench.Main $p 18180 18182 async" ;;
    vertx)       echo "$J $JOPTS $gc -cp $H/vertx/target/vertx-1.jar:$H/vertx/target/lib/* bench.Main $p 18180 18182 2 nio" ;;
    vertx-vt)    echo "$J $JOPTS $gc -cp $H/vertx/target/vertx-1.jar:$H/vertx/target/lib/* bench.VtMain $p 18180 18182 2" ;;
    vertx-epoll) echo "$J $JOPTS $gc -cp $H/vertx/target/vertx-1.jar:$H/vertx/target/lib/* bench.Main $p 18180 18182 2 epoll" ;;
  esac
}
PIDS=()
declare -A PID
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; sleep 1; for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date +%T)] $*" | tee -a "$OUT/log.txt" >&2; }
url() { echo "http://127.0.0.1:$1/v1/chat/completions"; }
post() { curl -s -o "${2:-/dev/null}" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-dummy-key' --data-binary @req.json "$(url $1)"; }
rss_kb() { awk '/VmRSS/{print $2}' /proc/$1/status 2>/dev/null || echo 0; }
ticks() { awk '{print $14+$15}' /proc/$1/stat 2>/dev/null || echo 0; }

nginx -p $PWD/ -c $PWD/tmp/mock.conf >logs/mock.out 2>&1 & PIDS+=($!); PID[direct]=$!
MOCK_PORT=18182 MOCK_STREAM_DELAY_MS=${STREAM_DELAY:-20} node node-mock.js >logs/node.out 2>&1 & PIDS+=($!); NODEPID=$!
nginx -p $PWD/ -c $PWD/tmp/proxy.conf >logs/proxy.out 2>&1 & PIDS+=($!); PID[nginx]=$!
sleep 1
{ echo "date: $(date -Is)"; uname -r; nproc; grep -m1 'model name' /proc/cpuinfo; nginx -v 2>&1; wrk -v 2>&1 | head -1; $J -version 2>&1 | head -1; echo "JOPTS=$JOPTS ROUNDS=$ROUNDS DUR=$DUR RATE=$RATE RATE_CONNS=$RATE_CONNS"; uptime; } > "$OUT/env.txt"

# ---- cold start: launch -> first 200 (curl poll every ~10 ms), COLD_N times each
echo -e "target\trun\tcold_ms" > "$OUT/cold.tsv"
for c in $CANDS; do
  for i in $(seq 1 $COLD_N); do
    t0=$(date +%s%N)
    $(cmd_of $c) >"logs/$c-cold.out" 2>&1 & p=$!
    while [[ "$(post ${PORT[$c]} 2>/dev/null)" != 200 ]]; do
      sleep 0.01; (( $(date +%s%N) - t0 > 20000000000 )) && break
    done
    t1=$(date +%s%N); kill $p; wait $p 2>/dev/null
    echo -e "$c\t$i\t$(( (t1 - t0) / 1000000 ))" >> "$OUT/cold.tsv"
  done
done
log "cold start done: $(awk 'NR>1{a[$1]=a[$1]" "$3}END{for(k in a)printf "%s:%s; ",k,a[k]}' $OUT/cold.tsv)"

# ---- start all candidates, correctness check, warm-up
for c in $CANDS; do $(cmd_of $c) >"logs/$c.out" 2>&1 & PIDS+=($!); PID[$c]=$!; done
for c in $CANDS; do for i in $(seq 1 300); do [[ "$(post ${PORT[$c]})" == 200 ]] && break; sleep 0.05; done; done
for c in nginx $CANDS; do
  code=$(post ${PORT[$c]} "$OUT/check-$c.json")
  same=$(python3 -c "import json,sys;print('json-equal' if json.load(open('$OUT/check-$c.json'))==json.load(open('body.json')) else 'DIFFERS')")
  bad=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer wrong' --data-binary @req.json "$(url ${PORT[$c]})")
  log "check $c: HTTP $code $same; wrong key -> $bad"
done
for c in nginx $CANDS; do
  BENCH_BODY=req.json timeout $((WARM+10)) wrk -t2 -c16 -d${WARM}s -s post.lua "$(url ${PORT[$c]})" > "$OUT/warm-$c.txt" 2>&1
done
for c in $CANDS; do echo -e "$c\tidle_after_warmup_rss_kb\t$(rss_kb ${PID[$c]})"; done > "$OUT/rss_idle.tsv"

# ---- interleaved rounds
echo -e "phase\tround\ttarget\trps\tp50\tp90\tp99\tp999\terrors\tnon2xx\trss_max_kb\tcpu_us_per_req\tbox_busy_pct" > "$OUT/runs.tsv"
one() { # phase round target rate conns
  local ph=$1 r=$2 t=$3 rate=$4 conns=$5 f="$OUT/wrk-$1-$2-$3.txt" pid=${PID[$3]}
  local mx=0; ( m=0; while :; do v=$(rss_kb $pid); ((v>m)) && { m=$v; echo $m > "$OUT/.rss"; }; sleep 0.5; done ) & local smp=$!
  echo 0 > "$OUT/.rss"
  local k0=$(ticks $pid); read -r a0 i0 < <(awk '/^cpu /{s=0;for(i=2;i<=NF;i++)s+=$i;print s,$5+$6}' /proc/stat)
  BENCH_BODY=req.json BENCH_RATE=$rate BENCH_THREADS=2 timeout $((DUR+15)) wrk -t2 -c$conns -d${DUR}s --timeout 5s --latency -s post.lua "$(url ${PORT[$t]})" > "$f" 2>&1
  local k1=$(ticks $pid); read -r a1 i1 < <(awk '/^cpu /{s=0;for(i=2;i<=NF;i++)s+=$i;print s,$5+$6}' /proc/stat)
  kill $smp 2>/dev/null; wait $smp 2>/dev/null
  local rss=$(cat "$OUT/.rss")
  grep '^RESULT' "$f" | awk -v ph=$ph -v r=$r -v t=$t -v rss=$rss -v dk=$((k1-k0)) -v busy=$(( 100*((a1-a0)-(i1-i0))/(a1-a0+1) )) '
    {for(i=2;i<=NF;i++){split($i,kv,"=");v[kv[1]]=kv[2]}}
    END{printf "%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%s\n",ph,r,t,v["rps"],v["p50_ms"],v["p90_ms"],v["p99_ms"],v["p999_ms"],v["sock_errors"],v["non2xx"],rss,(v["requests"]>0?dk*10000/v["requests"]:0),busy}' | tee -a "$OUT/runs.tsv" >&2
}
for r in $(seq 1 $ROUNDS); do
  log "round $r closed-loop c16"
  for t in direct nginx $CANDS; do one closed $r $t 0 16; sleep 0.5; done
  log "round $r fixed rate $RATE"
  for t in direct nginx $CANDS; do one rate $r $t $RATE $RATE_CONNS; sleep 0.5; done
done

# ---- SSE: TTFB and total (node mock, 5 chunks + [DONE], STREAM_DELAY ms apart)
echo -e "target\tevents\tdone\tttfb_p50_ms\tttfb_p90_ms\ttotal_p50_ms" > "$OUT/sse.tsv"
for t in direct nginx $CANDS; do
  p=${SPORT[$t]:-${PORT[$t]}}
  curl -sN -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-dummy-key' --data-binary @req_stream.json "$(url $p)" > "$OUT/sse-$t.txt"
  ev=$(grep -c '^data: ' "$OUT/sse-$t.txt"); dn=$(grep -c '^data: \[DONE\]' "$OUT/sse-$t.txt")
  for i in $(seq 1 $TTFB_N); do
    curl -sN -o /dev/null -w '%{time_starttransfer} %{time_total}\n' -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer sk-bench-dummy-key' --data-binary @req_stream.json "$(url $p)"
  done > "$OUT/ttfb-$t.txt"
  q() { awk -v c=$1 '{print $c*1000}' "$OUT/ttfb-$t.txt" | sort -n | awk -v p=$2 '{a[NR]=$1}END{i=int(NR*p/100+0.999999);printf "%.2f",a[i]}'; }
  echo -e "$t\t$ev\t$dn\t$(q 1 50)\t$(q 1 90)\t$(q 2 50)" | tee -a "$OUT/sse.tsv" >&2
done
for c in $CANDS; do echo -e "$c\tfinal_rss_kb\t$(rss_kb ${PID[$c]})"; done >> "$OUT/rss_idle.tsv"
log "done -> $OUT"
