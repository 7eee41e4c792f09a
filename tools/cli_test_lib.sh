# Shared by the command-line tests (tools/cli_test.sh, tools/cli_reports_test.sh), sourced after
# they set $lc (the binary) and $dir (a fresh temporary folder): the assertions, and the two
# scenarios both use.

fail=0

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND, with no standard input (stdout in
# $dir/out, stderr in $dir/err), and checks its exit status.
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$dir/out" 2>"$dir/err" </dev/null
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, wanted $want"
    cat "$dir/out" "$dir/err"
    fail=1
  else
    echo "ok: $what"
  fi
}

# has FILE PATTERN DESCRIPTION: $dir/FILE has a line matching the extended regex.
has() {
  if grep -Eq -- "$2" "$dir/$1"; then
    echo "ok: $3"
  else
    echo "FAIL: $3: no line matching '$2' in $1:"
    cat "$dir/$1"
    fail=1
  fi
}

# hasnt FILE PATTERN DESCRIPTION: no line of $dir/FILE matches.
hasnt() {
  if grep -Eq -- "$2" "$dir/$1"; then
    echo "FAIL: $3: a line matches '$2' in $1:"
    cat "$dir/$1"
    fail=1
  else
    echo "ok: $3"
  fi
}

# clean.py: one thread takes a lock; deadlock.py: two threads take two locks in opposite orders.
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
t1.start()
t2.start()
t1.join()
t2.join()
PY

# strip_run_figures FILE [--with-options]: the pretty-printed JSON report FILE without the
# lines holding what depends on the run (tools/report_figures.py keeps the list).
strip_run_figures() {
  grep -v -E "$(python3 "$(dirname "${BASH_SOURCE[0]}")/report_figures.py" --grep-pattern ${2:-})" "$1"
}
