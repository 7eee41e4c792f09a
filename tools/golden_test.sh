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
# The lines of a JSON report that depend on the run (tools/report_figures.py keeps the list).
run_figures=$(python3 tools/report_figures.py --grep-pattern)

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
  grep -v -E "$run_figures" "$dir/$s.json" >"$dir/$s.stripped.json"
  compare "$s.json" "$dir/$s.stripped.json"
  # Each lasso's token replays the prefix and one turn of the cycle.
  n=0
  for token in $(grep -o -E 'lc2:[a-zA-Z{}!0-9()]*\.[a-zA-Z{}!0-9()]*-[0-9a-z]{5}' "$dir/$s.txt" | sort -u); do
    n=$((n + 1))
    "$lc" replay "$file" --schedule "$token" >"$dir/$s.replay$n.txt"
    compare "$s.replay$n.txt" "$dir/$s.replay$n.txt"
  done
done

# SARIF and JUnit reports of a deadlock (with its lock-order warning) and a lasso, whole files.
# SARIF has no timing field; JUnit's time attributes are the one thing set to 0 here.
for s in lock_order_inversion starvation_barging; do
  "$lc" check --jobs 2 --sarif "$dir/$s.sarif" --junit "$dir/$s.junit.raw" "scenarios/corpus/$s.py" \
    >/dev/null
  compare "$s.sarif" "$dir/$s.sarif"
  sed -E 's/ time="[0-9.]+"/ time="0"/g' "$dir/$s.junit.raw" >"$dir/$s.junit.xml"
  compare "$s.junit.xml" "$dir/$s.junit.xml"
done
# README's excerpts of these files (a fenced block after "<!-- excerpt of FILE -->") are FILE's
# lines, in order, with "..." standing for lines left out.
if ! /usr/bin/python3 - README.md <<'PY'
import re, sys
text = open(sys.argv[1]).read()
found = re.findall(r"<!-- excerpt of (\S+) -->\n```\w*\n(.*?)```", text, re.S)
ok = bool(found)
for path, block in found:
    lines, at = open(path).read().splitlines(), 0
    for want in block.splitlines():
        if want.strip() == "...":
            continue
        try:
            at = lines.index(want, at) + 1
        except ValueError:
            print(f"FAIL: README excerpt of {path}: line not found in order: {want!r}")
            ok = False
            break
    if ok:
        print(f"ok: README excerpt of {path}")
sys.exit(0 if ok else 1)
PY
then
  fail=1
fi
# The full form of one trace (--trace full: every step, as before folding), beside the short
# form above.
"$lc" check --jobs 2 --trace full scenarios/corpus/lock_order_inversion.py >"$dir/full.txt"
compare "lock_order_inversion.full.txt" "$dir/full.txt"
# A deadlock under --profile cpython-3.13: the waits are PyMutex parkings ("parked (the lock is
# held)") and the verdict line names the profile.
"$lc" check --jobs 2 --profile cpython-3.13 scenarios/corpus/lock_order_inversion.py \
  >"$dir/cpython313.txt"
compare "lock_order_inversion.cpython313.txt" "$dir/cpython313.txt"

if [ "$fail" = 0 ] && [ "$update" != "--update" ]; then echo "golden_test: all passed"; fi
exit "$fail"
