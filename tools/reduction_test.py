#!/usr/bin/env python3
"""The reduction-equivalence test: partial-order reduction must lose no bug.

Checks every scenario under the given folders twice, with `--reduction off` (every
interleaving) and with the reduction on, under weak and under strong fairness, and requires for
each scenario the same set of bugs (kind and location, warnings included) and the same verdict
both ways. Prints one line per scenario with the states each search stored; exits 1 on any
difference.

Usage: tools/reduction_test.py LOCKCHECK FOLDER...
"""
import json
import os
import subprocess
import sys
import tempfile


def check(lockcheck, folders, extra, out):
    subprocess.run([lockcheck, "check", "--quiet", "--allow-incomplete", "--json", out, *extra,
                    *folders], stdout=subprocess.DEVNULL, check=False)
    with open(out, encoding="utf-8") as f:
        return {s["file"]: s for s in json.load(f)["scenarios"]}


def bugs(scenario):
    return sorted((b["kind"], b["location"]["line"], b["location"]["column"])
                  for b in scenario.get("bugs", []))


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lockcheck, folders = sys.argv[1], sys.argv[2:]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for fairness in ("weak", "strong"):
            args = ["--fairness", fairness]
            full = check(lockcheck, folders, args + ["--reduction", "off"],
                         os.path.join(tmp, "full.json"))
            reduced = check(lockcheck, folders, args + ["--reduction", "on"],
                            os.path.join(tmp, "reduced.json"))
            if sorted(full) != sorted(reduced) or not full:
                print(f"FAIL {fairness}: the two runs checked different scenarios")
                failures += 1
                continue
            for name in sorted(full):
                a, b = full[name], reduced[name]
                same = bugs(a) == bugs(b) and a["status"] == b["status"]
                states = f'{a["stats"]["states"]:,} -> {b["stats"]["states"]:,} states'
                print(f'{"ok  " if same else "FAIL"} {fairness:6} {name}: {states}')
                if not same:
                    failures += 1
                    print(f"     without reduction: {a['status']} {bugs(a)}")
                    print(f"     with reduction:    {b['status']} {bugs(b)}")
    print(f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
