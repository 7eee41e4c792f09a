#!/usr/bin/env python3
"""The determinism test: the report does not depend on --jobs.

Checks every scenario under the given folders, and members of the benchmark's dining and
counter families (whose searches run on several workers), with `--jobs 1` and then, three
times, with `--jobs 2`, and requires the text report and the JSON report to be byte for byte
the same, apart from the timing fields, the run figures (max_depth, store_bytes,
bytes_per_state) and the `jobs` option the JSON report echoes. Exits 1 on any difference.

Usage: tools/determinism_test.py LOCKCHECK FOLDER...
"""
import difflib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the benchmark's scenario generators)

RUN_FIGURES = {"seconds", "peak_memory_bytes", "max_depth", "store_bytes", "bytes_per_state"}


def check(lockcheck, paths, jobs, json_path):
    """The text report and the JSON report, without what may differ between runs."""
    text = subprocess.run([lockcheck, "check", "--allow-incomplete", "--jobs", str(jobs),
                           "--json", json_path, *paths],
                          stdout=subprocess.PIPE, check=False).stdout.decode()
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    report["options"].pop("jobs", None)
    for scenario in report["scenarios"]:
        for field in RUN_FIGURES:
            scenario.get("stats", {}).pop(field, None)
    return text, json.dumps(report, indent=1, sort_keys=True)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lockcheck, folders = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        generated = []
        members = [(f"dining_{'ordered' if o else 'deadlock'}_n{n}", bench.dining(n, o))
                   for n in (3, 5) for o in (True, False)]
        members += [(f"counter_{'locked' if l else 'racy'}_k{k}_m2", bench.counter(k, 2, l))
                    for k in (2, 3) for l in (True, False)]
        for name, text in members:
            path = os.path.join(tmp, name + ".py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            generated.append(path)
        paths = [*folders, *generated]
        one = check(lockcheck, paths, 1, os.path.join(tmp, "one.json"))
        failures = 0
        for attempt in range(3):
            two = check(lockcheck, paths, 2, os.path.join(tmp, "two.json"))
            for what, a, b in (("text", one[0], two[0]), ("JSON", one[1], two[1])):
                if a == b:
                    continue
                failures += 1
                print(f"FAIL: the {what} report of --jobs 2 (run {attempt + 1}) differs:")
                sys.stdout.writelines(list(difflib.unified_diff(
                    a.splitlines(True), b.splitlines(True), "--jobs 1", "--jobs 2"))[:80])
        print(f"{len(json.loads(one[1])['scenarios'])} scenarios, {failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
