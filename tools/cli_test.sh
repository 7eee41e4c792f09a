#!/usr/bin/env bash
# The command line's exit codes and outputs, on scenarios written here (CTest: cli_exit_codes).
#
# Usage: tools/cli_test.sh LOCKCHECK_BINARY SOURCE_DIR
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 LOCKCHECK_BINARY SOURCE_DIR" >&2
  exit 2
fi
lc=$1
cd "$2" || exit 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. "$(dirname "$0")/cli_test_lib.sh"
{ echo "# lockcheck: expect=deadlock"; cat "$dir/deadlock.py"; } >"$dir/expected.py"
{ echo "# lockcheck: max-states=3"; cat "$dir/clean.py"; } >"$dir/bounded.py"
printf 'x = (1,\n' >"$dir/syntax.py"
mkdir -p "$dir/empty" "$dir/tree/b" "$dir/tree/a"
cp "$dir/clean.py" "$dir/tree/b/z.py"
cp "$dir/clean.py" "$dir/tree/a/y.py"
cp "$dir/clean.py" "$dir/tree/x.py"
echo "not a scenario" >"$dir/tree/notes.txt"

# The four verdicts, and a missing path.
expect 0 "clean scenario" -- "$lc" check "$dir/clean.py"
has out "clean.py: ok" "clean scenario reported ok"
has out "^1 scenario: 1 ok" "summary line"
expect 1 "undeclared deadlock" -- "$lc" check "$dir/deadlock.py"
has out "^deadlock:" "the deadlock is shown"
expect 2 "syntax error" -- "$lc" check "$dir/syntax.py"
has out "syntax.py:1:5: error" "diagnostic with file:line:col"
expect 0 "declared deadlock" -- "$lc" check "$dir/expected.py"
expect 2 "missing path" -- "$lc" check "$dir/nope.py"
has out "nope.py: error: no such file or folder" "missing path reported as its input error"
has out "^1 scenario: 0 ok, 0 failed, 1 error, 0 incomplete" "a missing path counts as an error"

# Every scenario is checked; the most urgent status wins (2 beats 1 beats 3).
expect 2 "syntax error beside a good file" -- "$lc" check "$dir/syntax.py" "$dir/clean.py"
has out "clean.py: ok" "the good file beside a syntax error is checked"
expect 2 "missing path beside a good file" -- "$lc" check "$dir/nope.py" "$dir/clean.py"
has out "clean.py: ok" "the good file beside a missing path is checked"
expect 2 "input error beats a bug" -- "$lc" check "$dir/deadlock.py" "$dir/syntax.py"
expect 3 "bound with nothing found" -- "$lc" check --max-states 3 "$dir/clean.py"
expect 0 "bound allowed" -- "$lc" check --max-states 3 --allow-incomplete "$dir/clean.py"
expect 3 "bound from a pragma" -- "$lc" check "$dir/bounded.py"
expect 0 "a flag overrides the pragma" -- "$lc" check --max-states 0 "$dir/bounded.py"
expect 1 "a bug beats an incomplete search" -- "$lc" check "$dir/bounded.py" "$dir/deadlock.py"
expect 2 "an input error beats an incomplete search" -- "$lc" check "$dir/bounded.py" "$dir/syntax.py"

# A search the clock cuts is incomplete whatever it found, on every run (a nanosecond cuts it
# at the limit's first check, after 1,024 steps); a limit it does not hit changes nothing.
cat >"$dir/philosophers.py" <<'PY'
# lockcheck: expect=deadlock,lock-order
import threading

forks = [threading.Lock() for i in range(6)]


def philosopher(i):
    with forks[i]:
        with forks[(i + 1) % 6]:
            pass


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
PY
for run in 1 2 3; do
  expect 3 "a time-cut search is incomplete, run $run" -- "$lc" check --time-limit 1e-9 "$dir/philosophers.py"
  has out "philosophers.py: INCOMPLETE \(stopped by time-limit; (no bug found in|found .* before it, in) " \
    "a time-cut search says what it found before the limit, run $run"
done
expect 0 "a time limit not hit keeps the verdict" -- "$lc" check --time-limit 1000 "$dir/philosophers.py"
has out "philosophers.py: ok \(found the expected deadlock, lock-order\)" "the complete verdict, with a limit not hit"
"$lc" check --time-limit 1e-9 --json "$dir/cut.json" "$dir/philosophers.py" >/dev/null
expect 0 "a time-cut report, with what it found, fits the report schema" -- \
  /usr/bin/python3 reports/schema_test.py reports/schema/lockcheck-report-1.schema.json "$dir/cut.json"

# Folders: searched recursively for *.py, in path order; a folder without one is a usage error.
expect 0 "folder" -- "$lc" check --quiet "$dir/tree"
order=$(sed -n "s|^$dir/tree/\(.*\): ok .*|\1|p" "$dir/out" | tr '\n' ' ')
if [ "$order" = "a/y.py b/z.py x.py " ]; then
  echo "ok: folder order"
else
  echo "FAIL: folder order:"; cat "$dir/out"; fail=1
fi
expect 2 "folder without *.py" -- "$lc" check "$dir/empty"
has out "empty: error: no \*\.py file in this folder" "empty folder reported as its input error"

# Usage errors.
expect 2 "no subcommand" -- "$lc"
has out "^Usage: lockcheck" "help without a subcommand"
expect 2 "bad flag" -- "$lc" check --frobnicate "$dir/clean.py"
expect 2 "bad bound value" -- "$lc" check --max-states lots "$dir/clean.py"
expect 2 "bad fairness" -- "$lc" check --fairness mild "$dir/clean.py"
expect 2 "bad profile" -- "$lc" check --profile cpython-3.12 "$dir/clean.py"
has err "option profile is language or cpython-3.13, not 'cpython-3.12'" "bad profile named"
expect 2 "bad profile on replay" -- "$lc" replay "$dir/clean.py" --schedule lc2:a-00000 --profile x
# --profile cpython-3.13: the verdict line names it, the replay command repeats it, and the
# token replays under it (and does not fit the language profile's schedule).
expect 1 "deadlock under cpython-3.13" -- "$lc" check --profile cpython-3.13 --json "$dir/p313.json" "$dir/deadlock.py"
has out "deadlock.py: FAIL .*, profile cpython-3.13$" "verdict line names the profile"
if [ "$(grep -c '"profile": "cpython-3.13"' "$dir/p313.json")" = 2 ]; then
  echo "ok: JSON options and scenario name the profile"
else
  echo "FAIL: JSON options and scenario name the profile"; fail=1
fi
token=$(grep -o -E "lc2:[a-z0-9]+-[0-9a-z]{5} --profile cpython-3.13" "$dir/out" | head -1 | cut -d' ' -f1)
has out "replay: lockcheck replay .* --schedule lc2:[a-z0-9]+-[0-9a-z]{5} --profile cpython-3.13" "replay line repeats the profile"
expect 1 "replay under the profile" -- "$lc" replay "$dir/deadlock.py" --schedule "$token" --profile cpython-3.13
has out "parked \(the lock is held\)" "replayed trace shows the parking"
expect 0 "run under the profile" -- "$lc" run --profile cpython-3.13 "$dir/clean.py"
# --sarif and --junit write their reports and leave the status alone; a report that cannot be
# written, or a --source-root that is not a folder, is a usage error before any search.
expect 1 "--sarif and --junit" -- "$lc" check --sarif "$dir/r.sarif" --junit "$dir/r.xml" "$dir/deadlock.py"
has r.sarif '"ruleId": "deadlock"' "--sarif wrote the deadlock"
has r.sarif '"exitCode": 1' "--sarif records the exit status"
has r.xml '<failure type="deadlock"' "--junit wrote the failure"
expect 2 "--sarif into a missing folder" -- "$lc" check --sarif "$dir/no/such/r.sarif" "$dir/clean.py"
has err "--sarif $dir/no/such/r.sarif: the folder .*does not exist" "--sarif names the file and the folder"
expect 2 "--junit into a missing folder" -- "$lc" check --junit "$dir/no/such/r.xml" "$dir/clean.py"
expect 2 "--source-root not a folder" -- "$lc" check --sarif "$dir/r.sarif" --source-root "$dir/nope" "$dir/clean.py"
has err "source-root" "--source-root named"
expect 0 "help" -- "$lc" check --help
has out "2 beats 1 beats 3" "help states the precedence"
expect 0 "version" -- "$lc" --version
has out "^lockcheck [0-9]+\.[0-9]+\.[0-9]+$" "--version output"

# Off a terminal there is no progress display.
expect 0 "no progress off a terminal" -- "$lc" check "$dir/clean.py" "$dir/expected.py"
if [ -s "$dir/err" ]; then echo "FAIL: stderr not empty:"; cat "$dir/err"; fail=1; fi

# replay reproduces the reported bug; a token that does not fit is an input error.
"$lc" check "$dir/deadlock.py" >"$dir/report.txt"
token=$(grep -Eo "lc2:[^ ']+" "$dir/report.txt" | head -1)
expect 1 "replay of the deadlock" -- "$lc" replay "$dir/deadlock.py" --schedule "$token"
has out "^deadlock:" "replay shows the deadlock"
has out "^   1-[0-9]+  MainThread +\(set-up\)" "replay folds the set-up by default"
expect 1 "replay --trace full" -- "$lc" replay "$dir/deadlock.py" --schedule "$token" --trace full
has out "^     1  MainThread +<module> +line 1 +thread starts$" "replay --trace full lists every step"
expect 1 "check --trace full" -- "$lc" check --trace full "$dir/deadlock.py"
has out "^\*    [0-9]+  Thread-[12] \(one|two\) +[ab]\.acquire\(\)" "the decisive acquires are marked"
has out "^  decisive steps \(\*\): " "the decisive steps are explained"
expect 2 "--trace with a bad value" -- "$lc" check --trace long "$dir/deadlock.py"
expect 2 "replay with a token that does not fit" -- "$lc" replay "$dir/clean.py" --schedule "$token"
has out "does not fit" "a token of another scenario does not fit"
# A token cut short, or with one character changed, fails its checksum: an input error, never
# a replay of a different (shorter) schedule.
expect 2 "replay of a token cut short" -- "$lc" replay "$dir/deadlock.py" --schedule "${token%?}"
has out "checksum does not match" "a cut token is refused by its checksum"
expect 2 "replay of an old lc1 token" -- "$lc" replay "$dir/deadlock.py" --schedule "lc1:aabb"
has out "older lockcheck" "an lc1 token is refused with a reason"
expect 2 "replay with a malformed token" -- "$lc" replay "$dir/clean.py" --schedule "nonsense"
expect 2 "replay without --schedule" -- "$lc" replay "$dir/clean.py"

# run and disasm.
expect 0 "run" -- "$lc" run "$dir/clean.py" --seed 3
has out "finished without a bug" "run says how it ended"
expect 2 "run of a syntax error" -- "$lc" run "$dir/syntax.py"
expect 0 "disasm" -- "$lc" disasm "$dir/clean.py"
has out "WITH_ENTER" "disasm listing"
expect 2 "disasm of a syntax error" -- "$lc" disasm "$dir/syntax.py"
has err "syntax.py:1:5: error" "disasm diagnostic on stderr"

# JSON reports validate against the schema and record the flags in force.
expect 2 "JSON report of a mixed run" -- "$lc" check --json "$dir/r.json" --max-states 100000 \
  "$dir/clean.py" "$dir/deadlock.py" "$dir/syntax.py"
expect 0 "JSON report validates" -- /usr/bin/python3 reports/schema_test.py \
  reports/schema/lockcheck-report-1.schema.json "$dir/r.json"
expect 0 "JSON report options" -- /usr/bin/python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["options"]
assert o["max_states"] == 100000 and o["max_depth"] is None and o["jobs"] >= 1, o
assert o["stop_on_first"] is False and o["seed"] == 1, o
' "$dir/r.json"
expect 2 "JSON file that cannot be written" -- "$lc" check --json "$dir/nope/r.json" "$dir/clean.py"

# Determinism: two runs give the same report apart from timing.
"$lc" check --json "$dir/a.json" "$dir/deadlock.py" >/dev/null
"$lc" check --json "$dir/b.json" "$dir/deadlock.py" >/dev/null
if diff <(strip_run_figures "$dir/a.json") <(strip_run_figures "$dir/b.json") >/dev/null; then
  echo "ok: deterministic report"
else
  echo "FAIL: two runs differ"
  fail=1
fi

# --html DIR: the folder is made (parents too), a page per scenario with findings, named from
# its whole path, and an index of all; same run, same bytes; a regular file is refused before
# the search, and left alone.
mkdir -p "$dir/x" "$dir/y"
cp "$dir/deadlock.py" "$dir/x/same.py"
cp "$dir/deadlock.py" "$dir/y/same.py"
expect 1 "--html pages" -- "$lc" check --html "$dir/html/deep" "$dir/x/same.py" "$dir/y/same.py" "$dir/clean.py"
pages=$(ls "$dir/html/deep" | grep -c 'same\.py\.html$')
if [ "$pages" = 2 ] && [ -f "$dir/html/deep/index.html" ] && ! ls "$dir/html/deep" | grep -q 'clean'; then
  echo "ok: --html writes one page per scenario with findings, and the index"
else
  echo "FAIL: --html pages:"; ls "$dir/html/deep"; fail=1
fi
if [ "$(grep -c '<tr><td class="file">' "$dir/html/deep/index.html")" = 3 ]; then
  echo "ok: the index lists every scenario"
else
  echo "FAIL: the index does not list the three scenarios"; fail=1
fi
cp -r "$dir/html/deep" "$dir/html/first"
"$lc" check --html "$dir/html/deep" "$dir/x/same.py" "$dir/y/same.py" "$dir/clean.py" >/dev/null
if diff -r "$dir/html/first" "$dir/html/deep" >/dev/null; then
  echo "ok: --html pages are deterministic"
else
  echo "FAIL: two --html runs differ"; fail=1
fi
echo keep >"$dir/plain"
expect 2 "--html on a regular file" -- "$lc" check --html "$dir/plain" "$dir/deadlock.py"
has err "exists and is not a folder" "--html says why"
if [ "$(cat "$dir/plain")" = keep ] && [ ! -s "$dir/out" ]; then
  echo "ok: the file is left alone and nothing is checked"
else
  echo "FAIL: --html touched the file or ran the search"; fail=1
fi

if [ "$fail" = 0 ]; then echo "cli_test: all passed"; fi
exit "$fail"
