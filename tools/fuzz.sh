#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and runs one of them.
#
# Usage: tools/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAG...]
#   TARGET: lexer, parser, compiler, check, schedule or json_reader (tools/fuzz/TARGET_fuzz.cc)
#
# The seeds (tools/fuzz/make_seeds.py: the corpus's scenarios, its reports and replay tokens) are
# written into build-fuzz/seeds/ on first use; what libFuzzer finds grows build-fuzz/corpus/TARGET/
# across runs; a crash is saved as build-fuzz/artifacts/TARGET-crash-<sha1> and the exit status is
# libFuzzer's (0: no crash). It runs at nice 19: the fuzzer takes only what the machine leaves.
set -euo pipefail
cd "$(dirname "$0")/.."
targets="lexer parser compiler check schedule json_reader"
if [ $# -lt 2 ] || ! [[ " $targets " == *" $1 "* ]] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh TARGET SECONDS [LIBFUZZER_FLAG...]  (TARGET: ${targets// /, })" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
command -v clang++ >/dev/null || { echo "fuzz: needs clang++ (apt-get install clang libclang-rt-dev)" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if ! CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOCKCHECK_FUZZ=ON \
    "${launcher[@]}" >"$log" 2>&1; then
  cat "$log" >&2; exit 1
fi
if ! cmake --build build-fuzz -j2 --target "${target}_fuzz" lockcheck >"$log" 2>&1; then
  grep -Ev '^\[ *[0-9]+%\]' "$log" >&2; echo "fuzz: the build failed" >&2; exit 1
fi

seeds=build-fuzz/seeds
if [ ! -f "$seeds/report.dict" ]; then
  ASAN_OPTIONS=detect_leaks=0 python3 tools/fuzz/make_seeds.py build-fuzz/tools/lockcheck . "$seeds"
fi
case $target in
  lexer|parser|compiler|check) seed_dir=$seeds/scenario dict=tools/fuzz/scenario.dict ;;
  schedule) seed_dir=$seeds/schedule dict= ;;
  json_reader) seed_dir=$seeds/report dict=$seeds/report.dict ;;
esac
corpus=build-fuzz/corpus/$target
mkdir -p "$corpus" build-fuzz/artifacts
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1
       -artifact_prefix=build-fuzz/artifacts/"$target"-)
[ -n "$dict" ] && flags+=(-dict="$dict")
# The corpus folder first: libFuzzer adds what it finds to the first folder only.
exec nice -n 19 build-fuzz/tools/fuzz/"${target}_fuzz" "${flags[@]}" "$@" "$corpus" "$seed_dir"
