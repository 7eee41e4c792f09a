#!/usr/bin/env bash
# Golden outputs (CTest: golden_reports): the text and JSON reports of chosen corpus scenarios,
# lassos and lock-order warnings among them, and the replay of each lasso, compared byte for
# byte with tools/golden/ (the timing fields and run figures left out of the JSON: they depend
# on the machine and, with several workers, on the order they took states in). Two workers,
# so that the options the report echoes do not depend on the machine's cores.
#
# Usage: tools/golden_test.sh LOCKCHECK_BINARY SOURCE_DIR [--update]
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 LOCKCHECK_BINARY SOURCE_DIR [--update]" >&2
  exit 2
fi
lc=$1
cd "$2" || exit 2
update=${3:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

scenarios="starvation_barging livelock_backoff partial_deadlock_daemon spin_wait_flag_never_set
lock_order_latent lock_order_inversion condition_buffer_notify spin_alone_after_main_exits"

# compare NAME FILE: FILE against tools/golden/NAME (or writes it with --update).
compare() {
  if [ "$update" = "--update" ]; then
    cp "$2" "tools/golden/$1"
  elif diff -u "tools/golden/$1" "$2"; then
    echo "ok: $1"
  else
    echo "FAIL: $1 differs from tools/golden/$1 (tools/golden_test.sh BINARY . --update rewrites it)"
    fail=1
  fi
}

for s in $scenarios; do
  file=scenarios/corpus/$s.py
  "$lc" check --jobs 2 --json "$dir/$s.json" "$file" >"$dir/$s.txt"
  compare "$s.txt" "$dir/$s.txt"
  grep -v -E '"(seconds|peak_memory_bytes|max_depth|store_bytes|bytes_per_state)"' "$dir/$s.json" \
    >"$dir/$s.stripped.json"
  compare "$s.json" "$dir/$s.stripped.json"
  # Each lasso's token replays the prefix and one turn of the cycle.
  n=0
  for token in $(grep -o -E 'lc[0-9]+:[a-zA-Z{}!0-9()]*\.[a-zA-Z{}!0-9()]*' "$dir/$s.txt" | sort -u); do
    n=$((n + 1))
    "$lc" replay "$file" --schedule "$token" >"$dir/$s.replay$n.txt"
    compare "$s.replay$n.txt" "$dir/$s.replay$n.txt"
  done
done

# The full form of one trace (--trace full: every step, as before folding), beside the short
# form above.
"$lc" check --jobs 2 --trace full scenarios/corpus/lock_order_inversion.py >"$dir/full.txt"
compare "lock_order_inversion.full.txt" "$dir/full.txt"

if [ "$fail" = 0 ] && [ "$update" != "--update" ]; then echo "golden_test: all passed"; fi
exit "$fail"
