#!/usr/bin/env bash
# The command line's exit codes and outputs, on scenarios written here.
set -u
lc="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0
expect() {  # expect CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >"$dir/out" 2>"$dir/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, wanted $want"; cat "$dir/out" "$dir/err"; fail=1
  else
    echo "ok: $what"
  fi
}

cat >"$dir/clean.py" <<'PY'
import threading
lock = threading.Lock()
def work():
    with lock:
        pass
t = threading.Thread(target=work)
t.start()
t.join()
PY
cat >"$dir/deadlock.py" <<'PY'
import threading
a = threading.Lock()
b = threading.Lock()
def one():
    with a:
        with b:
            pass
def two():
    with b:
        with a:
            pass
t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start(); t2.start(); t1.join(); t2.join()
PY
{ echo "# lockcheck: expect=deadlock"; cat "$dir/deadlock.py"; } >"$dir/expected.py"
printf 'x = (1,\n' >"$dir/syntax.py"

expect 0 "clean scenario" -- "$lc" check "$dir/clean.py"
expect 1 "undeclared deadlock" -- "$lc" check "$dir/deadlock.py"
expect 0 "declared deadlock" -- "$lc" check "$dir/expected.py"
expect 2 "syntax error" -- "$lc" check "$dir/syntax.py"
expect 2 "missing path" -- "$lc" check "$dir/nope.py"
expect 2 "syntax error beside a good file" -- "$lc" check "$dir/syntax.py" "$dir/clean.py"
grep -q "clean.py: ok" "$dir/out" || { echo "FAIL: the good file was not checked"; fail=1; }
grep -q "syntax.py:1:5: error" "$dir/out" || { echo "FAIL: no diagnostic with file:line:col"; cat "$dir/out"; fail=1; }
expect 3 "bound with nothing found" -- "$lc" check --max-states 3 "$dir/clean.py"
expect 0 "bound allowed" -- "$lc" check --max-states 3 --allow-incomplete "$dir/clean.py"
expect 0 "version" -- "$lc" --version
grep -q "^lockcheck [0-9]" "$dir/out" || { echo "FAIL: --version"; fail=1; }
expect 2 "no subcommand" -- "$lc"
expect 2 "bad flag" -- "$lc" check --frobnicate "$dir/clean.py"

# The replay command reproduces the reported bug.
"$lc" check "$dir/deadlock.py" >"$dir/report.txt"
token=$(grep -o 'lc1:[a-zA-Z0-9{}!]*' "$dir/report.txt" | head -1)
expect 1 "replay of the deadlock" -- "$lc" replay "$dir/deadlock.py" --schedule "$token"
grep -q "^deadlock:" "$dir/out" || { echo "FAIL: replay did not show the deadlock"; fail=1; }
expect 2 "replay with a token that does not fit" -- "$lc" replay "$dir/clean.py" --schedule "lc1:zzzz"
expect 0 "run" -- "$lc" run "$dir/clean.py" --seed 3
expect 0 "disasm" -- "$lc" disasm "$dir/clean.py"
grep -q "WITH_ENTER" "$dir/out" || { echo "FAIL: disasm listing"; fail=1; }

# JSON reports validate against the schema.
"$lc" check --json "$dir/r.json" "$dir/clean.py" "$dir/deadlock.py" "$dir/syntax.py" >/dev/null
expect 0 "JSON report validates" -- /usr/bin/python3 reports/schema_test.py \
  reports/schema/lockcheck-report-1.schema.json "$dir/r.json"

# Determinism: two runs give the same report apart from timing.
"$lc" check --json "$dir/a.json" "$dir/deadlock.py" >/dev/null
"$lc" check --json "$dir/b.json" "$dir/deadlock.py" >/dev/null
strip() { grep -v -E '"(seconds|peak_memory_bytes)"' "$1"; }
if ! diff <(strip "$dir/a.json") <(strip "$dir/b.json") >/dev/null; then
  echo "FAIL: two runs differ"; fail=1
else
  echo "ok: deterministic report"
fi

if [ $fail = 0 ]; then echo "cli_test: all passed"; fi
exit $fail
