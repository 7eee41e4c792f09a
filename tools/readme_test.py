#!/usr/bin/env python3
"""Every example output in the README is produced by a test (CTest: readme_examples).

A fenced block whose first line starts with "$ " is an example: each "$ COMMAND" line is run
from the repository root (`lockcheck` is the built binary, `tools/bench` the benchmark script
with that binary) and its standard output must match the lines after it, up to the next "$ "
line, exactly (trailing blanks aside), with two allowances the README marks visibly:

* an elision line, "..." alone or an indented "... (what is left out)", matches any number of
  lines, so a long output can show its first and last lines;
* a line that is a JSON object (a benchmark's output line) matches a JSON object with the same
  keys and the same values, except the keys of measured figures (TIMING_KEYS), whose values
  differ from run to run and machine to machine.

Blocks that do not start with "$ " (shell snippets, Python, tables) are not examples.

Usage: tools/readme_test.py LOCKCHECK_BINARY [README] [--list]
"""
import json
import os
import re
import shlex
import subprocess
import sys

TIMING_KEYS = {"seconds", "states_per_s", "peak_rss_bytes", "bytes_per_state",
               "rss_bytes_per_state"}
ELISION = re.compile(r"^\s*\.\.\.(\s+\(.*\))?\s*$")


def examples(readme):
    """(line number, command, expected lines) for each "$ " command in a fenced block."""
    out = []
    lines = readme.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        start = i + 1
        j = start
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        block = lines[start:j]
        if block and block[0].startswith("$ "):
            k = 0
            while k < len(block):
                command = block[k][2:]
                at = start + k + 1
                k += 1
                expected = []
                while k < len(block) and not block[k].startswith("$ "):
                    expected.append(block[k])
                    k += 1
                out.append((at, command, expected))
        i = j + 1
    return out


def same_line(expected, actual):
    if expected.rstrip() == actual.rstrip():
        return True
    if expected.lstrip().startswith("{"):
        try:
            e, a = json.loads(expected), json.loads(actual)
        except ValueError:
            return False
        if not isinstance(e, dict) or not isinstance(a, dict) or e.keys() != a.keys():
            return False
        return all(e[k] == a[k] for k in e if k not in TIMING_KEYS)
    return False


def matches(expected, actual):
    """Whether the actual lines match the expected ones, elision lines matching any run."""
    # memo[i][j]: expected[i:] matches actual[j:]
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(expected):
            r = j == len(actual)
        elif ELISION.match(expected[i]):
            r = any(m(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            r = j < len(actual) and same_line(expected[i], actual[j]) and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return m(0, 0)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__)
        return 2
    binary = os.path.abspath(args[0])
    readme_path = args[1] if len(args) > 1 else "README.md"
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    found = examples(readme)
    if "--list" in sys.argv:
        for at, command, _ in found:
            print(f"{readme_path}:{at}: $ {command}")
        return 0
    failed = 0
    for at, command, expected in found:
        words = shlex.split(command)
        if words[0] == "lockcheck":
            words[0] = binary
        elif words[0] == "tools/bench":
            words = [sys.executable, "tools/bench.py", "--lockcheck", binary] + words[1:]
        elif words[0] == "pytest":
            # Run in a project the plugin's own test writes: python/tests/test_pytest_plugin.py
            # (readme_failure_example) checks this example line by line.
            print(f"ok: {readme_path}:{at}: $ {command} (checked by the pytest_plugin CTest)")
            continue
        else:
            print(f"FAIL: {readme_path}:{at}: don't know how to run: {command}")
            failed += 1
            continue
        run = subprocess.run(words, capture_output=True, text=True, timeout=600)
        actual = run.stdout.rstrip("\n").split("\n") if run.stdout else []
        while expected and expected[-1] == "":
            expected.pop()
        if matches(expected, actual):
            print(f"ok: {readme_path}:{at}: $ {command}")
        else:
            failed += 1
            print(f"FAIL: {readme_path}:{at}: $ {command}\n--- the README shows:")
            print("\n".join(expected))
            print("--- the command printed:")
            print("\n".join(actual))
    print(f"{len(found) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
