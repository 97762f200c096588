#!/usr/bin/env bash
# Measures the three open lines of the README (docs/open-lines.md) the way every set there was measured: three
# `mosaic demo --json`, then two `mosaic bench control-plane --questions 5000,100000 --repeats 3 --json`, in this
# checkout's Release build (build it first), then one summary line per open line. About 5–7 minutes on 2 cores; run it
# with nothing else on the machine.
#
#   infra/scripts/open-lines.sh [OUT_DIR]     (default: artifacts/open-lines/<UTC time>)
#
# #9: mosaic-paper's and mosaic-tau1's expert stage within 20% of the 1.85 s plan priced from the shipped profiles;
# #10: each ILP run's reported round within 20% of the demo's forecast; #12: wall time per question at 100,000 within
# 10% of that at 5,000. The JSON outputs stay in OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-artifacts/open-lines/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
cli=(dotnet run --project src/Mosaic.Cli -c Release --no-build --)

for i in 1 2 3; do
    echo "open-lines: demo $i of 3 ($(cut -d' ' -f1 /proc/loadavg) load)" >&2
    "${cli[@]}" demo --json --out "$out/demo-$i" > "$out/demo-$i.json" 2> "$out/demo-$i.err"
done
for i in 1 2; do
    echo "open-lines: control plane $i of 2 ($(cut -d' ' -f1 /proc/loadavg) load)" >&2
    "${cli[@]}" bench control-plane --questions 5000,100000 --repeats 3 --json > "$out/cp-$i.json" 2> "$out/cp-$i.err"
done

python3 - "$out" <<'PY'
import glob, json, sys
out = sys.argv[1]
plan = 1.85
within9 = runs9 = within10 = runs10 = 0
for path in sorted(glob.glob(f"{out}/demo-*.json")):
    demo = json.load(open(path))
    by_name = {run["name"]: run for run in demo["runs"]}
    for name in ("mosaic-paper", "mosaic-tau1"):
        ratio = by_name[name]["expert_stage_s"] / plan
        runs9 += 1; within9 += 0.8 <= ratio <= 1.2
    for name in ("mosaic-paper", "mosaic-tau1", "mosaic-orleans"):
        ratio = by_name[name].get("realized_over_predicted")
        runs10 += 1; within10 += ratio is not None and 0.8 <= ratio <= 1.2
    speedup = by_name["baseline"]["end_to_end_s"] / by_name["mosaic-orleans"]["end_to_end_s"]
    accuracies = ", ".join(f"{by_name[n]['accuracy'] * 100:.2f}" for n in ("baseline", "mosaic-paper", "mosaic-tau1", "mosaic-orleans"))
    print(f"{path}: accuracies {accuracies}; mosaic-orleans {speedup:.2f}x over the baseline end to end")
print(f"#9: {within9} of {runs9} mosaic-paper/mosaic-tau1 expert stages within 20% of the {plan} s plan")
print(f"#10: {within10} of {runs10} ILP runs' reported rounds within 20% of the forecast")
for path in sorted(glob.glob(f"{out}/cp-*.json")):
    report = json.load(open(path))
    sizes = "; ".join(f"{r['questions']:,}: {r['questions_per_s']:,.0f} q/s, GC pause {r['gc_pause_s']} s, state {r['job_state_bytes']} B" for r in report["runs"])
    print(f"#12: {path}: 100,000 over 5,000 = {report['us_per_question_largest_over_smallest']} ({sizes})")
PY
