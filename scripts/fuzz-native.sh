#!/usr/bin/env bash
# Builds the libFuzzer targets (native/fuzz/) into build-fuzz/ with clang and
# runs them.
#   scripts/fuzz-native.sh build                  build (or bring up to date) only
#   scripts/fuzz-native.sh regress [target...]    every committed input once (seeds and regressions)
#   scripts/fuzz-native.sh run SECONDS [target...]  fuzz each target for SECONDS
#   scripts/fuzz-native.sh canary [target...]     positive control: each target built with a
#                                                 planted bug (TL_FUZZ_CANARY) must be found
#                                                 from the seeds (CANARY_SECONDS, default 120)
# Targets: wav fax_tiff dahdi_pri audio_socket (default: all). New inputs go to
# build-fuzz/corpus/<target>/, crashes to build-fuzz/crashes/<target>/; a crash
# that is fixed belongs in native/fuzz/corpus/<target>/ as a regression input.
# Exit status: non-zero if any target crashed (for canary: if any planted bug was not found).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=build-fuzz
all_targets=(wav fax_tiff dahdi_pri audio_socket)

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz-native: clang++ is not installed (scripts/bootstrap.sh installs it)" >&2
  exit 3
fi

build() {
  cmake -S native/fuzz -B "$out" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >"$out.configure.log" 2>&1 || {
    cat "$out.configure.log" >&2
    exit 1
  }
  cmake --build "$out" -j2 >"$out.build.log" 2>&1 || {
    tail -40 "$out.build.log" >&2
    exit 1
  }
}

# libpri cannot free a D-channel controller, so the PRI target leaks one per
# input: leak checks there are off (see native/fuzz/lsan.supp) and long runs
# fork, so that the leaked controllers are returned with each child.
target_flags() {
  case "$1" in
    dahdi_pri) echo "-detect_leaks=0" ;;
    *) echo "" ;;
  esac
}

export LSAN_OPTIONS="suppressions=$root/native/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

cmd=${1:-}
shift || true
case "$cmd" in
  build)
    mkdir -p "$out"
    build
    ;;
  regress)
    mkdir -p "$out"
    build
    targets=("$@")
    [ $# -gt 0 ] || targets=("${all_targets[@]}")
    status=0
    for t in "${targets[@]}"; do
      files=(native/fuzz/corpus/"$t"/*)
      # shellcheck disable=SC2046
      if "$out/${t}_fuzz" $(target_flags "$t") -runs=1 "${files[@]}" >"$out/$t.regress.log" 2>&1; then
        echo "fuzz-native: $t: ${#files[@]} committed inputs ok"
      else
        echo "fuzz-native: $t: FAILED on a committed input (log: $out/$t.regress.log)" >&2
        tail -30 "$out/$t.regress.log" >&2
        status=1
      fi
    done
    exit $status
    ;;
  run)
    seconds=${1:?usage: fuzz-native.sh run SECONDS [target...]}
    shift
    mkdir -p "$out"
    build
    targets=("$@")
    [ $# -gt 0 ] || targets=("${all_targets[@]}")
    status=0
    for t in "${targets[@]}"; do
      mkdir -p "$out/corpus/$t" "$out/crashes/$t"
      extra=()
      if [ "$t" = dahdi_pri ] && [ "$seconds" -gt 30 ]; then extra=(-fork=1 -ignore_crashes=0); fi
      # New inputs go to the first directory (scratch); the committed corpus is only read.
      # shellcheck disable=SC2046
      if "$out/${t}_fuzz" $(target_flags "$t") "${extra[@]}" -max_total_time="$seconds" -timeout=20 \
        -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$out/crashes/$t/" \
        "$out/corpus/$t" "native/fuzz/corpus/$t" >"$out/$t.run.log" 2>&1; then
        # One process prints its final stats; fork mode prints "#<runs>: cov: ..." per job.
        runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$out/$t.run.log" | grep -oE '[0-9]+$' | tail -1 || true)
        [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+: cov' "$out/$t.run.log" | tail -1 | grep -oE '[0-9]+' || true)
        echo "fuzz-native: $t: ${runs:-?} runs in ${seconds} s, no crash"
      else
        echo "fuzz-native: $t: CRASHED (log: $out/$t.run.log; input in $out/crashes/$t/)" >&2
        grep -E 'ERROR|SUMMARY|invariant violated|runtime error' "$out/$t.run.log" | head -10 >&2 || true
        status=1
      fi
    done
    exit $status
    ;;
  canary)
    mkdir -p "$out"
    build
    targets=("$@")
    [ $# -gt 0 ] || targets=("${all_targets[@]}")
    names=()
    for t in "${targets[@]}"; do names+=("${t}_fuzz_canary"); done
    cmake --build "$out" -j2 --target "${names[@]}" >"$out.canary-build.log" 2>&1 || {
      tail -40 "$out.canary-build.log" >&2
      exit 1
    }
    # A limit against a hung run, not a measure: the canaries fall in seconds.
    seconds=${CANARY_SECONDS:-120}
    status=0
    for t in "${targets[@]}"; do
      dir="$out/canary/$t"
      rm -rf "$dir"
      mkdir -p "$dir/corpus" "$dir/crashes"
      # The seeds alone must not fire it: then what fires it is a mutant the fuzzer made.
      files=(native/fuzz/corpus/"$t"/*)
      # shellcheck disable=SC2046
      if ! "$out/${t}_fuzz_canary" $(target_flags "$t") -runs=1 "${files[@]}" >"$dir/seeds.log" 2>&1; then
        echo "fuzz-native: $t: a committed input fires the canary by itself (log: $dir/seeds.log)" >&2
        status=1
        continue
      fi
      started=$(date +%s.%N)
      # shellcheck disable=SC2046
      if "$out/${t}_fuzz_canary" $(target_flags "$t") -seed=1 -max_total_time="$seconds" -timeout=20 \
        -dict=native/fuzz/canary.dict -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$dir/crashes/" \
        "$dir/corpus" "native/fuzz/corpus/$t" >"$dir/run.log" 2>&1; then
        echo "fuzz-native: $t: canary NOT found in $seconds s: the fuzzer does not get through the harness (log: $dir/run.log)" >&2
        status=1
        continue
      fi
      elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
      crash=$(find "$dir/crashes" -name 'crash-*' -print -quit)
      if ! grep -q '^fuzz canary reached' "$dir/run.log" || [ -z "$crash" ]; then
        echo "fuzz-native: $t: the canary build failed otherwise (log: $dir/run.log)" >&2
        grep -E 'ERROR|SUMMARY|invariant violated|runtime error' "$dir/run.log" | head -10 >&2 || true
        status=1
        continue
      fi
      # The input that fired the canary must be harmless to the real target: the crash was the plant.
      # shellcheck disable=SC2046
      if ! "$out/${t}_fuzz" $(target_flags "$t") -runs=1 "$crash" >"$dir/replay.log" 2>&1; then
        echo "fuzz-native: $t: the canary's input crashes the real target too (log: $dir/replay.log)" >&2
        status=1
        continue
      fi
      runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$dir/run.log" | grep -oE '[0-9]+$' | tail -1 || true)
      printf 'fuzz-native: %s: canary found after %s runs in %s s (input: %s)\n' "$t" "${runs:-?}" "$elapsed" "$crash"
    done
    exit $status
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
