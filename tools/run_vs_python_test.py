#!/usr/bin/env python3
"""Runs each scenario under `lockcheck run` and under python3 and requires the same printed
output: the text `lockcheck run` shows under its steps (the `| ` lines) must equal python3's
stdout. The scenarios' output must not depend on the interleaving.

usage: run_vs_python_test.py LOCKCHECK FILE..."""
import subprocess
import sys


def lockcheck_output(lockcheck, path):
    run = subprocess.run([lockcheck, "run", path, "--seed", "1"], capture_output=True, text=True,
                         timeout=60)
    lines = []
    for line in run.stdout.splitlines():
        stripped = line.lstrip(" ")
        if stripped.startswith("| "):
            lines.append(stripped[2:])
        elif stripped == "|":
            lines.append("")
    return run.returncode, "\n".join(lines) + ("\n" if lines else "")


def main():
    lockcheck, files = sys.argv[1], sys.argv[2:]
    failed = 0
    for path in files:
        py = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=60)
        code, lc = lockcheck_output(lockcheck, path)
        if code != 0 or py.returncode != 0 or lc != py.stdout:
            failed += 1
            print(f"{path}: differs (lockcheck exit {code}, python3 exit {py.returncode})")
            print("--- python3\n" + py.stdout + "--- lockcheck run\n" + lc)
        else:
            print(f"{path}: same output ({len(py.stdout.splitlines())} lines)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
