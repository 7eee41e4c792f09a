#!/usr/bin/env python3
"""The determinism test: the same check gives the same report, whatever the workers.

The reference is `--jobs 1` over every scenario under the given paths and members of the
benchmark's dining and counter families (whose searches run on several workers). Against it,
the text report and the JSON report must be byte for byte the same, apart from the timing
fields, the run figures (max_depth, store_bytes, bytes_per_state) and the `jobs` option the
JSON report echoes, for:

- every --jobs in --jobs-list (default 2, 3 and 4), over everything;
- --repeats runs (default 10) of --jobs 2 (the most racy setting on two cores) over a sample of
  the corpus (every --sample-th scenario, default 8) and the families;
- every strategy (bounded, pct, random) with a fixed seed, over the sample: twice with
  --jobs 1 and once with the last --jobs, all the same;
- `--time-limit 600` over the sample, where the limit is not hit: the same report as without
  it, apart from the time_limit option it echoes (a scenario whose search the limit cut, so
  that the verdict depends on time, is named and left out).

Exits 1 on any difference.

Usage: tools/determinism_test.py [--jobs-list 2,3,4] [--repeats N] [--sample N]
                                 [--strategies all|none] [--families default|small|none]
                                 [--time-limit on|off] [--extra-arg=ARG]... LOCKCHECK PATH...
"""
import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the benchmark's scenario generators)
import report_figures  # noqa: E402

STRATEGIES = ("bounded", "pct", "random")


def check(lockcheck, paths, flags, json_path, drop_options=("jobs",)):
    """The text report and the JSON report, without what may differ between runs."""
    p = subprocess.run([lockcheck, "check", "--allow-incomplete", *flags, "--json", json_path,
                        *paths],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if p.returncode not in (0, 1, 2, 3):
        # A crash, or a sanitizer's report (they exit with their own status).
        sys.stdout.write(p.stderr.decode(errors="replace")[-4000:])
        raise SystemExit(f"FAIL: lockcheck check {' '.join(flags)} exited {p.returncode}")
    text = p.stdout.decode()
    with open(json_path, encoding="utf-8") as f:
        report = json.load(f)
    return text, report_figures.strip(report, drop_options)


def dump(report):
    return json.dumps(report, indent=1, sort_keys=True)


def scenario_files(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                out += [os.path.join(root, f) for f in files if f.endswith(".py")]
        else:
            out.append(p)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description="The determinism test (see the module docstring).")
    ap.add_argument("--jobs-list", default="2,3,4")
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--sample", type=int, default=8)
    ap.add_argument("--strategies", choices=("all", "none"), default="all")
    ap.add_argument("--families", choices=("default", "small", "none"), default="default")
    ap.add_argument("--time-limit", choices=("on", "off"), default="on")
    ap.add_argument("--extra-arg", action="append", default=[])
    ap.add_argument("lockcheck")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    jobs_list = [int(j) for j in args.jobs_list.split(",") if j]
    extra = args.extra_arg
    failures = 0

    def compare(what, a, b):
        nonlocal failures
        for kind, x, y in (("text", a[0], b[0]), ("JSON", dump(a[1]), dump(b[1]))):
            if x == y:
                continue
            failures += 1
            print(f"FAIL: the {kind} report of {what} differs:")
            sys.stdout.writelines(list(difflib.unified_diff(
                x.splitlines(True), y.splitlines(True), "reference", what))[:80])

    with tempfile.TemporaryDirectory() as tmp:
        generated = []
        if args.families != "none":
            sizes = (3, 5) if args.families == "default" else (3,)
            members = [(f"dining_{'ordered' if o else 'deadlock'}_n{n}", bench.dining(n, o))
                       for n in sizes for o in (True, False)]
            members += [(f"counter_{'locked' if l else 'racy'}_k{k}_m2", bench.counter(k, 2, l))
                        for k in (2, 3)[:len(sizes)] for l in (True, False)]
            for name, text in members:
                path = os.path.join(tmp, name + ".py")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                generated.append(path)
        files = scenario_files(args.paths)
        everything = [*files, *generated]
        sample = [*files[::args.sample], *generated]
        out = os.path.join(tmp, "out.json")

        reference = check(args.lockcheck, everything, ["--jobs", "1", *extra], out)
        for jobs in jobs_list:
            compare(f"--jobs {jobs}", reference,
                    check(args.lockcheck, everything, ["--jobs", str(jobs), *extra], out))

        sample_reference = check(args.lockcheck, sample, ["--jobs", "1", *extra], out)
        racy = jobs_list[0] if jobs_list else 1
        for run in range(args.repeats):
            compare(f"--jobs {racy}, run {run + 1} of {args.repeats} (sample)", sample_reference,
                    check(args.lockcheck, sample, ["--jobs", str(racy), *extra], out))

        strategies = STRATEGIES if args.strategies == "all" else ()
        for strategy in strategies:
            flags = ["--strategy", strategy, "--seed", "7", "--executions", "40", *extra]
            first = check(args.lockcheck, sample, ["--jobs", "1", *flags], out)
            compare(f"--strategy {strategy} --seed 7, again", first,
                    check(args.lockcheck, sample, ["--jobs", "1", *flags], out))
            last = jobs_list[-1] if jobs_list else 1
            compare(f"--strategy {strategy} --seed 7 --jobs {last}", first,
                    check(args.lockcheck, sample, ["--jobs", str(last), *flags], out))

        if args.time_limit == "on":
            limited = check(args.lockcheck, sample, ["--jobs", "1", "--time-limit", "600", *extra],
                            out, drop_options=("jobs", "time_limit"))
            unlimited = check(args.lockcheck, sample, ["--jobs", "1", *extra], out,
                              drop_options=("jobs", "time_limit"))
            cut = [s["file"] for s in limited[1]["scenarios"]
                   if s.get("stats", {}).get("limit") == "time-limit"]
            for name in cut:
                print(f"note: the time limit cut {name}; its verdict depends on time")
            if not cut:
                compare("--time-limit 600 (not hit)", unlimited, limited)

        print(f"{len(reference[1]['scenarios'])} scenarios ({len(sample)} in the sample), "
              f"--jobs {','.join(map(str, [1, *jobs_list]))}, {args.repeats} repeats, "
              f"strategies {','.join(strategies) or 'none'}, time limit {args.time_limit}: "
              f"{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
