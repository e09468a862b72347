#!/usr/bin/env bash
# Out-of-core measurements (issue 5): peak RSS and wall time of `pipeline profile`, an exact dedup run and DuckDB's
# COUNT(DISTINCT) on one CSV, each under /usr/bin/time -v. Appends one tab-separated line per run to $LOG:
#   label  engine  input_bytes  memory_limit  seconds  max_rss_kib  exit_code  summary
# Usage: measure.sh LABEL CSV PIPELINE_LIMIT DUCKDB_LIMIT [what...]   (what: profile dedup duckdb; default all)
# Needs: the pipeline CLI and Pipeline.Benchmarks built in Release (see benchmarks/README.md), GNU time.
set -euo pipefail
label=$1 csv=$2 limit=$3 duck_limit=$4; shift 4
what=${*:-profile dedup duckdb}
root=$(cd "$(dirname "$0")/../.." && pwd)
pl=$root/src/Pipeline.Cli/bin/Release/net10.0/linux-x64/pipeline
bench="dotnet $root/benchmarks/Pipeline.Benchmarks/bin/Release/net10.0/linux-x64/Pipeline.Benchmarks.dll"
work=${WORK:-/tmp/pipeline-ooc}
LOG=${LOG:-$work/measurements.tsv}
mkdir -p "$work"
bytes=$(stat -c %s "$csv")

run() { # engine summary-command...
  local engine=$1; shift
  local err=$work/$label-$engine.time
  set +e
  /usr/bin/time -v -o "$err" "$@" > "$work/$label-$engine.out" 2> "$work/$label-$engine.err"
  local code=$?
  set -e
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$err")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$err")
  local summary
  summary=$(grep -h -E "duplicate rows|pipeline: ok|duckdb:" "$work/$label-$engine.out" "$work/$label-$engine.err" | head -2 | tr '\t\n' '  ')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$engine" "$bytes" "$limit" "$secs" "$rss" "$code" "$summary" | tee -a "$LOG"
}

for w in $what; do
  case $w in
    profile) run pipeline-profile env PIPELINE_SPILL_DIR="$work" "$pl" profile "$csv" --memory-limit "$limit" --out "$work/$label-profile" ;;
    dedup)
      printf 'source: %s\ndedup: true\noptions: {memory_limit: %s, spill_dir: %s}\n' "$csv" "$limit" "$work" > "$work/$label-dedup.yaml"
      run pipeline-dedup "$pl" run "$work/$label-dedup.yaml" --out "$work/$label-dedup" ;;
    duckdb) run "duckdb-$duck_limit" $bench duckdb-distinct "$csv" "$duck_limit" 2 "$work" ;;
  esac
  rm -rf "$work/$label-profile" "$work/$label-dedup"
done
