#!/usr/bin/env python3
"""CTest junit_read: `lockcheck check --junit` read back by a real JUnit consumer (junitparser).

Two reports: the whole corpus (every scenario a passing testcase named after its file, in
classname scenarios.corpus or below), and scenarios written here into a temporary folder, one
per verdict: an unexpected deadlock whose thread prints a terminal escape, an input error, a
search cut short by max-states, a declared deadlock that never happens, a passing one, and a
file whose name holds an ESC byte (which the XML must not carry raw).

Usage: junit_read_test.py LOCKCHECK_BINARY SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

import junitparser
from junitparser import Error, Failure, JUnitXml, Skipped

UNEXPECTED = '''"""A worker that prints a terminal escape, then deadlocks on a lock main holds."""
import threading

a = threading.Lock()


def worker():
    print("\\x1b[31mred & <b>")
    a.acquire()


a.acquire()
t = threading.Thread(target=worker)
t.start()
t.join()
'''

INCOMPLETE = '''# lockcheck: max-states=5
import threading

lock = threading.Lock()
counter = 0


def add():
    global counter
    for _ in range(3):
        with lock:
            counter += 1


threads = [threading.Thread(target=add) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''

PASSING = '''import threading

lock = threading.Lock()
with lock:
    pass
'''


def check(condition, what):
    if not condition:
        print("FAIL:", what)
        sys.exit(1)


def read(path):
    xml = JUnitXml.fromfile(path)
    suites = list(xml)
    check(len(suites) == 1 and suites[0].name == "lockcheck", f"one suite named lockcheck: {suites}")
    return xml, suites[0]


def corpus(lc, source_dir, out):
    files = []
    for root, _, names in os.walk(os.path.join(source_dir, "scenarios", "corpus")):
        files += [os.path.join(root, n) for n in names if n.endswith(".py")]
    subprocess.run([lc, "check", "--quiet", "--jobs", "2", "--junit", out, "scenarios/corpus"],
                   cwd=source_dir, stdout=subprocess.DEVNULL, check=True)
    xml, suite = read(out)
    check(suite.tests == len(files), f"{suite.tests} testcases for {len(files)} corpus scenarios")
    check((suite.failures, suite.errors, suite.skipped) == (0, 0, 0),
          f"corpus counts {suite.failures} {suite.errors} {suite.skipped}")
    check(xml.tests == suite.tests, "testsuites counts the suite's tests")
    cases = list(suite)
    names = [(c.classname, c.name) for c in cases]
    expected = []
    for f in sorted(os.path.relpath(f, source_dir) for f in files):
        folder, name = os.path.split(f)
        expected.append((folder.replace(os.sep, "."), name[:-3]))
    check(names == expected, f"corpus classnames and names in path order: {names[:3]} ...")
    check(all(c.is_passed for c in cases), "every corpus testcase passes")
    props = {p.name: p.value for p in suite.properties()}
    check(props.get("jobs") == "2" and props.get("strict") == "false", f"options: {props}")
    print(f"ok: corpus, {suite.tests} testcases")

    # The same bytes with one worker, but for the times and the jobs option.
    one = out + ".jobs1.xml"
    subprocess.run([lc, "check", "--quiet", "--jobs", "1", "--junit", one, "scenarios/corpus"],
                   cwd=source_dir, stdout=subprocess.DEVNULL, check=True)
    texts = []
    for path in (out, one):
        with open(path) as f:
            text = re.sub(r' time="[0-9.]+"', ' time="0"', f.read())
        texts.append(re.sub(r'<property name="jobs" value="\d+"/>', "", text))
    check(texts[0] == texts[1], "the corpus's JUnit differs between --jobs 1 and --jobs 2")
    print("ok: corpus JUnit the same with --jobs 1 and --jobs 2 (but for times and jobs)")


def verdicts(lc, out):
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "s", "sub"))
        files = {
            "s/unexpected.py": UNEXPECTED,
            "s/bad.py": "x = (1,\n",
            "s/sub/incomplete.py": INCOMPLETE,
            "s/missing.py": "# lockcheck: expect=deadlock\n" + PASSING,
            "s/ok.py": PASSING,
            "s/esc\x1bname.py": PASSING,
        }
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        run = subprocess.run([lc, "check", "--jobs", "2", "--junit", out, "s"], cwd=tmp,
                             stdout=subprocess.DEVNULL)
        check(run.returncode == 2, f"exit status 2 (an input error), got {run.returncode}")

    # The parser is strict: the same file with one raw control character in it is refused.
    with open(out, "rb") as f:
        raw = f.read()
    broken = out + ".broken.xml"
    with open(broken, "wb") as f:
        f.write(raw.replace(b"<testcase ", b"<testcase \x01", 1))
    try:
        JUnitXml.fromfile(broken)
        check(False, "a raw control character should not parse")
    except Exception:  # the parser's own error type (lxml's or ElementTree's)
        pass

    xml, suite = read(out)
    # The counts on the suite are the testcases' own verdicts.
    results = [type(c.result[0]).__name__ if c.result else "passed" for c in suite]
    check((results.count("Failure"), results.count("Error"), results.count("Skipped")) ==
          (suite.failures, suite.errors, suite.skipped), f"counts agree with testcases {results}")
    check((suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 2, 1, 1),
          f"counts {(suite.tests, suite.failures, suite.errors, suite.skipped)}")
    check((xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 2, 1, 1), "testsuites counts")
    cases = {c.name: c for c in suite}
    check(sorted(cases) == ["bad", "esc\\x1bname", "incomplete", "missing", "ok", "unexpected"],
          f"testcase names {sorted(cases)}")
    check(cases["incomplete"].classname == "s.sub" and cases["bad"].classname == "s",
          "classnames from the folders")

    # The unexpected deadlock: kind, message, and the whole text trace with its replay command;
    # the printed escape arrives as text, never as the ESC byte.
    [failure] = cases["unexpected"].result
    check(isinstance(failure, Failure), f"unexpected: a failure, got {failure}")
    check(failure.type == "deadlock", f"failure type {failure.type}")
    check(failure.message == "MainThread, Thread-1 (worker) wait for each other",
          f"failure message {failure.message}")
    text = failure.text
    for part in ("deadlock: MainThread, Thread-1 (worker) wait for each other",
                 "trace (7 steps; set-up folded", "final state:", "cycle: MainThread -> Thread-1 (worker)",
                 "| \\x1b[31mred & <b>",
                 "replay: lockcheck replay s/unexpected.py --schedule lc2:"):
        check(part in text, f"failure text holds {part!r}:\n{text}")
    check("\x1b" not in text, "no raw ESC in the failure text")

    [error] = cases["bad"].result
    check(isinstance(error, Error) and error.type == "input-error", f"bad: an input error {error}")
    check(error.message == "'(' was never closed", f"error message {error.message}")
    check("s/bad.py:1:5: error: '(' was never closed\n    x = (1,\n        ^\n" in error.text,
          f"error text with the caret line:\n{error.text}")

    [skipped] = cases["incomplete"].result
    check(isinstance(skipped, Skipped), f"incomplete: skipped {skipped}")
    check("max-states" in skipped.message and "5 states" in skipped.message,
          f"skipped message {skipped.message}")

    [missing] = cases["missing"].result
    check(isinstance(missing, Failure) and missing.type == "expected-bug-not-found",
          f"missing: {missing}")
    check(cases["ok"].is_passed and cases["esc\\x1bname"].is_passed, "the passing ones pass")
    check(cases["esc\\x1bname"].classname == "s", "classname of the odd file")
    print("ok: verdicts (failure, error, skipped, expected-bug-not-found, passed, escaped name)")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    lc, source_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    print("junitparser", getattr(junitparser, "version", "?"))
    with tempfile.TemporaryDirectory() as out_dir:
        corpus(lc, source_dir, os.path.join(out_dir, "corpus.xml"))
        verdicts(lc, os.path.join(out_dir, "verdicts.xml"))
    print("junit_read: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
