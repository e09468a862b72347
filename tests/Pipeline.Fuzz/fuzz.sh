#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with afl-fuzz and SharpFuzz:
#   tests/Pipeline.Fuzz/fuzz.sh TARGET SECONDS
# TARGET is csv, jsonl, arrow, parquet, spec, expr or state (tests/Pipeline.Fuzz/FuzzTargets.cs). The script installs afl++
# (apt) and the sharpfuzz tool when they are missing, publishes the fuzz project in Release to a work folder (never
# into the normal build output, since instrumenting rewrites the assemblies), instruments the assemblies the target's input
# reaches (Pipeline's, and Arrow's or YamlDotNet's where they parse it), runs afl-fuzz for SECONDS seeded from seeds/TARGET, copies
# every crash and hang into findings/TARGET (named by content hash) and replays each one to print its exception.
# The findings then run in CI through FuzzSmokeTests; fix the cause, keep the file.
# On the shared development machine run it under the build lock: flock /tmp/pipeline-build.lock tests/Pipeline.Fuzz/fuzz.sh csv 150
# Environment: FUZZ_WORK (work folder, default /tmp/pipeline-fuzz-work), FUZZ_REUSE=1 (skip publish and
# instrumentation when an instrumented build is already there), FUZZ_TIMEOUT_MS (per input, default 5000).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${1:-}"
seconds="${2:-}"
case "$target" in
  csv|jsonl|arrow|parquet|spec|expr|state) ;;
  *) echo "usage: $0 csv|jsonl|arrow|parquet|spec|expr|state SECONDS" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 TARGET SECONDS" >&2; exit 2; }
work="${FUZZ_WORK:-/tmp/pipeline-fuzz-work}"
timeout_ms="${FUZZ_TIMEOUT_MS:-5000}"
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "installing afl++"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y afl++ >/dev/null
fi
if ! command -v sharpfuzz >/dev/null 2>&1; then
  echo "installing the sharpfuzz tool"
  dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# Only the assemblies the target's input reaches are instrumented: the whole engine saturated afl's 64 KiB edge map
# (63% full, 2% stability on csv) with one-time initialisation that guided nothing.
case "$target" in
  csv|jsonl) instrument="Pipeline.IO Pipeline.Kernels" ;;
  arrow) instrument="Pipeline.IO Pipeline.Kernels Apache.Arrow" ;;
  parquet) instrument="Pipeline.IO" ;;
  spec) instrument="Pipeline.Hosting Pipeline.Engine YamlDotNet" ;;
  expr) instrument="Pipeline.Engine" ;;
  state) instrument="Pipeline.Engine Pipeline.Kernels" ;;
esac
bin="$work/bin-$target"
if [ "${FUZZ_REUSE:-0}" != 1 ] || [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin" "$bin-plain"
  dotnet publish "$here/Pipeline.Fuzz.csproj" -c Release -o "$bin" -nologo -v:q -clp:ErrorsOnly
  # An uninstrumented copy replays findings: instrumented code writes to afl's shared memory and faults without it.
  cp -r "$bin" "$bin-plain"
  for dll in $instrument; do sharpfuzz "$bin/$dll.dll" >/dev/null; done
  touch "$bin/.instrumented"
fi

out="$work/out-$target"
rm -rf "$out"
mkdir -p "$out"
# dotnet is not afl-instrumented (SharpFuzz talks afl's protocol itself): skip the binary check. No affinity and no
# CPU-governor check on a shared machine; crashes are told by afl from the child's exit, not from core dumps.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
afl-fuzz -V "$seconds" -i "$here/seeds/$target" -o "$out" -t "$timeout_ms" -m none -- dotnet "$bin/Pipeline.Fuzz.dll" "$target" \
  > "$out/afl.log" 2>&1 || { echo "afl-fuzz failed:"; tail -n 30 "$out/afl.log"; exit 1; }

stats="$out/default/fuzzer_stats"
get() { grep "^$1 " "$stats" | sed 's/.*: //'; }
echo "$target: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), corpus $(get corpus_count), coverage $(get bitmap_cvg), crashes $(get saved_crashes), hangs $(get saved_hangs)"

mkdir -p "$here/findings/$target"
found=0
for kind in crashes hangs; do
  for f in "$out/default/$kind"/id:*; do
    [ -e "$f" ] || continue
    name="${kind%es}"; name="${name%s}-$(sha1sum "$f" | cut -c1-12)"
    cp "$f" "$here/findings/$target/$name"
    found=$((found + 1))
    echo "== findings/$target/$name"
    # Replay without afl: a crash prints its exception and stack; a hang is cut after 30 s.
    timeout 30 dotnet "$bin-plain/Pipeline.Fuzz.dll" "$target" "$here/findings/$target/$name" 2>&1 | head -n 25 || true
  done
done
echo "$found new finding(s) in tests/Pipeline.Fuzz/findings/$target"
