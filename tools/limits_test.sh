#!/usr/bin/env bash
# Every limit of issue 18 through the command line (CTest: cli_limits): each input class gives
# its diagnostic at file:line:col with exit 2 (or, for a bound that stops a search, exit 3 and
# "incomplete" with the limit), in bounded time and memory. Every command runs under
# `timeout` and a virtual-memory cap, so a hang or a runaway allocation fails the test instead
# of the machine.
#
# Usage: tools/limits_test.sh LOCKCHECK_BINARY
set -u
if [ $# -ne 1 ]; then
  echo "usage: $0 LOCKCHECK_BINARY" >&2
  exit 2
fi
lc=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 2
fail=0
ulimit -v 4000000  # 4 GB of address space: far above what any case here needs

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND within 60 s (stdout in out, stderr in err).
expect() {
  local want=$1 what=$2
  shift 3
  timeout -s KILL 60 "$@" >out 2>err
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, wanted $want"
    head -20 out err
    fail=1
  else
    echo "ok: $what"
  fi
}

# has FILE PATTERN DESCRIPTION: FILE (out or err) has a line matching the extended regex.
has() {
  if grep -Eq -- "$2" "$1"; then
    echo "ok: $3"
  else
    echo "FAIL: $3: no line matching '$2' in $1:"
    head -20 "$1"
    fail=1
  fi
}

# ---- threads: at most 64 (the main one included), whatever the program does -------------
cat >sequential70.py <<'PY'
import threading
def nothing():
    pass
for i in range(70):
    t = threading.Thread(target=nothing)
    t.start()
    t.join()
PY
for cmd in check run; do
  expect 2 "$cmd: the 64th started thread is refused" -- "$lc" "$cmd" sequential70.py
  has out 'sequential70.py:6:5: error: too many threads: a scenario may start at most 63 threads besides the main thread' \
    "$cmd: the refusal says the limit, at the start()"
done
cat >ten_thousand.py <<'PY'
import threading
def nothing():
    pass
ts = [threading.Thread(target=nothing) for i in range(10000)]
for t in ts:
    t.start()
PY
expect 2 "10,000 threads end in an input error" -- "$lc" check ten_thousand.py
has out 'ten_thousand.py:6:5: error: too many threads' "10,000 threads: the limit, at its line"
cat >spawner.py <<'PY'
import threading
def spawn():
    while True:
        threading.Thread(target=spawn).start()
spawn()
PY
expect 2 "a thread spawning threads in a loop ends" -- "$lc" check spawner.py
has out 'spawner.py:4:9: error: too many threads' "spawning loop: the limit, at its line"

# ---- recursion, integers, sizes, heap ------------------------------------------------------
printf 'def f(n):\n    return f(n + 1)\nf(0)\n' >recursion.py
expect 2 "unbounded recursion is an input error" -- "$lc" check recursion.py
has out 'recursion.py:2:12: error: recursion too deep: more than 200 nested calls' "recursion: the checker's limit"
(printf '# lockcheck: max-call-depth=1000\n'; cat recursion.py) >recursion_cpython.py
expect 1 "at CPython's recursion limit, RecursionError as CPython raises it (a finding)" -- \
  "$lc" check recursion_cpython.py
has out 'exception: RecursionError: maximum recursion depth exceeded' "RecursionError: CPython's message"
expect 2 "max-call-depth beyond CPython's recursion limit is refused" -- "$lc" check --max-call-depth 5000 recursion.py
has err 'max-call-depth takes a whole number from 1 to 1000' "max-call-depth: its range"
printf 'x = 2 ** 70\n' >bigint.py
expect 2 "a 64-bit overflow is an input error" -- "$lc" check bigint.py
has out 'bigint.py:1:5: error: integer overflow' "overflow: at its line"
printf 'x = int(1e300)\n' >bigfloat.py
expect 2 "int(1e300) is an overflow, not 0" -- "$lc" run bigfloat.py
has out 'bigfloat.py:1:5: error: integer overflow' "int(1e300): at its line"
printf 'x = int("1" * 4301)\n' >digits.py
expect 1 "over 4,300 digits raises CPython's ValueError (a finding)" -- "$lc" check digits.py
has out 'Exceeds the limit \(4300 digits\) for integer string conversion: value has 4301 digits' "the 4,300-digit message as CPython words it"
printf 'x = "a" * 1000000\n' >bigstr.py
expect 2 "a string past the size limit" -- "$lc" check bigstr.py
has out 'bigstr.py:1:5: error: object too large' "string size: at its line"
printf 'x = [0] * 1000000\n' >biglist.py
expect 2 "a list past the size limit" -- "$lc" check biglist.py
has out 'biglist.py:1:5: error: object too large: a list of 100001 items' "list size: at its line"
# (A dict is bounded by the same limit, but filling 100,000 keys takes minutes: dict lookups are
# linear in the VM, so it is not run here.)
printf 'x = []\nwhile True:\n    x.append([0] * 50000)\n' >heap.py
expect 2 "the heap of one state is bounded" -- "$lc" check heap.py
has out 'heap.py:3:5: error: state too large' "heap: at its line"
printf 'for i in range(300):\n    y = [0] * 50000\nprint("done")\n' >garbage.py
expect 0 "garbage made within one step is collected, not counted" -- "$lc" run garbage.py

# ---- the source: size and nesting ---------------------------------------------------------
python3 -c 'print("x = 1 + 2\n" * 110000, end="")' >huge.py
# Just under the limit, a scenario is read, compiled and checked within the 60 s every case has
# (quadratic work in the lexer, the parser or the compiler would not be).
python3 -c 'print("x = 1 + 2\n" * 104000, end="")' >large.py
expect 0 "a source file just under 1 MiB is checked" -- "$lc" check large.py
expect 2 "a source file over 1 MiB" -- "$lc" check huge.py
has out 'huge.py:1:1: error: file too large \(1100000 bytes; the limit is 1048576\)' "source size: the size and the limit"
python3 -c 'print("x = " + "(" * 300 + "1" + ")" * 300)' >parens.py
expect 2 "brackets nested too deep" -- "$lc" check parens.py
has out 'parens.py:1:[0-9]+: error: too many nested parentheses' "brackets: CPython's message"
python3 -c '
for i in range(120): print(" " * i + "if True:")
print(" " * 120 + "pass")' >blocks.py
expect 2 "blocks nested too deep" -- "$lc" check blocks.py
has out 'blocks.py:[0-9]+:[0-9]+: error: too deeply nested' "blocks: the limit"

# ---- only regular files, for every command -------------------------------------------------
mkfifo fifo.py
for cmd in check run disasm; do
  expect 2 "$cmd: a FIFO is refused, not waited on" -- "$lc" "$cmd" fifo.py
  cat out err >both
  has both 'fifo.py(:1:1)?: error: not a regular file' "$cmd: the FIFO's diagnostic"
done
expect 2 "replay: a FIFO is refused, not waited on" -- "$lc" replay fifo.py --schedule lc2:a-eb8wt
has out 'not a regular file' "replay: the FIFO's diagnostic"
for cmd in run disasm; do
  expect 2 "$cmd: /dev/zero is refused" -- "$lc" "$cmd" /dev/zero
  cat out err >both
  has both '/dev/zero:1:1: error: not a regular file' "$cmd: /dev/zero's diagnostic"
done

# ---- option values: checked, never wrapped or taken as "no limit" --------------------------
printf 'x = 1\n' >ok.py
for v in nan inf 1e400 -1; do
  expect 2 "--time-limit $v is refused" -- "$lc" check --time-limit "$v" ok.py
  has err "option time-limit takes a number of seconds from 0 to 31622400, not '$v'" "--time-limit $v: why"
done
for v in -1 12345678901234567890123 x; do
  expect 2 "check --seed $v is refused" -- "$lc" check --seed "$v" ok.py
  has err "option seed takes a whole number from 0 to 18446744073709551615, not '$v'" "check --seed $v: why"
  expect 2 "run --seed $v is refused" -- "$lc" run --seed "$v" ok.py
done
expect 0 "--seed 18446744073709551615 is a seed" -- "$lc" check --seed 18446744073709551615 ok.py
for opt in max-states max-depth memory-limit step-budget executions pct-depth preemptions; do
  expect 2 "--$opt -1 is refused" -- "$lc" check "--$opt" -1 ok.py
done
printf '# lockcheck: time-limit=nan\nx = 1\n' >pragma.py
expect 2 "a pragma's value is checked as the flag's" -- "$lc" check pragma.py
has out "pragma.py:1:14: error: option time-limit takes a number of seconds" "pragma: at its line and column"

# ---- a bound that stops a search: incomplete, exit 3, with what was found ------------------
cat >two_bugs.py <<'PY'
# lockcheck: expect=deadlock,assertion
import threading
a = threading.Lock()
b = threading.Lock()
n = 0
def one():
    global n
    with a:
        with b:
            n += 1
def two():
    global n
    with b:
        with a:
            n += 1
x = threading.Thread(target=one)
y = threading.Thread(target=two)
x.start()
y.start()
x.join()
y.join()
assert n == 3
PY
expect 3 "an expected bug not reached before the search stopped: incomplete, not 'not found'" -- \
  "$lc" check --stop-on-first --json report.json two_bugs.py
has out 'two_bugs.py: INCOMPLETE \(stopped by stop-on-first; found deadlock, lock-order before it, in [0-9]+ states; expected: deadlock, assertion\)' \
  "the verdict says incomplete, which limit, and what was found"
python3 - <<'PY' || fail=1
import json
s = json.load(open("report.json"))["scenarios"][0]
assert s["status"] == "incomplete", s["status"]
assert s["stats"]["complete"] is False and s["stats"]["limit"] == "stop-on-first", s["stats"]
# The directed pass (checker/directed.h) steers to the deadlock first.
assert [b["kind"] for b in s["bugs"]] == ["deadlock", "lock-order"], [b["kind"] for b in s["bugs"]]
assert s["stats"]["search_order"] == "best-first", s["stats"]
print("ok: the JSON report keeps the bugs found and says incomplete, stop-on-first")
PY
cat >grows.py <<'PY'
import threading
n = [0, 0, 0, 0]
def count(i):
    for k in range(60):
        n[i] += 1
for i in range(4):
    threading.Thread(target=count, args=(i,)).start()
PY
expect 3 "--memory-limit stops a growing search before the OOM killer" -- "$lc" check --memory-limit 64 grows.py
has out 'memory-limit' "the memory limit is named"
expect 3 "--time-limit stops a long search" -- "$lc" check --time-limit 1 grows.py
has out 'time-limit' "the time limit is named"
expect 0 "--allow-incomplete turns the bound's 3 into 0" -- "$lc" check --allow-incomplete --time-limit 1 grows.py

# ---- a state that grows without bound: an input error naming the container, in bounded time --
cat >append.py <<'PY'
import threading
lst = []
def grow():
    while True:
        lst.append(1)
t = threading.Thread(target=grow)
t.start()
t.join()
PY
start=$(date +%s)
expect 2 "a list appended to forever is an input error" -- "$lc" check append.py
[ $(( $(date +%s) - start )) -le 10 ] && echo "ok: within 10 s" || { echo "FAIL: over 10 s"; fail=1; }
has out 'append.py:5:9: error: the state grows without bound: the global `lst` \(a list\) is larger at each of the last 16 visits' \
  "growth: names the global and its line"
cat >local_set.py <<'PY'
import threading
lock = threading.Lock()
def grow():
    seen = set()
    n = 0
    while True:
        with lock:
            n += 1
            seen.add(n)
threads = [threading.Thread(target=grow) for _ in range(2)]
for t in threads:
    t.start()
PY
expect 2 "a thread's local set grown forever is an input error" -- "$lc" check local_set.py
has out 'local_set.py:7:14: error: the state grows without bound: the local `seen` of grow\(\) \(a set\)' \
  "growth: names the local and its function"
cat >strgrow.py <<'PY'
import threading
s = ""
def grow():
    global s
    while True:
        s += "x"
t = threading.Thread(target=grow)
t.start()
t.join()
PY
expect 2 "a global str grown forever is an input error" -- "$lc" check strgrow.py
has out 'strgrow.py:6:9: error: the state grows without bound: the global `s` \(a str\) is longer' \
  "growth: names the global str"

exit $fail
