#!/usr/bin/env bash
# The command line as a CI gate and a report producer (CTest: cli_reports): refusing outputs
# that would destroy a file, writing reports whole, '-' for standard output, missing inputs in
# every report, --quiet finding lines, --format github, "did you mean", SIGINT/SIGTERM, the
# off-terminal progress line, `merge` and `explain`.
#
# Usage: tools/cli_reports_test.sh LOCKCHECK_BINARY SOURCE_DIR
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
py=/usr/bin/python3

# check DESCRIPTION PYTHON-CODE ARGS...: the Python assertions hold.
check() {
  local what=$1 code=$2
  shift 2
  if "$py" -c "$code" "$@" >"$dir/pyout" 2>&1; then
    echo "ok: $what"
  else
    echo "FAIL: $what"
    cat "$dir/pyout"
    fail=1
  fi
}
# A search that runs until it is stopped: the counter grows without bound.
cat >"$dir/forever.py" <<'PY'
import threading

n = 0


def count():
    global n
    while True:
        n += 1


t = threading.Thread(target=count, daemon=True)
t.start()
while True:
    n -= 1
PY
printf 'x = (1,\n' >"$dir/syntax.py"
cp "$dir/clean.py" "$dir/victim.py"

# Outputs that would destroy a file are refused before anything runs, and nothing is written.
expect 2 "--json onto a .py file" -- "$lc" check --json "$dir/victim.py" "$dir/clean.py"
has err "refusing to write a report to a .py file" "says why"
if cmp -s "$dir/victim.py" "$dir/clean.py"; then echo "ok: victim.py untouched"; else
  echo "FAIL: victim.py was changed"; fail=1; fi
cp "$dir/clean.py" "$dir/report"
expect 2 "--json onto an input" -- "$lc" check --json "$dir/report" "$dir/report"
has err "that is one of the scenarios being checked" "an input is never overwritten"
expect 2 "--json into a missing folder" -- "$lc" check --json "$dir/nope/r.json" "$dir/clean.py"
has err "the folder .*nope does not exist" "names the folder"
expect 2 "--json onto a folder" -- "$lc" check --json "$dir" "$dir/clean.py"
has err "is a folder" "a folder is not a report file"
if ls "$dir"/.lockcheck-write-test-* "$dir"/*.tmp-* >/dev/null 2>&1; then
  echo "FAIL: temporary files left behind"; ls -la "$dir"; fail=1
else echo "ok: no temporary files left"; fi

# '-' writes the report to standard output; the text report then goes to stderr.
expect 1 "--json -" -- "$lc" check --json - "$dir/deadlock.py"
check "stdout is the JSON report" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "lockcheck-report/1" and r["scenarios"][0]["status"] == "fail", r
' "$dir/out"
has err "deadlock.py: FAIL" "the text report is on stderr"
expect 2 "two reports on stdout" -- "$lc" check --json - --junit - "$dir/clean.py"

# A report file is replaced whole (written beside it, then renamed).
echo "old" >"$dir/r.json"
expect 0 "report over an old one" -- "$lc" check --json "$dir/r.json" "$dir/clean.py"
check "the old report is replaced" 'import json, sys; json.load(open(sys.argv[1]))' "$dir/r.json"

# Inputs that cannot be checked are input errors of their own, in the summary and every report.
expect 2 "missing input beside a good one" -- "$lc" check --json "$dir/m.json" "$dir/nosuch.py" "$dir/clean.py"
has out "nosuch.py: ERROR \(1 input error\)" "the missing input has its summary line"
has out "^2 scenarios: 1 ok, 0 failed, 1 error, 0 incomplete" "and counts as an error"
check "the JSON report lists the missing input" '
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]
assert [x["status"] for x in s] == ["error", "pass"], s
assert s[0]["file"].endswith("nosuch.py") and "no such file" in s[0]["errors"][0]["message"], s
' "$dir/m.json"
mkfifo "$dir/fifo.py"
expect 2 "a FIFO is never opened" -- timeout 20 "$lc" check "$dir/fifo.py"
has out "fifo.py: error: not a regular file" "a FIFO is refused, not read"

# --quiet keeps one line per finding and per input error, with file:line:col.
expect 2 "quiet" -- "$lc" check -q "$dir/deadlock.py" "$dir/syntax.py" "$dir/clean.py"
has out "deadlock.py:[0-9]+:[0-9]+: deadlock: " "quiet keeps the deadlock's line"
has out "syntax.py:1:5: error: " "quiet keeps the input error's line"
has out "clean.py: ok" "and the ok line"
hasnt out "trace" "but no trace"

# --format github adds workflow annotations.
expect 2 "github annotations" -- "$lc" check --format github "$dir/deadlock.py" "$dir/syntax.py"
has out "^::error file=[^,]*deadlock.py,line=[0-9]+,col=[0-9]+,title=lockcheck deadlock::" "deadlock annotation"
has out "^::error file=[^,]*syntax.py,line=1,col=5,title=lockcheck input error::" "input error annotation"
expect 2 "bad --format" -- "$lc" check --format xml "$dir/clean.py"

# "did you mean" for a mistyped subcommand or flag.
expect 2 "mistyped subcommand" -- "$lc" chekc "$dir/clean.py"
has err "did you mean \`lockcheck check\`" "suggests check"
expect 2 "mistyped flag" -- "$lc" check --josn r.json "$dir/clean.py"
has err "did you mean --json" "suggests --json"
expect 2 "flag far from any" -- "$lc" check --frobnicate "$dir/clean.py"
hasnt err "did you mean" "no suggestion for a flag like no other"

# SIGINT stops the search; the reports are written with what was found, marked interrupted, the
# scenarios after it are reported as not checked, and the exit status is 130. The search runs
# past 10 s first, so the off-terminal progress line shows.
"$lc" check --json "$dir/int.json" --junit "" "$dir/deadlock.py" "$dir/forever.py" "$dir/clean.py" \
  >"$dir/out" 2>"$dir/err" </dev/null &
pid=$!
for _ in $(seq 1 150); do
  sleep 0.1
  grep -q "still searching" "$dir/err" && break
done
kill -INT "$pid"
wait "$pid"
status=$?
if [ "$status" = 130 ]; then echo "ok: SIGINT exits 130"; else
  echo "FAIL: SIGINT exit $status, wanted 130"; cat "$dir/out" "$dir/err"; fail=1; fi
has err "forever.py: still searching: [0-9,]+ states" "off a terminal, a progress line after 10 s"
has err "forever.py: still searching: [0-9,]+ states.*, of (at least )?~[0-9.,e+]+ estimated" \
  "the progress line shows the probes' estimate"
has err "interrupted \(SIGINT\)" "says it was interrupted"
has out "forever.py: INCOMPLETE \(interrupted" "the interrupted scenario is incomplete"
has out "clean.py: INCOMPLETE \(interrupted" "the one after it was not checked"
check "the interrupted run's JSON report" '
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]
assert [x["status"] for x in s] == ["fail", "incomplete", "incomplete"], s
assert s[1]["stats"]["limit"] == "interrupted" and s[1]["stats"]["states"] > 0, s[1]["stats"]
assert s[2]["stats"]["limit"] == "interrupted" and s[2]["stats"]["states"] == 0, s[2]["stats"]
' "$dir/int.json"
expect 0 "it validates" -- "$py" reports/schema_test.py reports/schema/lockcheck-report-1.schema.json "$dir/int.json"
"$lc" check "$dir/forever.py" >"$dir/out" 2>"$dir/err" </dev/null &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
status=$?
if [ "$status" = 143 ]; then echo "ok: SIGTERM exits 143"; else
  echo "FAIL: SIGTERM exit $status, wanted 143"; fail=1; fi

# One step of 30 million instructions (its budget raised for it): SIGTERM and --time-limit stop
# it within the step, not after it (the search asks every 65,536 instructions).
cat >"$dir/longstep.py" <<'PY'
# lockcheck: step-budget=1000000000
import threading
x = 0
def work():
    global x
    total = 0
    for i in range(1000):
        for j in range(10000):
            total += j
    x = total
t = threading.Thread(target=work)
t.start()
x = 1
t.join()
PY
"$lc" check "$dir/longstep.py" >"$dir/out" 2>"$dir/err" </dev/null &
pid=$!
sleep 0.5
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
status=$?
waited=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$status" = 143 ] && [ "$waited" -lt 2000 ]; then echo "ok: SIGTERM ends a long step (${waited} ms)"
else echo "FAIL: SIGTERM in a long step: exit $status after ${waited} ms"; fail=1; fi
has out "longstep.py: INCOMPLETE \(interrupted" "the long step's scenario is incomplete"
expect 3 "a time limit inside a long step" -- "$lc" check --time-limit 0.3 "$dir/longstep.py"
has out "longstep.py: INCOMPLETE \(stopped by time-limit" "stopped by its time limit"

# On a terminal (a pty from util-linux's `script`), the progress line is redrawn in place with
# the search's figures.
if command -v script >/dev/null 2>&1; then
  script -qefc "timeout -s INT 2 $lc check $dir/forever.py" "$dir/typescript" >/dev/null 2>&1 </dev/null
  tr '\r' '\n' <"$dir/typescript" >"$dir/tty"
  has tty "^.\[K\[1/1\] .*forever.py: [0-9,]+ states \([0-9,]+/s\), depth [0-9,]+, [0-9]+ MiB, [0-9]+ s(, of (at least )?~[0-9.,e+]+ estimated(; [a-z-]+ (at ~[0-9.e+]+ [a-z]+|ahead))?)?$" \
    "on a terminal, a live progress line"
  has tty "forever.py: INCOMPLETE \(interrupted" "and the interrupted verdict after it"
else
  echo "skipped: the terminal progress line (no \`script\` command to make a pty)"
fi

# merge: two shards of the corpus merge into the report one run gives; explain prints a bug.
files=$(find scenarios/corpus -maxdepth 1 -name '*.py' | sort | head -20)
first=$(echo "$files" | head -10)
second=$(echo "$files" | tail -10)
"$lc" check --jobs 2 --json "$dir/all.json" $files >"$dir/all.txt" 2>/dev/null
"$lc" check --jobs 2 --json "$dir/s1.json" $first >/dev/null 2>&1
"$lc" check --jobs 1 --json "$dir/s2.json" $second >/dev/null 2>&1
expect 0 "merge of two shards" -- "$lc" merge --json "$dir/merged.json" "$dir/s1.json" "$dir/s2.json"
if diff <(strip_run_figures "$dir/all.json" --with-options) \
  <(strip_run_figures "$dir/merged.json" --with-options) >"$dir/diff"; then
  echo "ok: the merged report is the one-run report"
else echo "FAIL: merged report differs:"; head -40 "$dir/diff"; fail=1; fi
expect 2 "merge of overlapping shards" -- "$lc" merge "$dir/s1.json" "$dir/all.json"
has err "is in more than one report" "says which scenario"
echo '{"schema": "lockcheck-report/9"}' >"$dir/future.json"
expect 2 "merge of another schema" -- "$lc" merge "$dir/s1.json" "$dir/future.json"
has err "lockcheck-report/9" "names the schema"
"$lc" check --json "$dir/d.json" "$dir/deadlock.py" >"$dir/d.txt"
id=$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenarios"][0]["bugs"][0]["id"])' "$dir/d.json")
expect 0 "explain lists the bugs" -- "$lc" explain "$dir/d.json"
has out "^$id  .*deadlock.py:[0-9]+  deadlock: " "one line per bug with its id"
expect 0 "explain one bug" -- "$lc" explain "$dir/d.json" --bug "${id:0:6}"
sed -n '/^deadlock:/,/^  replay:/p' "$dir/d.txt" >"$dir/d.bug"
sed -n '/^deadlock:/,/^  replay:/p' "$dir/out" >"$dir/e.bug"
if cmp -s "$dir/d.bug" "$dir/e.bug" && [ -s "$dir/d.bug" ]; then echo "ok: explain shows the bug as check did"
else echo "FAIL: explain differs from check:"; diff "$dir/d.bug" "$dir/e.bug"; fail=1; fi
expect 2 "explain an unknown id" -- "$lc" explain "$dir/d.json" --bug ffffffff
has err "no bug with id ffffffff" "says so"

# Swarm verification: four diversified members of a dining table whose deadlock the plain
# (thread-number order) search misses within its bound, merged into the swarm's report.
cat >"$dir/dining8.py" <<'PY'
# lockcheck: expect=deadlock
import threading

N = 8
forks = [threading.Lock() for _ in range(N)]


def phil(i):
    with forks[i]:
        with forks[(i + 1) % N]:
            pass


threads = [threading.Thread(target=phil, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
PY
for i in 1 2 3 4; do
  "$lc" check --swarm "$i/4" --max-states 5000 --json "$dir/m$i.json" "$dir/dining8.py" \
    >"$dir/m$i.txt" 2>&1 </dev/null
done
has m1.txt "INCOMPLETE \(stopped by max-states; found lock-order" "member 1 (thread-number order) misses the deadlock"
has m1.txt "covered: swarm member 1 of 4: depth-first, thread-number order, up to 5,000 states" \
  "and says what it searched"
has m2.txt "ok \(found the expected deadlock" "member 2 (round-robin order) finds it"
has m3.txt "covered: swarm member 3 of 4: 1000 PCT executions" "member 3 runs PCT"
has m4.txt "covered: swarm member 4 of 4: 1000 random executions" "member 4 random walks"
"$lc" check --swarm 2/4 --max-states 5000 --json "$dir/m2again.json" "$dir/dining8.py" >/dev/null 2>&1
if diff <(strip_run_figures "$dir/m2.json" --with-options) \
  <(strip_run_figures "$dir/m2again.json" --with-options) >"$dir/diff"; then
  echo "ok: a member's report is the same on every run"
else echo "FAIL: member 2's reports differ:"; head -20 "$dir/diff"; fail=1; fi
expect 0 "merge of the swarm's members" -- "$lc" merge --json "$dir/swarm.json" \
  "$dir/m3.json" "$dir/m1.json" "$dir/m4.json" "$dir/m2.json"
has out "dining8.py: ok \(found the expected deadlock, lock-order\)" "the swarm finds the deadlock"
has out "swarm search, not exhaustive" "and says it was not exhaustive"
has out "covered: swarm of 4, members 1, 2, 3, 4 merged \(the figures above add theirs up\); no member finished its search, so a swarm verdict without bugs proves nothing" \
  "and what a swarm proves"
if /usr/bin/python3 reports/schema_test.py reports/schema/lockcheck-report-1.schema.json \
  "$dir/swarm.json" "$dir/m1.json" >"$dir/pyout" 2>&1; then echo "ok: the swarm's reports fit the schema"
else echo "FAIL: swarm reports against the schema:"; cat "$dir/pyout"; fail=1; fi
check "the merged report names the members and keeps each bug's shortest trace" '
import json, sys
merged = json.load(open(sys.argv[1]))["scenarios"][0]
members = [json.load(open(p))["scenarios"][0] for p in sys.argv[2:]]
assert merged["stats"]["swarm"] == {"members": 4, "merged": [1, 2, 3, 4]}, merged["stats"]
assert "swarm" not in json.load(open(sys.argv[1]))["options"]
ids = {}
for m in members:
    for b in m["bugs"]:
        n = len(b["trace"]["steps"])
        ids[b["id"]] = min(ids.get(b["id"], n), n)
got = {b["id"]: len(b["trace"]["steps"]) for b in merged["bugs"]}
assert got == ids, (got, ids)
assert [b["kind"] for b in merged["bugs"]] == ["deadlock", "lock-order"]
' "$dir/swarm.json" "$dir/m1.json" "$dir/m2.json" "$dir/m3.json" "$dir/m4.json"
token=$("$py" -c 'import json,sys; print([b for b in json.load(open(sys.argv[1]))["scenarios"][0]["bugs"] if b["kind"] == "deadlock"][0]["replay"])' "$dir/swarm.json")
expect 1 "the merged deadlock's token replays" -- "$lc" replay "$dir/dining8.py" --schedule "$token"
has out "^deadlock: " "to the deadlock"
# Launched by GNU parallel, as the README shows: the same members, the same merged report.
if command -v parallel >/dev/null 2>&1; then
  parallel --will-cite "$lc" check --swarm {}/4 --max-states 5000 --json "$dir/p{}.json" \
    "$dir/dining8.py" ::: 1 2 3 4 >/dev/null 2>&1 </dev/null
  "$lc" merge --json "$dir/pswarm.json" "$dir"/p[1-4].json >/dev/null 2>&1
  if diff <(strip_run_figures "$dir/swarm.json" --with-options) \
    <(strip_run_figures "$dir/pswarm.json" --with-options) >"$dir/diff"; then
    echo "ok: members launched by GNU parallel merge into the same report"
  else echo "FAIL: the swarm run by GNU parallel differs:"; head -20 "$dir/diff"; fail=1; fi
else
  echo "skipped: a swarm launched by GNU parallel (parallel is not installed; tools/setup.sh installs it)"
fi
# A scenario with an input error is every member's, and the merged report's.
for i in 1 2; do
  "$lc" check --swarm "$i/2" --max-states 2000 --json "$dir/e$i.json" "$dir/syntax.py" \
    "$dir/dining8.py" >/dev/null 2>&1 </dev/null
done
expect 2 "merge of members with an input error" -- "$lc" merge --json "$dir/e.json" "$dir/e2.json" "$dir/e1.json"
has out "syntax.py:1:[0-9]+: error: " "the error is shown"
if /usr/bin/python3 reports/schema_test.py reports/schema/lockcheck-report-1.schema.json \
  "$dir/e.json" >"$dir/pyout" 2>&1; then echo "ok: and the merged report fits the schema"
else echo "FAIL: the merged report with an error against the schema:"; cat "$dir/pyout"; fail=1; fi
expect 2 "merge of one member twice" -- "$lc" merge "$dir/m1.json" "$dir/m2.json" "$dir/m2again.json"
has err "are both member 2 of the swarm: not merged" "says which member"
"$lc" check --swarm 1/3 --max-states 5000 --json "$dir/other.json" "$dir/dining8.py" >/dev/null 2>&1
expect 2 "merge of two swarms" -- "$lc" merge "$dir/m1.json" "$dir/other.json"
has err "is a member of a swarm of 3, .* of one of 4: not merged" "names both sizes"
"$lc" check --swarm 3/4 --max-states 6000 --json "$dir/bound.json" "$dir/dining8.py" >/dev/null 2>&1
expect 2 "merge of members run with other options" -- "$lc" merge "$dir/m1.json" "$dir/bound.json"
has err "was checked with other options" "says so"
expect 2 "merge of a member and a plain report" -- "$lc" merge "$dir/m1.json" "$dir/d.json"
has err "some of the reports are a swarm's members" "says so"
expect 2 "--swarm out of range" -- "$lc" check --swarm 5/4 "$dir/dining8.py"
has err "the member is 1 to 4, not 5" "says why"
expect 2 "--swarm with the bounded strategy" -- "$lc" check --swarm 2/4 --strategy bounded "$dir/dining8.py"
has out "every member would search the same schedules" "says why"

# A scenario's file name is untrusted text: a control character in it never reaches the terminal.
esc=$(printf '\033')
cp "$dir/deadlock.py" "$dir/red${esc}[31m.py"
"$lc" check "$dir/red${esc}[31m.py" >"$dir/out" 2>&1 </dev/null
"$lc" check -q "$dir/red${esc}[31m.py" >>"$dir/out" 2>&1 </dev/null
if grep -q "$esc" "$dir/out"; then echo "FAIL: an ESC in a file name reached the output"; fail=1
else echo "ok: a file name's control characters are shown escaped"; fi
has out 'red\\x1b\[31m.py: FAIL' "as \\x1b"
rm -f "$dir/red${esc}[31m.py"

# Replaying a lock-order warning's token shows the state it leads to and the warning itself.
"$lc" check scenarios/corpus/lock_order_latent.py >"$dir/lo.txt"
lotoken=$(sed -n '/^lock-order (warning)/,/replay:/p' "$dir/lo.txt" | grep -Eo "lc2:[^ ']+" | head -1)
expect 1 "replay of a lock-order token" -- "$lc" replay scenarios/corpus/lock_order_latent.py --schedule "$lotoken"
has out "^lock-order \(warning\): " "the warning is shown"
has out "^  lock order cycle:" "with its cycle"
has out "^  final state:" "and the state the token leads to"

if [ "$fail" = 0 ]; then echo "cli_reports_test: all passed"; fi
exit "$fail"
