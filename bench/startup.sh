#!/usr/bin/env bash
# Startup and small-run time of the four ways to publish traincmp: JIT (framework-dependent), ReadyToRun,
# trimmed self-contained, and Native AOT (what the project ships). Needs hyperfine (apt-get install hyperfine).
#   bash bench/startup.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
cli=src/TrainCompare.Cli
declare -A variants=(
  [jit]="-p:PublishAot=false"
  [readytorun]="-p:PublishAot=false -p:PublishReadyToRun=true -r linux-x64 --self-contained false"
  [trimmed]="-p:PublishAot=false -p:PublishTrimmed=true -r linux-x64 --self-contained true"
  [aot]=""
)
for v in jit readytorun trimmed aot; do
  echo "publishing $v" >&2
  # shellcheck disable=SC2086
  dotnet publish "$cli" -c Release -o "$out/$v" ${variants[$v]} >/dev/null
done
examples="--baseline examples/baseline.txt --compare examples/fused.txt --output-dir $out/charts"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$out/version.md" \
  -n jit "$out/jit/traincmp --version" -n readytorun "$out/readytorun/traincmp --version" \
  -n trimmed "$out/trimmed/traincmp --version" -n aot "$out/aot/traincmp --version"
hyperfine -N --warmup 2 --runs 10 --export-markdown "$out/examples.md" \
  -n jit "$out/jit/traincmp $examples" -n readytorun "$out/readytorun/traincmp $examples" \
  -n trimmed "$out/trimmed/traincmp $examples" -n aot "$out/aot/traincmp $examples"
for v in jit readytorun trimmed aot; do
  printf '%-11s %s\n' "$v" "$(du -sh "$out/$v" | cut -f1)"
done
cat "$out/version.md" "$out/examples.md"
