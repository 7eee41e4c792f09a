#!/usr/bin/env bash
# The first bug fast (checker/directed.h), through the command line (CTest: cli_first_bug):
# --stop-on-first finds the deadlock of 12 dining philosophers with the directed pass in a few
# hundred states, the same report on any --jobs, its token replays; the ordered version still
# passes; on a terminal a finding is shown as soon as it is confirmed, and the report does not
# change.
#
# Usage: tools/first_bug_test.sh LOCKCHECK_BINARY SOURCE_DIR
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 LOCKCHECK_BINARY SOURCE_DIR" >&2
  exit 2
fi
lc=$1
src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. "$src/tools/cli_test_lib.sh"

python3 - "$src/tools" "$dir" <<'PY' || exit 2
import sys
sys.path.insert(0, sys.argv[1])
import bench
open(sys.argv[2] + "/dining12.py", "w").write(bench.dining(12, False))
open(sys.argv[2] + "/ordered6.py", "w").write(bench.dining(6, True))
PY

expect 0 "dining N=12, --stop-on-first: the declared deadlock" -- \
  "$lc" check --stop-on-first --json "$dir/one.json" "$dir/dining12.py"
has out 'dining12.py: ok \(found the expected deadlock, lock-order\)' "the deadlock is found"
expect 0 "the same with --jobs 2" -- \
  "$lc" check --stop-on-first --jobs 2 --json "$dir/two.json" "$dir/dining12.py"
python3 - "$dir" <<'PY' || fail=1
import json, sys
d = sys.argv[1]
one = json.load(open(d + "/one.json"))["scenarios"][0]
two = json.load(open(d + "/two.json"))["scenarios"][0]
st = one["stats"]
assert st["search_order"] == "best-first", st
assert st["limit"] == "stop-on-first" and st["complete"] is False, st
# The exhaustive search stored 2.8M states before its first deadlock.
assert st["states"] < 2000, st["states"]
assert [b["kind"] for b in one["bugs"]] == ["deadlock", "lock-order"], one["bugs"]
assert len(one["bugs"][0]["wait_cycle"]) == 12, one["bugs"][0]["wait_cycle"]
for k in ("states", "transitions", "search_order"):
    assert one["stats"][k] == two["stats"][k], (k, one["stats"][k], two["stats"][k])
assert [(b["id"], b["replay"], b["trace"]) for b in one["bugs"]] == \
       [(b["id"], b["replay"], b["trace"]) for b in two["bugs"]], "the report depends on --jobs"
open(d + "/token", "w").write(one["bugs"][0]["replay"])
print("ok: best-first, a few hundred states, the same report on 1 and 2 workers")
PY
expect 1 "its token replays the deadlock" -- \
  "$lc" replay "$dir/dining12.py" --schedule "$(cat "$dir/token")"
has out '^deadlock: .*wait for each other' "the replay shows the deadlock"

expect 0 "ordered dining, --stop-on-first: no false deadlock, the search completes" -- \
  "$lc" check --stop-on-first --json "$dir/ordered.json" "$dir/ordered6.py"
has out 'ordered6.py: ok' "the ordered version passes"
python3 - "$dir" <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1] + "/ordered.json"))["scenarios"][0]
assert s["bugs"] == [] and s["stats"]["complete"] is True, s["stats"]
assert s["stats"]["search_order"] != "best-first", s["stats"]
print("ok: the ordered version is searched exhaustively and passes")
PY

# On a terminal (script(1) gives the run one), the finding is shown on stderr as soon as the
# directed pass confirms it, while the exhaustive search goes on; the report is the same.
if command -v script >/dev/null 2>&1; then
  # stderr stays the terminal; script(1) writes what it showed to tty.err.
  script -qec "'$lc' check --json '$dir/tty.json' '$dir/ordered6.py' '$dir/dining12.py' \
    --max-states 20000 --allow-incomplete >/dev/null" "$dir/tty.err" >/dev/null </dev/null
  has tty.err 'dining12.py: found deadlock at line 12 \(best-first\), still searching' \
    "the terminal shows the deadlock as soon as it is confirmed"
  hasnt tty.err 'ordered6.py: found' "no finding shown for the ordered version"
  expect 0 "the same run off a terminal" -- \
    "$lc" check --json "$dir/plain.json" "$dir/ordered6.py" "$dir/dining12.py" \
    --max-states 20000 --allow-incomplete
  hasnt err 'found deadlock' "off a terminal, no finding line"
  python3 - "$dir" "$src/tools" <<'PY' || fail=1
import json, sys
d = sys.argv[1]
sys.path.insert(0, sys.argv[2])
import report_figures
def strip(path):
    return report_figures.strip(json.load(open(path)))["scenarios"]
assert strip(d + "/tty.json") == strip(d + "/plain.json"), "the report depends on the terminal"
print("ok: the report is the same on a terminal and off it")
PY
fi

exit $fail
