"""lockcheck's Python side: the `scenario` decorator for scenarios written inside test files.

Pure Python with nothing but the standard library, so a scenario that imports it still runs
under plain `python3`. The pytest plugin lives in `lockcheck.pytest_plugin`.

A function decorated with `@lockcheck.scenario` stands for a scenario module: its body is the
module's code. `scenario_source` turns it into that module's text, the body dedented by the
indentation of its first statement, each line at the line number it has in the test file
(blank lines above it), with the decorator's settings as a `# lockcheck:` pragma on line 1.
The checker and plain Python both see that same text, so line numbers in a report, a replay
and a Python traceback are the test file's own, and calling the function runs the body once
as a fresh module, the way `python3 scenario.py` would run it.
"""

import ast
import builtins
import functools
import inspect
import io
import os
import tokenize

__all__ = ["scenario", "scenario_source", "ScenarioSource"]

# The bug kinds a pragma's expect= takes (README "Pragmas"; the report schema's `kind`).
KINDS = ("deadlock", "starvation", "livelock", "unlock-not-held", "assertion", "exception",
         "lock-order")

# Decorator keyword -> (pragma name, check of the value). The pragma names are the option table
# of the checker (`checker/options.h`); the checker validates values again, this only makes a
# bad one fail where the decorator is written rather than when the scenario is checked.
def _count(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"lockcheck.scenario: {name} must be an int >= 0, not {value!r}")
    return str(value)


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"lockcheck.scenario: {name} must be a number >= 0, not {value!r}")
    return repr(value)


def _choice(*choices):
    def check(name, value):
        if value not in choices:
            raise ValueError(f"lockcheck.scenario: {name} must be one of "
                             f"{', '.join(choices)}, not {value!r}")
        return value
    return check


def _kinds(name, value):
    kinds = [value] if isinstance(value, str) else list(value)
    if not kinds or any(not isinstance(k, str) for k in kinds):
        raise ValueError(f"lockcheck.scenario: {name} takes a bug kind or a list of them, "
                         f"not {value!r}")
    if kinds != ["pass"]:
        for k in kinds:
            if k not in KINDS:
                raise ValueError(f"lockcheck.scenario: {name}: unknown bug kind {k!r} "
                                 f"(kinds: pass, {', '.join(KINDS)})")
    return ",".join(kinds)


_OPTIONS = {
    "expect": ("expect", _kinds),
    "expect_strong": ("expect-strong", _kinds),
    "expect_cpython_3_13": ("expect-cpython-3.13", _kinds),
    "max_states": ("max-states", _count),
    "max_depth": ("max-depth", _count),
    "time_limit": ("time-limit", _number),
    "memory_limit": ("memory-limit", _count),
    "fairness": ("fairness", _choice("weak", "strong")),
    "profile": ("profile", _choice("language", "cpython-3.13")),
    "cycles": ("cycles", _choice("on", "off")),
    "step_budget": ("step-budget", _count),
    "max_call_depth": ("max-call-depth", _count),
}


class ScenarioSource:
    """The scenario module a decorated function stands for.

    path: the test file; name: the function's name; text: the module's source;
    def_line: the line of the first decorator (where the item is reported);
    first_line: the body's first line; indent: the columns the body was dedented by
    (add it to a column the checker reports to get the test file's column).
    """

    def __init__(self, path, name, text, def_line, first_line, indent):
        self.path = path
        self.name = name
        self.text = text
        self.def_line = def_line
        self.first_line = first_line
        self.indent = indent


def _pragma(options):
    items = [f"{_OPTIONS[key][0]}={value}" for key, value in options.items()]
    return "# lockcheck: " + " ".join(items) if items else ""


def _find_def(tree, func):
    """The FunctionDef of `func` in the parsed file: same name, same first line."""
    first = func.__code__.co_firstlineno
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == func.__name__:
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            if first in lines:
                return node
    return None


def _header_end(lines, node):
    """The line of the `:` that ends the def's header, and whether code follows it there."""
    start = node.lineno
    text = "".join(lines[start - 1:node.body[0].lineno])
    depth = 0
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        elif tok.type == tokenize.OP and tok.string == ":" and depth == 0:
            line = start + tok.end[0] - 1
            rest = lines[line - 1][tok.end[1]:].strip()
            return line, bool(rest) and not rest.startswith("#")
    return node.body[0].lineno - 1, False


def scenario_source(func):
    """Builds the ScenarioSource of a decorated (or plain) function; ValueError if it cannot."""
    func = inspect.unwrap(func)
    path = inspect.getsourcefile(func)
    if path is None:
        raise ValueError(f"lockcheck.scenario: no source file for {func.__qualname__}")
    with open(path, encoding="utf-8") as f:
        source = f.read()
    lines = source.splitlines(keepends=True)
    node = _find_def(ast.parse(source, path), func)
    if node is None:
        raise ValueError(f"lockcheck.scenario: cannot find the def of {func.__qualname__} "
                         f"in {path}")
    header_end, inline = _header_end(lines, node)
    if inline:
        raise ValueError(f"{path}:{node.lineno}: lockcheck.scenario: {func.__name__}'s body "
                         "must start on a line of its own")
    first = node.body[0]
    indent = first.col_offset
    prefix = lines[first.lineno - 1][:indent]
    options = getattr(func, "__lockcheck_options__", {})
    out = [_pragma(options) + "\n"]
    # Blank lines up to the body, so each body line keeps its line number (the body starts at
    # line 2 at the earliest: the def is above it, so line 1 is free for the pragma).
    out.extend("\n" for _ in range(2, header_end + 1))
    for line in lines[header_end:node.end_lineno]:
        if line.startswith(prefix):
            out.append(line[indent:])
        elif line.strip() == "":
            out.append("\n")
        else:
            out.append(line)  # a string literal's continuation line, left as written
    if not out[-1].endswith("\n"):
        out[-1] += "\n"
    def_line = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return ScenarioSource(os.path.abspath(path), func.__name__, "".join(out), def_line,
                          first.lineno, indent)


def run_scenario(func):
    """Runs the scenario's module text once under this Python, as `python3 scenario.py` would:
    a fresh module namespace named __main__, its code compiled at the test file's lines."""
    src = scenario_source(func)
    code = compile(src.text, src.path, "exec")
    namespace = {"__name__": "__main__", "__file__": src.path, "__builtins__": builtins,
                 "__doc__": None}
    exec(code, namespace)  # noqa: S102 - running the user's scenario is the point


def scenario(func=None, **options):
    """Marks a function whose body is a lockcheck scenario module.

    @lockcheck.scenario, or @lockcheck.scenario(expect="deadlock", max_states=10000,
    fairness="strong", ...): the keywords are the pragma's (README "Pragmas") with `_` for `-`:
    expect, expect_strong, expect_cpython_3_13, max_states, max_depth, time_limit, memory_limit,
    fairness, profile, cycles, step_budget, max_call_depth. expect takes a kind or a list of
    kinds.

    The body is self-contained, like a scenario file: it imports threading itself, and names
    it binds are the scenario's globals. The function takes no parameters. Called, it runs
    the body once as a fresh module (one interleaving); under the pytest plugin it is an item
    that lockcheck checks.
    """
    checked = {}
    for key, value in options.items():
        if key not in _OPTIONS:
            raise TypeError(f"lockcheck.scenario: unknown option {key!r} "
                            f"(options: {', '.join(_OPTIONS)})")
        checked[key] = _OPTIONS[key][1](key, value)

    def decorate(f):
        if not inspect.isfunction(f):
            raise TypeError(f"lockcheck.scenario decorates a function, not {f!r}")
        params = inspect.signature(f).parameters
        if params:
            raise TypeError(f"lockcheck.scenario: {f.__name__} must take no parameters "
                            f"(its body is a module), it takes {', '.join(params)}")

        @functools.wraps(f)
        def run():
            run_scenario(f)

        run.__lockcheck_scenario__ = True
        run.__lockcheck_options__ = checked
        f.__lockcheck_options__ = checked
        return run

    if func is not None:
        if options:
            raise TypeError("lockcheck.scenario: give options as @lockcheck.scenario(...)")
        return decorate(func)
    return decorate
