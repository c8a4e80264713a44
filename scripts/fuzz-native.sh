#!/usr/bin/env bash
# Builds the libFuzzer targets (native/fuzz/) into build-fuzz/ with clang and
# runs them.
#   scripts/fuzz-native.sh build                  build (or bring up to date) only
#   scripts/fuzz-native.sh regress [target...]    every committed input once (seeds and regressions)
#   scripts/fuzz-native.sh run SECONDS [target...]  fuzz each target for SECONDS
# Targets: wav fax_tiff dahdi_pri audio_socket (default: all). New inputs go to
# build-fuzz/corpus/<target>/, crashes to build-fuzz/crashes/<target>/; a crash
# that is fixed belongs in native/fuzz/corpus/<target>/ as a regression input.
# Exit status: non-zero if any target crashed.
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
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
