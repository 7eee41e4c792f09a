#!/usr/bin/env bash
# Quick start, command 2: the same set-up, then every test: unit tests, the corpus verdicts,
# replay round-trips, report schema validation, the command line's exit codes. Its exit status
# is ctest's (or the first failing stage's).
#
# Usage: tools/test.sh              every test in build/; then, in CI (CI=true) or with
#                                   LOCKCHECK_CI_SANITIZE=1, the CI sanitizer subset
#                                   (LOCKCHECK_CI_SANITIZE=0 leaves it out)
#        tools/test.sh --sanitize   the whole sanitizer suite (below), not the plain tests
#        tools/test.sh --sanitize-ci   only the CI sanitizer subset
#
# Sanitizers (gcc's, no suppressions): an ASan + UBSan build in build-asan/ runs every CTest
# there (unit tests, the corpus, the CLI and report tests) but the two that measure or validate
# with outside tools (bench_speedup_smoke times runs, which ASan slows by design; sarif_validate
# checks the SARIF format with an npm tool: the same bytes as the plain build, whose suite has
# it); a ThreadSanitizer build in build-tsan/ runs the multi-worker searches: lasso_test's
# ManyWorkers (8 workers, with and without an input error), recorded_graph_test's shortest-path
# pass beside the replay, and the determinism test with --jobs 1, 2 and 4 on scenarios with
# and without loops (loops under --cycles off too, where the workers share them). Any report
# stops its program, so the test fails.
# The CI subset (--sanitize-ci; after the plain suite when CI=true or LOCKCHECK_CI_SANITIZE=1):
# ASan + UBSan on the front end's, the VM's, the reduction's, the report reader's and the
# distributed search's unit tests and every third corpus scenario, TSan on ManyWorkers, the
# pass beside the replay, the distributed search's unit tests (its ranks are threads there)
# and the determinism test on three scenarios. Both sanitizer builds leave MPI out (-DLOCKCHECK_MPI=OFF): they are the
# builds without it, where distributed_mpi checks that --distributed is refused cleanly.
# Both builds are cold in CI; -O1 -g1 (CMakeLists.txt) keeps them to minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=plain
case "${1:-}" in
  "") ;;
  --sanitize) mode=sanitize ;;
  --sanitize-ci) mode=sanitize-ci ;;
  *) echo "usage: tools/test.sh [--sanitize | --sanitize-ci]" >&2; exit 2 ;;
esac
jobs=$(nproc 2>/dev/null || echo 2)
tools/setup.sh --tests

# ASan's leak check runs at exit; halt_on_error and the -fno-sanitize-recover=all build flag make
# every report fatal. detect_stack_use_after_return also catches frames kept past their call.
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

# build_sanitized DIR SANITIZERS MPI [TARGET...]: configure and build (only its output on
# failure); MPI ON or OFF: whether `check --distributed` is built (it needs MPI installed).
build_sanitized() {
  local dir=$1 sanitizers=$2 mpi=$3
  shift 3
  local log
  log=$(mktemp)
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "test: building with -fsanitize=$sanitizers into $dir/"
  if ! cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DLOCKCHECK_SANITIZE="$sanitizers" \
      -DLOCKCHECK_MPI="$mpi" "${launcher[@]}" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  if ! cmake --build "$dir" -j"$jobs" "${targets[@]}" >"$log" 2>&1; then
    grep -Ev '^\[ *[0-9]+%\]' "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
}

# The corpus scenarios, sorted; with a stride, every STRIDE-th one.
corpus_files() {
  find scenarios/corpus -name '*.py' | LC_ALL=C sort | awk -v s="$1" 'NR % s == 1 || s == 1'
}

# The unit tests of the CI subset: the front end and the VM, which hold the scenario's untrusted
# text and every object of a state, the reduction, and the report reader (untrusted JSON).
asan_ci_tests=(lexer_test parser_test compiler_test machine_test sharing_test semantics_test
               classes_test closures_test condition_test formatting_test por_test
               json_reader_test distributed_test)

run_asan() {  # run_asan full|ci
  if [ "$1" = full ]; then
    build_sanitized build-asan address,undefined OFF
  else
    build_sanitized build-asan address,undefined OFF lockcheck "${asan_ci_tests[@]}"
  fi
  if [ "$1" = full ]; then
    ctest --test-dir build-asan --output-on-failure -j"$jobs" \
      -E '^(bench_speedup_smoke|sarif_validate)$'
  else
    # distributed_mpi: this build has no MPI, so `check --distributed` must refuse cleanly.
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -R "^($(echo "${asan_ci_tests[@]}" distributed_mpi | tr ' ' '|'))\$"
    # Every third scenario, each its own CTest as in the full suite.
    local names
    names=$(corpus_files 3 | sed 's|^scenarios/||; s|[.]|\\.|g' | paste -sd '|')
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -R "^($names)\$"
  fi
}

run_tsan() {  # run_tsan full|ci
  build_sanitized build-tsan thread OFF lockcheck lasso_test distributed_test recorded_graph_test
  build-tsan/checker/lasso_test --gtest_filter='*ManyWorkers*'
  # The shortest-path pass on its own thread beside the replay of a recorded graph.
  build-tsan/checker/recorded_graph_test --gtest_filter='*Beside*:*Lasso*'
  build-tsan/checker/distributed_test  # ranks as threads (LocalTransport)
  local loops=(scenarios/corpus/condition_buffer_notify.py scenarios/corpus/livelock_backoff.py
               scenarios/corpus/starvation_barging.py)
  local flat=(scenarios/corpus/lock_order_inversion.py scenarios/corpus/dining_5.py
              scenarios/corpus/bank_transfer_ordered.py)
  if [ "$1" = full ]; then
    python3 tools/determinism_test.py --jobs-list 2,4 --repeats 2 --strategies none --families small \
      build-tsan/tools/lockcheck "${loops[@]}" "${flat[@]}"
    python3 tools/determinism_test.py --jobs-list 2,4 --repeats 2 --strategies none --families none \
      --extra-arg=--cycles=off build-tsan/tools/lockcheck "${loops[@]}"
  else
    python3 tools/determinism_test.py --jobs-list 2,4 --repeats 1 --strategies none --families none \
      build-tsan/tools/lockcheck "${loops[0]}" "${flat[0]}" "${flat[1]}"
    python3 tools/determinism_test.py --jobs-list 4 --repeats 1 --strategies none --families none \
      --extra-arg=--cycles=off build-tsan/tools/lockcheck "${loops[0]}"
  fi
}

case $mode in
  plain)
    ctest --test-dir build --output-on-failure -j"$jobs"
    sanitize=${LOCKCHECK_CI_SANITIZE:-}
    [ -z "$sanitize" ] && [ "${CI:-}" = true ] && sanitize=1
    if [ "$sanitize" = 1 ]; then
      run_asan ci
      run_tsan ci
    fi
    ;;
  sanitize) run_asan full; run_tsan full ;;
  sanitize-ci) run_asan ci; run_tsan ci ;;
esac
