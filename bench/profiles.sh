#!/usr/bin/env bash
# Profile reading speed and memory: a 1 GB PyTorch (Kineto) trace and a 1,000,000-row tt-metal CSV, made by
# bench/profile_inputs.py (nothing is committed), each read N times by the published tool as the baseline run's
# profile (the compare run has none). Reports the min of N of the tool's own "timing: profiles" (reading and
# aggregating the profile, from TRAINCMP_TIMINGS=1), MB/s over the file's bytes, the whole run's wall time and
# peak RSS (GNU time), and the machine's load (uptime) before each file. Needs GNU time (apt-get install time).
#   bash bench/profiles.sh [RUNS]            default 5
#   KEEP=DIR bash bench/profiles.sh          keep the generated files (and the published tool) in DIR
#   JIT=1 bash bench/profiles.sh             measure a JIT build (dotnet traincmp.dll) instead of Native AOT
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

if [ "${JIT:-0}" = 1 ]; then
  [ -f "$work/jit/traincmp.dll" ] || dotnet publish src/TrainCompare.Cli -c Release -p:PublishAot=false -o "$work/jit" >/dev/null
  tool=(dotnet "$work/jit/traincmp.dll")
else
  [ -x "$work/tool/traincmp" ] || dotnet publish src/TrainCompare.Cli -c Release -o "$work/tool" >/dev/null
  tool=("$work/tool/traincmp")
fi
[ -s "$work/trace.json" ] || python3 bench/profile_inputs.py kineto "$work/trace.json" 1000
[ -s "$work/ops.csv" ] || python3 bench/profile_inputs.py ttmetal "$work/ops.csv" 1000000

measure() { # FILE -> "min_profile_ms min_wall_s max_rss_kb"
  local file=$1 best_ms="" best_wall="" peak=0
  for _ in $(seq "$runs"); do
    TRAINCMP_TIMINGS=1 /usr/bin/time -f "%e %M" -o "$work/t" "${tool[@]}" --baseline examples/baseline.txt --compare examples/fused.txt \
      --baseline-profile "$file" --compare-profile none --plots none --output-dir "$work/out" >/dev/null 2>"$work/err"
    read -r wall kb < "$work/t"
    ms=$(grep -o 'timing: profiles [0-9.]*' "$work/err" | awk '{print $3}')
    best_ms=$(printf '%s\n%s\n' "${best_ms:-$ms}" "$ms" | sort -g | head -1)
    best_wall=$(printf '%s\n%s\n' "${best_wall:-$wall}" "$wall" | sort -g | head -1)
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  echo "$best_ms $best_wall $peak"
}

printf '| file | size MB | profile read, min of %s (ms) | MB/s | whole run, min (s) | peak RSS MB | load before |\n' "$runs"
printf '|---|---:|---:|---:|---:|---:|---|\n'
for file in trace.json ops.csv; do
  bytes=$(stat -c %s "$work/$file")
  load=$(uptime | sed 's/.*load average: //')
  read -r ms wall kb < <(measure "$work/$file")
  printf '| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %s |\n' "$file" "$(echo "$bytes/1000000" | bc -l)" "$ms" \
    "$(echo "$bytes/1000000/($ms/1000)" | bc -l)" "$wall" "$(echo "$kb/1024" | bc -l)" "$load"
done
