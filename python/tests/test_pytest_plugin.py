"""Tests of lockcheck.pytest_plugin: inner pytest sessions (pytest's pytester) on small projects
each test writes, checked by the real lockcheck binary ($LOCKCHECK, else this checkout's
build/tools/lockcheck). Run by the CTest pytest_plugin (python/tests/run_tests.py)."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN = ("-p", "lockcheck.pytest_plugin")
LOCKCHECK = os.environ.get("LOCKCHECK") or str(REPO / "build" / "tools" / "lockcheck")

# The ini README.md "### pytest" shows.
INI = """\
[pytest]
lockcheck_paths = scenarios
"""

COUNTER_LOCKED = '''\
"""Two threads add to a counter under a lock: never lost."""
import threading

lock = threading.Lock()
count = 0


def add():
    global count
    with lock:
        count += 1


threads = [threading.Thread(target=add) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert count == 2
'''

INVERSION = '''\
"""Two threads take the same two locks in opposite orders."""
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
'''

# A test file with a normal test and @lockcheck.scenario functions: one that expects its
# deadlock, one that deadlocks unexpectedly, one with an input error inside a class.
TEST_MIX = '''\
import lockcheck


def test_normal():
    assert sum([1, 2]) == 3


@lockcheck.scenario(expect=["deadlock", "lock-order"])
def inversion_expected():
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


@lockcheck.scenario
def test_transfer():
    """Transfers between two accounts, each locking its source first."""
    import threading

    alice = threading.Lock()
    bob = threading.Lock()

    def transfer(first, second):
        with first:
            with second:
                pass

    t1 = threading.Thread(target=transfer, args=(alice, bob))
    t2 = threading.Thread(target=transfer, args=(bob, alice))
    t1.start()
    t2.start()
    t1.join()
    t2.join()


class TestGroup:
    @lockcheck.scenario
    def broken():
        import threading
        if True:
            total = undefined_name + 1
'''


def line_col(text, needle, nth=1):
    """1-based line and column of the nth occurrence of needle in text."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def replay(command, cwd):
    """Runs a report's replay command (`lockcheck replay FILE --schedule TOKEN`)."""
    words = command.split()
    assert words[:2] == ["lockcheck", "replay"], command
    return subprocess.run([LOCKCHECK] + words[1:], cwd=cwd, capture_output=True, text=True)


def failures(output):
    """The FAILURES section of a pytest run's output."""
    return output.split("= FAILURES =")[1].split("short test summary")[0]


def replay_line(output):
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith("replay: ")]
    assert lines, output
    return lines[0][len("replay: "):]


def test_passing_scenario_file(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    result = pytester.runpytest(*PLUGIN, "-v", "-rP")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "scenarios/counter.py::counter PASSED*",
        # -rP shows lockcheck's verdict for a passing item, as a report section.
        "*- Captured lockcheck call -*",
        "scenarios/counter.py: ok (* states, complete)",
    ])
    assert result.ret == pytest.ExitCode.OK


def test_deadlock_fails_with_trace_and_replay(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    # Named like a test module: the plugin must make it a scenario item, not import it.
    pytester.path.joinpath("scenarios", "test_inversion.py").write_text(INVERSION)
    # Each collector's kind, so the test can see that no Module (which imports) was made.
    pytester.makeconftest("""
        def pytest_collectstart(collector):
            with open("collectors.txt", "a") as f:
                f.write(f"{type(collector).__name__} {collector.nodeid}\\n")
    """)
    result = pytester.runpytest(*PLUGIN, "-rf")
    result.assert_outcomes(failed=1)
    collectors = (pytester.path / "collectors.txt").read_text().splitlines()
    assert "LockcheckFile scenarios/test_inversion.py" in collectors, collectors
    assert not [c for c in collectors if c.startswith("Module ")], collectors
    out = result.stdout.str()
    l1, c1 = line_col(INVERSION, "b:", 1)
    result.stdout.fnmatch_lines([
        "*_ lockcheck test_inversion.py _*",
        "scenarios/test_inversion.py: FAIL (2 bugs: deadlock, lock-order; expected: pass)",
        "*explored * states, * transitions, complete",
        "deadlock: Thread-1 (one), Thread-2 (two) wait for each other",
        f"  at scenarios/test_inversion.py:{l1}:{c1}",
        "  trace (11 steps; set-up folded, --trace full shows every step):",
        "   1-5  MainThread * (set-up) * lines 1-* 5 steps: wrote *",
        "  final state:",
        "  cycle: Thread-1 (one) -> Thread-2 (two) -> Thread-1 (one)",
        "  replay: lockcheck replay scenarios/test_inversion.py --schedule lc2:*",
        # pytest cuts the summary line to the terminal's width.
        "FAILED scenarios/test_inversion.py::test_inversion - scenarios/test_inversion*",
    ])
    # The failure is lockcheck's report, not a traceback of the plugin.
    assert "pytest_plugin.py" not in out and "Traceback" not in out
    assert "1 scenario:" not in out  # lockcheck's run summary is left out
    # The replay command runs from where pytest ran and shows the deadlock.
    done = replay(replay_line(out), pytester.path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "deadlock: Thread-1 (one), Thread-2 (two) wait for each other" in done.stdout
    # The same run gives the same failure text.
    again = pytester.runpytest(*PLUGIN, "-rf")
    assert failures(again.stdout.str()) == failures(out)


def test_expected_bug_passes_and_pragma_files_are_scenarios(pytester):
    # No lockcheck_paths: a file whose first lines hold a pragma is a scenario wherever it is.
    pytester.mkdir("checks")
    pytester.path.joinpath("checks", "inversion.py").write_text(
        "# lockcheck: expect=deadlock,lock-order\n" + INVERSION)
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    result = pytester.runpytest(*PLUGIN, "-v", "-rP")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([
        "test_plain.py::test_one PASSED*",  # a folder's files come before its subfolders
        "checks/inversion.py::inversion PASSED*",
        "checks/inversion.py: ok (found the expected deadlock, lock-order)",
    ])
    # Turned off, the file is left alone (its name does not match python_files).
    result = pytester.runpytest(*PLUGIN, "-o", "lockcheck_pragma_files=false", "-v")
    result.assert_outcomes(passed=1)
    assert "inversion" not in result.stdout.str()


def test_input_error_shows_file_line_col_and_caret(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "bad.py").write_text(
        "import threading\n\nlock = threading.Lock()\nwith lock:\n    x = undefined_name\n")
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "scenarios/bad.py: ERROR (1 input error)",
        "scenarios/bad.py:5:9: error: name 'undefined_name' is not defined",
        "        x = undefined_name",
        "            ^",
        "FAILED scenarios/bad.py::bad - scenarios/bad.py: ERROR*",
    ])


def test_scenario_functions_beside_normal_tests(pytester):
    pytester.makepyfile(test_mix=TEST_MIX)
    result = pytester.runpytest(*PLUGIN, "-v", "-rf")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "test_mix.py::test_normal PASSED*",
        "test_mix.py::inversion_expected PASSED*",
        "test_mix.py::test_transfer FAILED*",
        "test_mix.py::TestGroup::broken FAILED*",
    ])
    out = result.stdout.str()
    # Locations are the test file's own lines and columns (the body is indented by 4 there).
    lw, cw = line_col(TEST_MIX, "second:", 1)
    le, ce = line_col(TEST_MIX, "undefined_name")
    t1, _ = line_col(TEST_MIX, "t1.start()", 2)
    first, _ = line_col(TEST_MIX, '"""Transfers between')
    result.stdout.fnmatch_lines([
        "*_ test_transfer _*",
        "test_mix.py::test_transfer: FAIL (2 bugs: deadlock, lock-order; expected: pass)",
        "deadlock: Thread-1 (transfer), Thread-2 (transfer) wait for each other",
        f"  at test_mix.py:{lw}:{cw}",
        # The main thread starts at the body's first line, the module's top (its set-up folded).
        f"   1-5  MainThread * (set-up) * lines {first}-* 5 steps: wrote *",
        f"     6  MainThread * t1.start() * line {t1}  started Thread-1 (transfer)",
        f'        File "test_mix.py", line {lw}, in transfer',
        "  replay: lockcheck replay .pytest_cache/d/lockcheck/test_mix/test_transfer.py "
        "--schedule lc2:*",
        f"    Thread-1 (transfer) acquires * in second.acquire() (line {lw}, col {cw}) while "
        "holding *",
    ])
    result.stdout.fnmatch_lines([
        "*_ broken _*",
        "test_mix.py::TestGroup::broken: ERROR (1 input error)",
        f"test_mix.py:{le}:{ce}: error: name 'undefined_name' is not defined",
        "                total = undefined_name + 1",
        " " * (4 + ce - 1) + "^",
    ])
    assert ce == 21  # three levels in: the class, the def, the if
    # One written file per item, a class's in a folder of its own.
    written = pytester.path / ".pytest_cache" / "d" / "lockcheck" / "test_mix"
    assert sorted(str(p.relative_to(written)) for p in written.rglob("*.py")) == [
        "TestGroup/broken.py", "inversion_expected.py", "test_transfer.py"]
    # The replay command names the written scenario, and it runs.
    done = replay(replay_line(out), pytester.path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"at .pytest_cache/d/lockcheck/test_mix/test_transfer.py:{lw}:{cw - 4}" in done.stdout
    # Without pytest's cache the scenario goes to a temporary folder of its own, kept, so the
    # replay command (an absolute path then) still runs.
    result = pytester.runpytest(*PLUGIN, "-p", "no:cacheprovider", "-k", "test_transfer")
    result.assert_outcomes(failed=1)
    command = replay_line(result.stdout.str())
    assert command.split()[2].startswith(os.path.join(tempfile.gettempdir(), "lockcheck-pytest-"))
    assert command.split()[2].endswith("/test_mix/test_transfer.py")
    done = replay(command, pytester.path)
    assert done.returncode == 1, done.stdout + done.stderr
    shutil.rmtree(Path(command.split()[2]).parents[1])
    # --tb=line: one line per failure, at the item.
    result = pytester.runpytest(*PLUGIN, "--tb=line")
    def_line, _ = line_col(TEST_MIX, "@lockcheck.scenario\ndef test_transfer")
    result.stdout.fnmatch_lines([
        f"test_mix.py:{def_line}: test_mix.py::test_transfer: FAIL (2 bugs: deadlock, "
        "lock-order; expected: pass)"])
    # -k selects among scenario functions and tests by name, through pytest's own machinery.
    result = pytester.runpytest(*PLUGIN, "-v", "-k", "inversion or normal")
    result.assert_outcomes(passed=2, deselected=2)


def test_scenario_function_under_plain_python_runs_its_body_once(pytester):
    test_once = pytester.makepyfile(test_once='''\
        import lockcheck


        @lockcheck.scenario(max_states=1000)
        def test_counts():
            import threading
            hits = []

            def work():
                hits.append(1)

            t = threading.Thread(target=work)
            t.start()
            t.join()
            print("hits", len(hits), __name__)


        @lockcheck.scenario
        def failing():
            count = 1
            assert count == 2, "count is wrong"
    ''')
    # Plain python3 with nothing but the package: -S leaves site-packages (and pytest) out.
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"))
    done = subprocess.run([sys.executable, "-S", "-c",
                           "import sys, test_once; test_once.test_counts(); "
                           "assert 'pytest' not in sys.modules"],
                          cwd=pytester.path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "hits 1 __main__\n"
    # A failure's traceback points at the test file's own line.
    done = subprocess.run([sys.executable, "-S", "-c", "import test_once; test_once.failing()"],
                          cwd=pytester.path, capture_output=True, text=True, env=env)
    assert done.returncode == 1
    line, _ = line_col(test_once.read_text(), "assert count == 2")
    assert f'test_once.py", line {line}, in <module>' in done.stderr, done.stderr
    assert "AssertionError: count is wrong" in done.stderr
    # Without the plugin, pytest runs a test_-named scenario function once as a plain test.
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*hits 1 __main__*"])


def test_binary_lookup_and_missing_binary(pytester, monkeypatch):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    # An explicit choice that names nothing is an error, not skipped over.
    result = pytester.runpytest(*PLUGIN, "--lockcheck-binary", "nowhere/lockcheck", "-rf")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "lockcheck: lockcheck binary 'nowhere/lockcheck' (from --lockcheck-binary) is not an "
        "executable file",
        "FAILED scenarios/counter.py::counter - lockcheck: lockcheck binary *",
    ])
    monkeypatch.setenv("LOCKCHECK", "no-such-lockcheck")
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["lockcheck: lockcheck binary 'no-such-lockcheck' (from "
                                 "$LOCKCHECK) is not an executable file on PATH"])
    # Nothing anywhere: a copy of the package outside any checkout, no $LOCKCHECK, a PATH
    # without lockcheck.
    path = os.path.dirname(sys.executable)
    if shutil.which("lockcheck", path=path):
        pytest.skip(f"{path} holds a lockcheck")
    copy = pytester.path / "elsewhere" / "python" / "lockcheck"
    shutil.copytree(REPO / "python" / "lockcheck", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.delenv("LOCKCHECK")
    monkeypatch.setenv("PATH", path)
    monkeypatch.setenv("PYTHONPATH", str(copy.parent))
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "lockcheck: no lockcheck binary found: pass --lockcheck-binary PATH, set "
        "lockcheck_binary in the ini file or LOCKCHECK in the environment, or put lockcheck on "
        f"PATH (looked on PATH and at {pytester.path}/elsewhere/build/tools/lockcheck, "
        "where tools/setup.sh builds it)",
    ])
    assert "Traceback" not in result.stdout.str()
    # Found on PATH.
    bin_dir = pytester.mkdir("bin")
    (bin_dir / "lockcheck").symlink_to(os.path.abspath(LOCKCHECK))
    monkeypatch.setenv("PATH", os.pathsep.join([str(bin_dir), path]))
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=2)
    # Named by the ini, relative to the ini file's folder, run from a subfolder.
    monkeypatch.setenv("PATH", path)
    pytester.makeini(INI + "lockcheck_binary = bin/lockcheck\n")
    monkeypatch.chdir(pytester.mkdir("sub"))
    result = pytester.runpytest_subprocess(*PLUGIN, str(pytester.path))
    result.assert_outcomes(passed=2)
    monkeypatch.chdir(pytester.path)
    pytester.makeini(INI)
    # Found in the checkout the package sits in (when that checkout's build is build/).
    if not (REPO / "build" / "tools" / "lockcheck").is_file():
        pytest.skip(f"no {REPO}/build/tools/lockcheck to find")
    monkeypatch.setenv("PATH", path)
    monkeypatch.setenv("PYTHONPATH", str(REPO / "python"))
    result = pytester.runpytest_subprocess(*PLUGIN)
    result.assert_outcomes(passed=2)


def test_lockcheck_that_cannot_check_is_a_clear_error(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    result = pytester.runpytest(*PLUGIN, "--lockcheck-arg=--no-such-flag", "-rf")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "lockcheck: lockcheck check exited with status 2 and no report",
        f"command: {os.path.abspath(LOCKCHECK)} check --json <report> --no-such-flag "
        "scenarios/counter.py",
        "stderr:",
        "The following argument was not expected: --no-such-flag",
        "FAILED scenarios/counter.py::counter - lockcheck: lockcheck check exited with*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_incomplete_is_skipped_or_fails_under_strict(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    result = pytester.runpytest(*PLUGIN, "--lockcheck-arg=--max-states=3", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([
        "SKIPPED [1] scenarios/counter.py:1: scenarios/counter.py: INCOMPLETE (stopped by "
        "max-states; no bug found in 3 states)"])
    assert result.ret == pytest.ExitCode.OK
    result = pytester.runpytest(*PLUGIN, "--lockcheck-arg=--max-states=3", "--lockcheck-strict")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["scenarios/counter.py: INCOMPLETE (stopped by max-states;*"])


def test_junitxml_and_selection(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    pytester.path.joinpath("scenarios", "inversion.py").write_text(INVERSION)
    result = pytester.runpytest(*PLUGIN, "--junitxml=out.xml")
    result.assert_outcomes(passed=1, failed=1)
    xml = (pytester.path / "out.xml").read_text()
    assert '<testcase classname="scenarios.counter" name="counter"' in xml
    assert '<testcase classname="scenarios.inversion" name="inversion"' in xml
    assert ('<failure message="scenarios/inversion.py: FAIL (2 bugs: deadlock, lock-order; '
            'expected: pass)">') in xml
    assert "replay: lockcheck replay scenarios/inversion.py --schedule lc2:" in xml
    result = pytester.runpytest(*PLUGIN, "-k", "counter")
    result.assert_outcomes(passed=1, deselected=1)
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    result = pytester.runpytest(*PLUGIN, "-m", "lockcheck")  # the plugin marks its items
    result.assert_outcomes(passed=1, failed=1, deselected=1)


def test_collection_rules_and_exit_status(pytester):
    pytester.makeini(INI)
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "README.md").write_text("not a scenario\n")
    pytester.path.joinpath("scenarios", "conftest.py").write_text("")
    # No *.py but conftest.py: nothing to collect, pytest's own exit status 5.
    result = pytester.runpytest(*PLUGIN)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    # An ini path is collected where pytest's collection reaches it; naming one test file
    # leaves it out, and --lockcheck adds a path to whatever is collected.
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    pytester.mkdir("more")
    pytester.path.joinpath("more", "inversion.py").write_text(INVERSION)
    pytester.makepyfile(test_plain="def test_one():\n    pass\n")
    result = pytester.runpytest(*PLUGIN, "-v")
    result.assert_outcomes(passed=2)
    result = pytester.runpytest(*PLUGIN, "-v", "test_plain.py")
    result.assert_outcomes(passed=1)
    result = pytester.runpytest(*PLUGIN, "-v", "test_plain.py", "--lockcheck", "more")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["more/inversion.py::inversion FAILED*"])
    result = pytester.runpytest(*PLUGIN, "--lockcheck", "missing")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --lockcheck missing: no such file or folder"])
    pytester.makeini("[pytest]\nlockcheck_paths = scenarios typo\n")
    result = pytester.runpytest(*PLUGIN)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: lockcheck_paths: no such file or folder: "
                                 f"{pytester.path / 'typo'}"])


def test_corpus_collected_whole(pytester):
    corpus = REPO / "scenarios" / "corpus"
    files = [p for p in corpus.rglob("*.py") if p.name not in ("conftest.py", "__init__.py")]
    assert len(files) > 100
    result = pytester.runpytest(*PLUGIN, "-q", "--lockcheck", str(corpus), "-p",
                                "no:cacheprovider")
    result.assert_outcomes(passed=len(files))


def readme_blocks():
    """The fenced code blocks of README.md's "### pytest" section: (info string, text)."""
    text = (REPO / "README.md").read_text()
    section = text.split("\n### pytest\n", 1)[1]
    section = section.split("\n## ", 1)[0].split("\n### ", 1)[0]
    blocks, lines, info = [], None, None
    for line in section.split("\n"):
        if line.startswith("```") and lines is None:
            lines, info = [], line[3:]
        elif line.startswith("```"):
            blocks.append((info, "\n".join(lines) + "\n"))
            lines = None
        elif lines is not None:
            lines.append(line)
    return blocks


def test_readme_conftest_and_ini(pytester, monkeypatch):
    blocks = readme_blocks()
    conftest = next(t for i, t in blocks if i == "python" and "pytest_plugins" in t)
    ini = next(t for i, t in blocks if i == "ini")
    assert "/opt/lockcheck/python" in ini
    pytester.makeconftest(conftest)
    pytester.path.joinpath("pytest.ini").write_text(
        ini.replace("/opt/lockcheck/python", str(REPO / "python")))
    pytester.mkdir("scenarios")
    pytester.path.joinpath("scenarios", "counter.py").write_text(COUNTER_LOCKED)
    # No PYTHONPATH: the ini's pythonpath finds the package, the conftest enables the plugin.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    result = pytester.runpytest_subprocess("-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["scenarios/counter.py::counter PASSED*"])


def test_readme_failure_example(pytester, monkeypatch):
    # pytest does not cut the summary lines to the terminal's width on CI (where CI or
    # BUILD_NUMBER is set); the README shows what a developer's terminal shows.
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    blocks = readme_blocks()
    function = next(t for i, t in blocks if i == "python" and "@lockcheck.scenario" in t)
    # The README's function is lines 33-51 of this test's test_mix.py, as it says.
    assert TEST_MIX.split("\n")[32:51] == function.rstrip("\n").split("\n")
    example = next(t for i, t in blocks if i == "" and t.startswith("$ pytest"))
    command, *shown = example.rstrip("\n").split("\n")
    assert command == "$ pytest -p lockcheck.pytest_plugin"
    pytester.makepyfile(test_mix=TEST_MIX)
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=2, failed=2)
    # Each run of lines between "..." is consecutive in the output, the runs in order.
    out = result.stdout.str().split("\n")
    chunks, chunk = [], []
    for line in shown:
        if line == "...":
            chunks.append(chunk)
            chunk = []
        else:
            chunk.append(line)
    chunks.append(chunk)
    at = 0
    for chunk in filter(None, chunks):
        for start in range(at, len(out) - len(chunk) + 1):
            if out[start:start + len(chunk)] == chunk:
                at = start + len(chunk)
                break
        else:
            raise AssertionError("README example lines not in the output, in order:\n"
                                 + "\n".join(chunk) + "\n--- output:\n" + "\n".join(out))


def test_decorator_checks_its_options_where_written(pytester):
    import lockcheck

    with pytest.raises(ValueError, match="unknown bug kind 'dedlock'"):
        lockcheck.scenario(expect="dedlock")
    with pytest.raises(ValueError, match="max_states must be an int >= 0, not -1"):
        lockcheck.scenario(max_states=-1)
    with pytest.raises(ValueError, match="fairness must be one of weak, strong, not 'fair'"):
        lockcheck.scenario(fairness="fair")
    with pytest.raises(TypeError, match="unknown option 'max_state'"):
        lockcheck.scenario(max_state=10)
    with pytest.raises(TypeError, match=r"_takes_one must take no parameters \(its body is a "
                                        r"module\), it takes f"):
        lockcheck.scenario(_takes_one)
    # In a test module, the error is pytest's collection error at the decorator.
    pytester.makepyfile(test_bad='''\
        import lockcheck


        @lockcheck.scenario(expect="dedlock")
        def s():
            pass
    ''')
    result = pytester.runpytest(*PLUGIN)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["test_bad.py:4: in <module>",
                                 "*ValueError: lockcheck.scenario: expect: unknown bug kind "
                                 "'dedlock'*"])


def _takes_one(f):
    pass
