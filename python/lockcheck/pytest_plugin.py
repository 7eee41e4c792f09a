"""pytest plugin: lockcheck scenarios as pytest items, checked by the `lockcheck` binary.

Enable with `-p lockcheck.pytest_plugin`, or `pytest_plugins = ["lockcheck.pytest_plugin"]` in
the root conftest.py, with this package's folder (`python/`) on PYTHONPATH (or pytest's
`pythonpath` ini option). README.md "### pytest" is the user's documentation; this header
records the decisions.

What is a scenario (collection):
  * every `*.py` under a folder, or a file, named by the ini option `lockcheck_paths` (relative
    to the ini file) or by `--lockcheck PATH` (relative to the current folder), except
    conftest.py and __init__.py, which pytest itself imports. A `--lockcheck` path is also
    collected when the command line names other paths; an ini path only when pytest's
    collection reaches it (plain `pytest` in the project), so `pytest tests/test_x.py` stays
    a run of one file;
  * any `*.py` pytest's collection walks whose first 20 lines (the checker's pragma window)
    hold a line starting with `# lockcheck:` (ini `lockcheck_pragma_files = false` turns this
    off);
  * a function decorated with `@lockcheck.scenario` in a test module pytest imports: an item
    beside the module's tests, named by the function (its name need not start with test_).
  A scenario file is one item (named by the file's stem) and is never imported: it becomes a
  LockcheckFile instead of a Module even where its name matches `python_files`.

What an item does (running): `lockcheck check --json REPORT [lockcheck_args...] SCENARIO`
in the folder pytest was started from, so paths in the text (and its replay commands) are
relative to it. The JSON report decides: an input error fails with the diagnostics; a
scenario that matched its expectation passes (lockcheck's text is attached as the report
section "lockcheck", shown by `-rP`); a search cut short (status `incomplete`) is skipped with
lockcheck's verdict line, or fails under `--lockcheck-strict` (ini `lockcheck_strict`),
as `lockcheck check` exits 3 for it; anything else fails. A failure's long representation is
lockcheck's own text report (verdict, each bug with its trace, final state and replay
command), never a traceback of this plugin. A decorated function's scenario is written to
the pytest cache (`.pytest_cache/d/lockcheck/<test file>/[<class>/]<function>.py`, see
lockcheck.scenario_source) and its report mapped back: locations and columns name the test
file, the verdict line names the item; replay commands name the written file, which is what
`lockcheck replay` can run.

The binary: `--lockcheck-binary`, else ini `lockcheck_binary`, else `$LOCKCHECK`, else
`lockcheck` on PATH, else `build/tools/lockcheck` of the checkout this package sits in. An
explicit choice (the first three) that names no executable is an error, not skipped over.
Items run one at a time, in collection order.
"""

import inspect
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import lockcheck

try:
    from _pytest._code.code import TerminalRepr
except ImportError:  # a pytest without it: repr_failure falls back to plain text
    TerminalRepr = None

try:
    from _pytest.python import path_matches_patterns
except ImportError:
    from _pytest.pathlib import fnmatch_ex

    def path_matches_patterns(path, patterns):
        return any(fnmatch_ex(pattern, path) for pattern in patterns)

PRAGMA = "# lockcheck:"
PRAGMA_LINES = 20  # the checker reads pragmas from the first 20 lines (README "Pragmas")
NOT_SCENARIOS = ("conftest.py", "__init__.py")

_ROOTS = pytest.StashKey()     # list[Path]: the lockcheck_paths and --lockcheck paths, resolved
_BINARY = pytest.StashKey()    # (path or None, error message or None), found once per session
_GEN_DIR = pytest.StashKey()   # Path: where decorated functions' scenarios are written


class LockcheckError(Exception):
    """The scenario could not be checked (no binary, lockcheck crashed, no report)."""


class LockcheckFailure(Exception):
    """lockcheck's verdict is a failure; `text` is its report, `summary` its verdict line."""

    def __init__(self, summary, text):
        super().__init__(summary)
        self.summary = summary
        self.text = text


def pytest_addoption(parser):
    group = parser.getgroup("lockcheck", "lockcheck scenarios")
    group.addoption("--lockcheck", action="append", default=[], metavar="PATH",
                    dest="lockcheck_paths",
                    help="check the *.py scenarios in PATH (a file or folder) as well; "
                         "may be repeated")
    group.addoption("--lockcheck-binary", metavar="PATH", dest="lockcheck_binary",
                    help="the lockcheck binary (default: ini lockcheck_binary, $LOCKCHECK, "
                         "PATH, this checkout's build/tools/lockcheck)")
    group.addoption("--lockcheck-arg", action="append", default=[], metavar="ARG",
                    dest="lockcheck_args",
                    help="pass ARG to `lockcheck check` (e.g. --lockcheck-arg=--jobs=1); "
                         "may be repeated, after the ini's lockcheck_args")
    group.addoption("--lockcheck-strict", action="store_true", default=None,
                    dest="lockcheck_strict",
                    help="fail scenarios whose search was cut short instead of skipping them")
    parser.addini("lockcheck_paths", type="paths", default=[],
                  help="files and folders whose *.py are lockcheck scenarios")
    parser.addini("lockcheck_binary", default="", help="the lockcheck binary")
    parser.addini("lockcheck_args", type="args", default=[],
                  help="extra arguments for `lockcheck check`")
    parser.addini("lockcheck_strict", type="bool", default=False,
                  help="fail scenarios whose search was cut short instead of skipping them")
    parser.addini("lockcheck_pragma_files", type="bool", default=True,
                  help="treat *.py files whose first 20 lines hold a `# lockcheck:` pragma "
                       "as scenarios")


def pytest_configure(config):
    config.addinivalue_line("markers", "lockcheck: a lockcheck scenario (added by the plugin)")
    invocation = Path(config.invocation_params.dir)
    roots = [Path(p).resolve() for p in config.getini("lockcheck_paths")]
    for root in roots:
        if not root.exists():  # a typo would otherwise check nothing, silently
            raise pytest.UsageError(f"lockcheck_paths: no such file or folder: {root}")
    for given in config.getoption("lockcheck_paths"):
        path = (invocation / given).resolve()
        if not path.exists():
            raise pytest.UsageError(f"--lockcheck {given}: no such file or folder")
        roots.append(path)
        # Collected too, unless a path pytest collects already holds it.
        collected = [(invocation / str(arg).split("::")[0]).resolve() for arg in config.args]
        if not any(path == c or c in path.parents for c in collected):
            config.args.append(str(path))
    config.stash[_ROOTS] = roots


def _has_pragma(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for _, line in zip(range(PRAGMA_LINES), f):
                if line.startswith(PRAGMA):
                    return True
    except OSError:
        return False
    return False


def _is_scenario(path, config):
    if path.suffix != ".py" or path.name in NOT_SCENARIOS:
        return False
    resolved = path.resolve()
    for root in config.stash[_ROOTS]:
        if resolved == root or root in resolved.parents:
            return True
    return config.getini("lockcheck_pragma_files") and _has_pragma(path)


def _python_collects(path, parent):
    # The rule of _pytest.python.pytest_collect_file: a path named on the command line, or one
    # matching python_files. Those reach pytest_pycollect_makemodule below; the rest here.
    if parent.session.isinitpath(path):
        return True
    return path_matches_patterns(path, parent.config.getini("python_files") + ["__init__.py"])


def pytest_collect_file(file_path, parent):
    if _is_scenario(file_path, parent.config) and not _python_collects(file_path, parent):
        return LockcheckFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    # A scenario whose name matches python_files becomes a LockcheckFile instead of a Module:
    # it must not be imported (its threads would run at collection).
    if _is_scenario(module_path, parent.config):
        return LockcheckFile.from_parent(parent, path=module_path)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector, name, obj):
    if not getattr(obj, "__lockcheck_scenario__", False):
        return None
    defined_in = getattr(getattr(obj, "__wrapped__", obj), "__code__", None)
    if defined_in is None or Path(defined_in.co_filename).resolve() != collector.path.resolve():
        return []  # imported from another module: an item there, not here too
    return LockcheckFunctionItem.from_parent(collector, name=name, func=obj)


class LockcheckFile(pytest.File):
    """A scenario file: one item, never imported."""

    def collect(self):
        yield LockcheckFileItem.from_parent(self, name=self.path.stem)


if TerminalRepr is not None:
    class LockcheckRepr(TerminalRepr):
        """lockcheck's text as a failure; `reprcrash` gives pytest's summary line its message."""

        def __init__(self, text, summary, path, lineno):
            self.text = text
            self.reprcrash = _Crash(path, lineno, summary)

        def toterminal(self, tw):
            for line in self.text.rstrip("\n").split("\n"):
                tw.line(line)


class _Crash:
    """Where and what, as pytest's ReprFileLocation: --tb=line prints it, the summary and JUnit
    take its message."""

    def __init__(self, path, lineno, message):
        self.path = str(path)
        self.lineno = lineno
        self.message = message

    def __str__(self):
        return f"{self.path}:{self.lineno}: {self.message}"


def _display(path, invocation):
    """The path as lockcheck is given it and prints it: relative to where pytest started."""
    try:
        return str(Path(path).resolve().relative_to(invocation.resolve()))
    except ValueError:
        return str(Path(path).resolve())


def _executable(candidate):
    if os.sep in candidate or (os.altsep and os.altsep in candidate):
        return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None
    return shutil.which(candidate)


def _checkout_binary():
    # python/lockcheck/pytest_plugin.py -> the checkout's build/tools/lockcheck
    return Path(__file__).resolve().parents[2] / "build" / "tools" / "lockcheck"


def _explicit_binary(config):
    """(where it was given, the value, the folder a relative path is taken from), or None."""
    invocation = Path(config.invocation_params.dir)
    if config.getoption("lockcheck_binary"):
        return "--lockcheck-binary", config.getoption("lockcheck_binary"), invocation
    if config.getini("lockcheck_binary"):
        base = config.inipath.parent if config.inipath else config.rootpath
        return "the ini option lockcheck_binary", config.getini("lockcheck_binary"), base
    if os.environ.get("LOCKCHECK"):
        return "$LOCKCHECK", os.environ["LOCKCHECK"], invocation
    return None


def _find_binary(config):
    """(absolute path, None) or (None, what went wrong)."""
    explicit = _explicit_binary(config)
    if explicit is not None:
        source, value, base = explicit
        # A bare name is looked up on PATH, as a shell would; a path is taken from `base`.
        found = _executable(value if os.sep not in value else str(base / value))
        if found is None:
            return None, (f"lockcheck binary {value!r} (from {source}) is not an executable "
                          "file" + ("" if os.sep in value else " on PATH"))
        return os.path.abspath(found), None
    found = shutil.which("lockcheck")
    if found:
        return os.path.abspath(found), None
    checkout = _checkout_binary()
    if checkout.is_file() and os.access(checkout, os.X_OK):
        return str(checkout), None
    return None, ("no lockcheck binary found: pass --lockcheck-binary PATH, set lockcheck_binary "
                  "in the ini file or LOCKCHECK in the environment, or put lockcheck on PATH "
                  f"(looked on PATH and at {checkout}, where tools/setup.sh builds it)")


def _binary(config):
    if _BINARY not in config.stash:
        config.stash[_BINARY] = _find_binary(config)
    path, error = config.stash[_BINARY]
    if error:
        raise LockcheckError(error)
    return path


def _extra_args(config):
    return list(config.getini("lockcheck_args")) + list(config.getoption("lockcheck_args"))


def _strict(config):
    option = config.getoption("lockcheck_strict")
    return bool(option) if option is not None else config.getini("lockcheck_strict")


_SUMMARY = re.compile(r"^\d+ scenarios?: \d+ ok, ")


def _skip(reason):
    # Reported at the scenario (reportinfo), not at this line of the plugin; the keyword is
    # pytest's own (7.0 on) and otherwise plain pytest.skip.
    try:
        error = pytest.skip.Exception(reason, _use_item_location=True)
    except TypeError:
        pytest.skip(reason)
    raise error


class LockcheckItem(pytest.Item):
    """One scenario, checked by `lockcheck check`. Subclasses say which file and map the text."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_marker("lockcheck")

    def scenario_file(self):
        raise NotImplementedError

    def map_text(self, text, display):
        return text

    def runtest(self):
        binary = _binary(self.config)
        invocation = Path(self.config.invocation_params.dir)
        display = _display(self.scenario_file(), invocation)
        with tempfile.TemporaryDirectory(prefix="lockcheck-pytest-") as tmp:
            report_path = os.path.join(tmp, "report.json")
            command = [binary, "check", "--json", report_path, *_extra_args(self.config),
                       display]
            try:
                proc = subprocess.run(command, cwd=invocation, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except OSError as e:
                raise LockcheckError(f"could not run {binary}: {e}") from None
            stdout = proc.stdout.decode("utf-8", "replace")
            stderr = proc.stderr.decode("utf-8", "replace")
            try:
                with open(report_path, encoding="utf-8") as f:
                    report = json.load(f)
                scenarios = report["scenarios"]
                if not isinstance(scenarios, list) or not all(
                        isinstance(one, dict) for one in scenarios):
                    scenarios = None
            except (OSError, ValueError, KeyError, TypeError):
                scenarios = None
        # Exit status 0-3 are verdicts (README "Exit status"); anything else, or no report, means
        # lockcheck itself could not run the check, which is not a verdict on the scenario.
        if scenarios is None or len(scenarios) != 1 or proc.returncode not in (0, 1, 2, 3):
            got = ("no report" if scenarios is None
                   else f"a report of {len(scenarios)} scenarios, not 1")
            # The report's path is a fresh temporary one: shown as <report>, so the same run
            # gives the same text.
            shown = [binary, "check", "--json", "<report>", *command[4:]]
            raise LockcheckError(
                f"lockcheck check exited with status {proc.returncode} and {got}\n"
                f"command: {' '.join(shown)}"
                + (f"\nstdout:\n{stdout.rstrip()}" if stdout.strip() else "")
                + (f"\nstderr:\n{stderr.rstrip()}" if stderr.strip() else ""))
        scenario = scenarios[0]
        lines = [line for line in stdout.rstrip("\n").split("\n") if not _SUMMARY.match(line)]
        text = self.map_text("\n".join(lines).strip("\n") + "\n", display)
        if stderr.strip():
            text += "\nlockcheck's stderr:\n" + stderr
        summary = text.split("\n", 1)[0]
        if scenario.get("errors"):
            raise LockcheckFailure(summary, text)
        if scenario.get("matched_expectation"):
            self.add_report_section("call", "lockcheck", text)
            return
        if scenario.get("status") == "incomplete" and not _strict(self.config):
            _skip(summary)
        raise LockcheckFailure(summary, text)

    def repr_failure(self, excinfo, style=None):
        error = excinfo.value
        if isinstance(error, LockcheckFailure):
            text, summary = error.text, error.summary
        elif isinstance(error, LockcheckError):
            text = f"lockcheck: {error}\n"
            summary = text.split("\n", 1)[0]
        else:
            return super().repr_failure(excinfo, style)
        path, lineno, _ = self.reportinfo()
        if TerminalRepr is None:
            return text
        shown = _display(path, Path(self.config.invocation_params.dir))
        return LockcheckRepr(text, summary, shown, (lineno or 0) + 1)


class LockcheckFileItem(LockcheckItem):
    """A scenario file."""

    def scenario_file(self):
        return self.path

    def reportinfo(self):
        return self.path, 0, f"lockcheck {self.path.name}"


class LockcheckFunctionItem(LockcheckItem):
    """A function decorated with @lockcheck.scenario; its body is the scenario module."""

    def __init__(self, *, func, **kwargs):
        super().__init__(**kwargs)
        self.obj = func
        # The function's own marks (skip, xfail, ...), as pytest's Function takes them.
        marks = getattr(func, "pytestmark", [])
        marks = marks if isinstance(marks, list) else [marks]
        self.own_markers.extend(marks)
        for mark in marks:
            self.keywords[mark.name] = mark
        self._source = None

    def source(self):
        if self._source is None:
            try:
                self._source = lockcheck.scenario_source(self.obj)
            except (OSError, SyntaxError, ValueError) as e:
                raise LockcheckError(f"cannot read the scenario {self.name}: {e}") from None
        return self._source

    def scenario_file(self):
        try:
            return self._write_scenario()
        except OSError as e:
            raise LockcheckError(f"cannot write the scenario of {self.name}: {e}") from None

    def _write_scenario(self):
        src = self.source()
        base = self.config.stash.get(_GEN_DIR, None)
        if base is None:
            cache = getattr(self.config, "cache", None)
            if cache is not None:
                base = cache.mkdir("lockcheck")
            else:  # -p no:cacheprovider: a folder of its own, kept for the replay commands
                base = Path(tempfile.mkdtemp(prefix="lockcheck-pytest-"))
            self.config.stash[_GEN_DIR] = base
        test_file = Path(src.path)
        try:
            rel = test_file.relative_to(self.config.rootpath).with_suffix("")
        except ValueError:
            rel = Path("_outside") / test_file.with_suffix("").name
        # One file per item: a class's functions in a folder of the class.
        parts = self.nodeid.split("::")[1:]
        target = Path(base, rel, *parts[:-1]) / f"{parts[-1]}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Rewritten only when it changed, so a replay of an earlier report keeps working.
        if not target.is_file() or target.read_text(encoding="utf-8") != src.text:
            target.write_text(src.text, encoding="utf-8")
        return target

    def reportinfo(self):
        # From the code object, which cannot fail: pytest asks for this while collecting too.
        # co_firstlineno is the first decorator's line, scenario_source's def_line.
        code = inspect.unwrap(self.obj).__code__
        return self.path, code.co_firstlineno - 1, self.name

    def map_text(self, text, display):
        src = self.source()
        test = _display(src.path, Path(self.config.invocation_params.dir))
        try:
            with open(src.path, encoding="utf-8", errors="replace") as f:
                test_lines = f.read().split("\n")
        except OSError:
            test_lines = []  # diagnostics keep the written file's source line then
        gen = re.escape(display)

        def location(m):
            line, col = int(m.group(1)), int(m.group(2))
            if line == 1:  # the pragma, from the decorator
                return f"{test}:{src.def_line}:1"
            return f"{test}:{line}:{col + src.indent}"

        out = []
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            m = re.match(gen + r":(\d+):(\d+): error: ", line)
            if (m and int(m.group(1)) > 1 and i + 2 < len(lines)
                    and lines[i + 2].strip() == "^" and int(m.group(1)) <= len(test_lines)):
                # A diagnostic: its source line and caret, as they stand in the test file.
                original = test_lines[int(m.group(1)) - 1]
                col = int(m.group(2)) + src.indent
                caret = "".join("\t" if c == "\t" else " " for c in original[:col - 1])
                out += [re.sub(gen + r":(\d+):(\d+)", location, line),
                        "    " + original, "    " + caret + "^"]
                i += 3
                continue
            if line.startswith(display + ": "):
                line = self.nodeid + line[len(display):]
            line = re.sub(gen + r":(\d+):(\d+)", location, line)
            line = line.replace(f'File "{display}"', f'File "{test}"')
            # The main thread's first step is at line 1 of the written file, the pragma: in
            # the test file the module starts at the body's first line. Same field width.
            start = re.match(r"^(\s*\d+\s.*\s<module>\s+line )1( +)(thread starts)$", line)
            if start:
                number = str(src.first_line)
                pad = " " * max(1, 1 + len(start.group(2)) - len(number))
                line = start.group(1) + number + pad + start.group(3)
            # The folded set-up line ("1-5  MainThread  (set-up)  lines 1-23  ...") starts there
            # too.
            setup = re.match(r"^(\s*\d+-\d+\s.*\(set-up\)\s+lines )1(-\d+ .*)$", line)
            if setup:
                line = setup.group(1) + str(src.first_line) + setup.group(2)
            line = re.sub(r"\(line (\d+), col (\d+)\)",
                          lambda m: f"(line {m.group(1)}, col {int(m.group(2)) + src.indent})",
                          line)
            out.append(line)
            i += 1
        return "\n".join(out)
