import csv, sys, statistics as st, collections
d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/runs.tsv"), delimiter="\t"))
cold = collections.defaultdict(list)
for r in csv.DictReader(open(f"{d}/cold.tsv"), delimiter="\t"): cold[r["target"]].append(int(r["cold_ms"]))
idx = {(r["phase"], r["round"], r["target"]): r for r in rows}
targets = list(dict.fromkeys(r["target"] for r in rows))
rounds = sorted(set(r["round"] for r in rows))
med = lambda xs: st.median(xs) if xs else float("nan")
print(f"== closed loop c16: rps per round, median, ratio to nginx (median of per-round ratios), p50/p99 medians, cpu us/req, max RSS")
for t in targets:
    rs = [float(idx["closed", k, t]["rps"]) for k in rounds]
    ratio = [float(idx["closed", k, t]["rps"]) / float(idx["closed", k, "nginx"]["rps"]) for k in rounds]
    p50 = med([float(idx["closed", k, t]["p50"]) for k in rounds]); p99 = med([float(idx["closed", k, t]["p99"]) for k in rounds])
    cpu = med([float(idx["closed", k, t]["cpu_us_per_req"]) for k in rounds])
    rss = max(int(idx[ph, k, t]["rss_max_kb"]) for k in rounds for ph in ("closed", "rate")) / 1024
    print(f"{t:18} rps={'/'.join('%.0f'%x for x in rs):20} med={med(rs):7.0f} ratio={'/'.join('%.2f'%x for x in ratio):15} med_ratio={med(ratio):.2f} p50={p50:.3f} p99={p99:.3f} cpu_us={cpu:.0f} rss_MB={rss:.0f} cold_ms_med={med(cold.get(t, [])) if t in cold else '-'}")
print(f"\n== fixed rate: achieved rps, p50/p99 per round, added vs nginx same round (median of per-round deltas)")
for t in targets:
    a = [idx["rate", k, t] for k in rounds]; n = [idx["rate", k, "nginx"] for k in rounds]
    d50 = [float(x["p50"]) - float(y["p50"]) for x, y in zip(a, n)]; d99 = [float(x["p99"]) - float(y["p99"]) for x, y in zip(a, n)]
    print(f"{t:18} rps={'/'.join(x['rps'] for x in a):16} p50={'/'.join(x['p50'] for x in a):20} p99={'/'.join(x['p99'] for x in a):22} med_p50={med([float(x['p50']) for x in a]):.3f} med_p99={med([float(x['p99']) for x in a]):.3f} d50_vs_nginx={med(d50):+.3f} d99_vs_nginx={med(d99):+.3f} cpu_us={med([float(x['cpu_us_per_req']) for x in a]):.0f} box_busy={'/'.join(x['box_busy_pct'] for x in a)}")
