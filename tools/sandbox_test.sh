#!/usr/bin/env bash
# The sandbox (CTest: sandbox): one scenario per escape route a Python programmer would try,
# each refused before the search as "unsupported in scenarios: ..." (exit 2, never an
# AttributeError or NameError finding), and each checked under
# `strace -f -e trace=file,network,process`: nothing is opened but the scenario itself, the
# binary's shared libraries, /proc/self and /sys (the machine's memory and CPUs, for the
# default memory limit and --jobs), and no process or socket is created. A scenario that runs
# a real search is traced the same way. Without strace the refusals are still checked, and the
# trace part says it was skipped.
#
# Usage: tools/sandbox_test.sh LOCKCHECK_BINARY
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
have_strace=0
if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
  have_strace=1
else
  echo "skipped: strace is not available (or not permitted here); the traces are not checked"
fi

# The trace checker: exit 1, naming each offending call, when NAME.trace shows an open of
# anything but NAME.py and the allowed system paths, a second execve, a socket or a process.
cat >check_trace.py <<'PY'
import os, re, sys
name = sys.argv[1]
allowed = (re.compile(r'^/etc/ld\.so\.(cache|preload)$'), re.compile(r'^/(usr/)?lib(32|64|x32)?/'),
           re.compile(r'^/proc/self/'), re.compile(r'^/sys/'), re.compile(r'^/proc/meminfo$'))
bad = []
execs = 0
for line in open(name + ".trace"):
    m = re.search(r'\b(\w+)\((.*)', line)
    if not m:
        continue
    call, rest = m.group(1), m.group(2)
    if call in ("socket", "connect", "bind", "listen", "accept", "accept4", "sendto", "fork", "vfork"):
        bad.append(line.strip())
    if call == "clone" and "CLONE_THREAD" not in rest:
        bad.append(line.strip())
    if call == "clone3" and "CLONE_THREAD" not in rest:
        bad.append(line.strip())
    if call == "execve":
        execs += 1
        continue
    for path in re.findall(r'"([^"]*)"', rest)[:1]:
        if path in ("", name + ".py") or any(a.match(path) for a in allowed):
            continue
        # Looking for the scenario's own modules (and for a file that would shadow a modelled
        # one) reads metadata in its folder, never a file's content: allowed there only.
        meta = call in ("getcwd", "newfstatat", "stat", "lstat", "statx", "readlink", "readlinkat")
        if meta and (not path.startswith("/") and ".." not in path or path == os.getcwd()):
            continue
        bad.append(line.strip())
if execs != 1:
    bad.append(f"{execs} execve calls (only lockcheck's own)")
for b in bad:
    print(f"FAIL: {name}: {b}")
sys.exit(1 if bad else 0)
PY

# traced NAME: checks the strace log of NAME.py's run (in NAME.trace).
traced() {
  [ "$have_strace" = 1 ] || return 0
  if python3 check_trace.py "$1"; then
    echo "ok: $1: opened nothing but its own file, no process or socket"
  else
    fail=1
  fi
}

# The checker itself catches what it is for (a trace of a run that broke out).
printf '%s\n' '1 execve("/x/lockcheck", ["lockcheck"], 0x0) = 0' \
  '1 openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3' '1 socket(AF_INET, SOCK_STREAM, 0) = 4' \
  '1 clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD) = 7' >escape.trace
if [ "$have_strace" = 1 ]; then
  if [ "$(python3 check_trace.py escape 2>&1 | grep -c '^FAIL: escape:')" = 3 ]; then
    echo "ok: the trace checker flags an open, a socket and a process"
  else
    echo "FAIL: the trace checker missed an escape in a synthetic trace"
    fail=1
  fi
fi

# refused NAME PATTERN SOURCE: NAME.py holding SOURCE is an input error matching PATTERN.
refused() {
  local name=$1 pattern=$2
  printf '%s\n' "$3" >"$name.py"
  if [ "$have_strace" = 1 ]; then
    timeout -s KILL 60 strace -f -qq -e trace=file,network,process -o "$name.trace" \
      "$lc" check "$name.py" >out 2>err
  else
    timeout -s KILL 60 "$lc" check "$name.py" >out 2>err
  fi
  local got=$?
  if [ "$got" != 2 ]; then
    echo "FAIL: $name: exit $got, wanted 2"
    cat out err
    fail=1
  elif ! grep -Eq -- "$pattern" out; then
    echo "FAIL: $name: no line matching '$pattern':"
    cat out
    fail=1
  else
    echo "ok: $name: refused ($pattern)"
  fi
  traced "$name"
}

u='error: unsupported in scenarios:'
# Files, processes, the network, the environment, the clock: only modelled modules import.
refused open "open.py:1:1: $u open \(no file system access\)" 'open("/etc/passwd").read()'
refused open_write "open_write.py:1:6: $u open" 'with open("x", "w") as f: f.write("x")'
refused import_os "import_os.py:1:8: $u import of module 'os'" 'import os'
refused from_os "from_os.py:1:1: $u import from module 'os'" 'from os import system'
refused subprocess "subprocess.py:1:8: $u import of module 'subprocess'" 'import subprocess'
refused socket "socket.py:1:8: $u import of module 'socket'" 'import socket'
refused sys "sys.py:2:1: $u sys.modules \(lockcheck models sys.exit only\)" $'import sys\nsys.modules'
refused from_sys "from_sys.py:1:17: $u sys.argv \(lockcheck models sys.exit only\)" 'from sys import argv'
refused builtins_module "builtins_module.py:1:8: $u import of module 'builtins'" 'import builtins'
refused importlib "importlib.py:1:8: $u import of module 'importlib'" 'import importlib'
refused clock "clock.py:1:[0-9]+: $u 'time.time'" 'from time import time'
refused dunder_import "dunder_import.py:1:1: $u __import__" '__import__("os").system("true")'
refused input "input.py:1:5: $u input" 'x = input()'
refused exit "exit.py:1:1: $u exit" 'exit(3)'
# Code from strings.
refused eval "eval.py:1:1: $u eval \(no code from strings\)" 'eval("1 + 1")'
refused exec "exec.py:1:1: $u exec" 'exec("import os")'
refused compile "compile.py:1:1: $u compile" 'compile("1", "f", "eval")'
# Namespaces and introspection.
refused globals "globals.py:1:1: $u globals" 'globals()["x"] = 1'
refused locals "locals.py:1:1: $u locals" 'locals()'
refused vars "vars.py:1:1: $u vars" 'vars()'
refused dir "dir.py:1:1: $u dir" 'dir()'
# getattr and its siblings are the `.` operator's lookup: a dunder name is refused as with `.`,
# a constant one before the search (at the string), a computed one when it is looked up.
refused getattr "getattr.py:3:16: $u the attribute '__globals__'" 'def f():
    pass
x = getattr(f, "__globals__")'
refused setattr "setattr.py:1:[0-9]+: $u int.__class__" 'setattr(1, "__class__", 2)'
refused getattr_computed "getattr_computed.py:3:[0-9]+: $u the attribute '__code__'" 'def f():
    pass
x = getattr(f, "__co" + "de__")'
refused builtins_name "builtins_name.py:1:5: $u __builtins__" 'x = __builtins__'
refused class "class.py:1:5: $u tuple.__class__" 'x = ().__class__'
refused subclasses "subclasses.py:1:5: $u the attribute '__subclasses__'" 'x = (1).__subclasses__()'
refused mro "mro.py:1:5: $u list.__class__" 'x = [].__class__.__mro__'
refused func_globals "func_globals.py:3:5: $u the attribute '__globals__'" 'def f():
    pass
x = f.__globals__'
refused func_code "func_code.py:3:5: $u the attribute '__code__'" 'def f():
    pass
x = f.__code__'
refused obj_dict "obj_dict.py:2:5: $u the attribute '__dict__'" 'import threading
x = threading.Lock().__dict__'
refused module_dict "module_dict.py:2:5: $u the attribute '__dict__'" 'import threading
x = threading.__dict__'
refused store_dunder "store_dunder.py:2:1: $u list.__class__" 'x = [1]
x.__class__ = 1'
refused breakpoint "breakpoint.py:1:1: $u breakpoint" 'breakpoint()'

# A real search (threads, locks, a bug found and replayed): the same trace.
cat >search.py <<'PY'
# lockcheck: expect=deadlock
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
threading.Thread(target=one).start()
threading.Thread(target=two).start()
PY
if [ "$have_strace" = 1 ]; then
  timeout -s KILL 60 strace -f -qq -e trace=file,network,process -o search.trace \
    "$lc" check --jobs 2 search.py >out 2>err
else
  timeout -s KILL 60 "$lc" check --jobs 2 search.py >out 2>err
fi
if [ $? = 0 ]; then echo "ok: search: its declared deadlock found"; else echo "FAIL: search"; cat out err; fail=1; fi
traced search

exit $fail
