#!/usr/bin/env python3
"""The reduction-equivalence test: partial-order reduction must lose no bug.

Checks every scenario under the given folders twice, with `--reduction off` (every
interleaving) and with the reduction on, under weak and under strong fairness, and requires for
each scenario the same set of bugs (kind and location, warnings included) and the same verdict
both ways. Prints one line per scenario with the states each search stored; exits 1 on any
difference. FOLDER may also be a single scenario file. With --families, the small members of
tools/bench.py's families (dining N <= 5, counters K <= 3, buffers P, C <= 2, the loops K <= 3,
the naive smokers of one round; not the time-to-first-bug members nor the two whose search
cannot finish) are written to a temporary folder and checked too.

Usage: tools/reduction_test.py [--families] LOCKCHECK FOLDER...
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the benchmark's scenario generators)


def check(lockcheck, folders, extra, out):
    subprocess.run([lockcheck, "check", "--quiet", "--allow-incomplete", "--json", out, *extra,
                    *folders], stdout=subprocess.DEVNULL, check=False)
    with open(out, encoding="utf-8") as f:
        return {s["file"]: s for s in json.load(f)["scenarios"]}


def bugs(scenario):
    return sorted((b["kind"], b["location"]["line"], b["location"]["column"])
                  for b in scenario.get("bugs", []))


def small(name):
    """Whether a bench family member is small enough for the equivalence test."""
    numbers = [int(n) for n in re.findall(r"_[a-z](\d+)", name)]
    if name in bench.UNFINISHABLE:
        return False
    if name.startswith("smokers"):  # the book's (no number) have their own tests
        return bool(numbers) and numbers[0] <= 1 and "naive" in name
    if name.startswith("dining"):
        return numbers[0] <= 5
    if name.startswith("counter"):
        return numbers[0] <= 3 and numbers[1] <= 2
    if name.startswith("buffer"):
        return max(numbers) <= 2
    return numbers[0] <= 3


def write_families(folder):
    for member in bench.family():
        if small(member.name) and not member.args:
            with open(os.path.join(folder, member.name + ".py"), "w", encoding="utf-8") as f:
                f.write(member.text)


def main():
    args = sys.argv[1:]
    families = "--families" in args
    args = [a for a in args if a != "--families"]
    if len(args) < 2 - families:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lockcheck, folders = args[0], args[1:]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        if families:
            folders.append(os.path.join(tmp, "families"))
            os.mkdir(folders[-1])
            write_families(folders[-1])
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
