#!/usr/bin/env bash
# Whole-run wall time and peak memory of traincmp against log length, on logs this script generates
# (nothing is committed). For each size it compares two runs of N steps (baseline in tt-train's old form,
# "fused" in the new form) and reads one run alone, writing the summary and the three PNGs each time.
# Needs GNU time (apt-get install time).
#   bash bench/scaling.sh [STEPS...]            default: 10000 100000 1000000 10000000
#   KEEP=DIR bash bench/scaling.sh ...          keep the generated logs in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000 10000000)
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

echo "publishing the tool (Native AOT) and the log generator" >&2
dotnet publish src/TrainCompare.Cli -c Release -o "$work/tool" >/dev/null
dotnet build bench/TrainCompare.Benchmarks -c Release -o "$work/gen" >/dev/null
tool="$work/tool/traincmp"

# median wall seconds and max peak KB over R runs of: traincmp ARGS
measure() {
  local runs=$1; shift
  local walls=() peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$tool" "$@" --output-dir "$work/out" >/dev/null
    read -r wall kb < "$work/t"
    walls+=("$wall")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $peak"
}

printf '| steps | log MB (each) | two runs: wall s | two runs: peak MB | one run: wall s | one run: peak MB | one run: bytes/step over 150 MB |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  base="$work/base_$n.txt"; fused="$work/fused_$n.txt"
  [ -s "$base" ] || dotnet "$work/gen/TrainCompare.Benchmarks.dll" generate "$n" old 1 "$base" 703
  [ -s "$fused" ] || dotnet "$work/gen/TrainCompare.Benchmarks.dll" generate "$n" new 2 "$fused" 650
  runs=5; [ "$n" -ge 1000000 ] && runs=3; [ "$n" -ge 10000000 ] && runs=1
  cat "$base" "$fused" > /dev/null   # into the page cache
  read -r pw pk < <(measure "$runs" --baseline "$base" --compare "$fused")
  read -r sw sk < <(measure "$runs" --baseline "$base")
  mb=$(awk -v b="$(stat -c %s "$base")" 'BEGIN {printf "%.1f", b / 1e6}')
  per=$(awk -v k="$sk" -v n="$n" 'BEGIN {v = (k * 1024 - 150e6) / n; printf "%.1f", (v < 0 ? 0 : v)}')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$mb" "$pw" "$((pk / 1024))" "$sw" "$((sk / 1024))" "$per"
done
[ -n "${KEEP:-}" ] || rm -rf "$work"
