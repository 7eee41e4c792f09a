#!/usr/bin/env python3
"""The distributed search under mpirun: the same report as one process, and a clean failure.

`mpirun -np P lockcheck check --distributed` with P = 1, 2, 3 and 4 ranks (oversubscribed on
this machine's cores; --allow-run-as-root where the test runs as root, as CI does), against
`lockcheck check` in one process (--jobs 2), on:

- the whole corpus: each scenario's JSON report is the one-process report byte for byte,
  apart from the run figures (tools/report_figures.py) and how the run was made (the ranks'
  shares, the search order, the `distributed` option), fair cycles included (the ranks write
  down the graph and rank 0 searches it for them as one process does); and the reports
  validate against the report schema;
- members of the benchmark's families (dining deadlocking and ordered, a Condition buffer, a
  barging loop that starves, a polling loop): the JSON report and the text report (-v aside)
  are the one-process ones, and rank 0 alone prints;
- refusals: --distributed with --swarm;
- a deep, narrow graph (a list appended to forever) on 3 ranks, more than the cores: the growth
  diagnostic, and a time limit that holds where every level is slow;
- a fault: rank 1 of 3 is killed (SIGKILL) in the middle of a search that takes seconds; the
  run must fail (non-zero status), mpirun must name the rank, and no report is written.

A lockcheck built without MPI must refuse --distributed (status 2, a diagnostic saying what to
install, no report written); the test then checks that and reports the rest as skipped
(status 77), as it does when mpirun is missing.

Usage: tools/distributed_test.py LOCKCHECK [--ranks 1,2,3,4] [--corpus DIR]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the benchmark's scenario generators)
import report_figures  # noqa: E402

SKIP = 77


def mpirun_prefix(ranks):
    prefix = ["mpirun", "--oversubscribe", "-np", str(ranks)]
    if os.geteuid() == 0:
        prefix.insert(1, "--allow-run-as-root")
    return prefix


def run(argv, timeout=900):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          check=False)


def check(argv, json_path, what):
    p = run(argv + ["--json", json_path])
    if p.returncode not in (0, 1, 3):
        sys.stdout.write(p.stderr.decode(errors="replace")[-4000:])
        raise SystemExit(f"FAIL: {what}: exited {p.returncode}")
    with open(json_path, encoding="utf-8") as f:
        return p, json.load(f)


def one_process(lockcheck, paths, json_path):
    return check([lockcheck, "check", "--jobs", "2", *paths], json_path, "one process")


def distributed(lockcheck, ranks, paths, json_path, extra=()):
    return check(mpirun_prefix(ranks) + [lockcheck, "check", "--distributed", *extra, *paths],
                 json_path, f"{ranks} ranks")


def dump(value):
    return json.dumps(value, indent=1, sort_keys=True)


def compare_reports(one, dist, ranks, failures):
    """One-process report `one` against the distributed `dist` (both parsed), per scenario;
    returns how many are the same, and how many of those are programs with loops (their fair
    cycles searched on rank 0)."""
    report_figures.strip(one, distributed=True)
    report_figures.strip(dist, distributed=True)
    if one["options"] != dist["options"]:
        failures.append(f"{ranks} ranks: options differ: {dump(one['options'])} vs "
                        f"{dump(dist['options'])}")
    same = loops = 0
    for a, b in zip(one["scenarios"], dist["scenarios"], strict=True):
        name = f"{ranks} ranks, {a['file']}"
        if a != b:
            failures.append(f"{name}: the report differs:\n--- one process\n{dump(a)}\n"
                            f"--- distributed\n{dump(b)}")
            continue
        same += 1
        loops += any(bug["trace"].get("loop_start") is not None for bug in b["bugs"])
    return same, loops


def test_corpus(lockcheck, corpus, ranks_list, tmp, failures):
    _, reference = one_process(lockcheck, [corpus], os.path.join(tmp, "one.json"))
    for ranks in ranks_list:
        start = time.monotonic()
        _, report = distributed(lockcheck, ranks, [corpus], os.path.join(tmp, f"d{ranks}.json"))
        same, loops = compare_reports(json.loads(json.dumps(reference)), report, ranks, failures)
        if ranks > 1:
            schema = run(["/usr/bin/python3", "reports/schema_test.py",
                          "reports/schema/lockcheck-report-1.schema.json",
                          os.path.join(tmp, f"d{ranks}.json")])
            if schema.returncode != 0:
                failures.append(f"{ranks} ranks: the report does not validate against the "
                                f"schema:\n{schema.stdout.decode()[-3000:]}")
        print(f"corpus, {ranks} ranks: {same} scenarios the one-process report, {loops} of "
              f"them with a fair cycle found on rank 0 ({time.monotonic() - start:.1f} s)")


def test_bench_members(lockcheck, ranks_list, tmp, failures):
    members = {"dining_deadlock_n6": bench.dining(6, False),
               "dining_ordered_n7": bench.dining(7, True),
               "buffer_one_p2_c2": bench.buffer(2, 2, "one"),
               "loop_barging_k3": bench.loop_barging(3),
               "loop_poll_k3": bench.loop_poll(3)}
    paths = []
    for name, text in members.items():
        path = os.path.join(tmp, f"{name}.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(path)
    p_one, reference = one_process(lockcheck, paths, os.path.join(tmp, "bench_one.json"))
    for ranks in ranks_list:
        p, report = distributed(lockcheck, ranks, paths, os.path.join(tmp, f"bench_d{ranks}.json"))
        for s in report["scenarios"]:
            d = s["stats"].get("distributed", {})
            name = f"{os.path.basename(s['file'])}, {ranks} ranks"
            if d.get("ranks") != ranks or len(d["states"]) != ranks:
                failures.append(f"{name}: stats.distributed is {d}")
            elif sum(d["states"]) != s["stats"]["states"]:
                failures.append(f"{name}: the ranks' states do not add up: {d}")
            elif ranks > 1 and (min(d["states"]) == 0 or min(d["states_sent"]) == 0):
                failures.append(f"{name}: a rank stored or sent nothing: {d}")
        one = json.loads(json.dumps(reference))
        same, loops = compare_reports(one, report, ranks, failures)
        if loops == 0:
            failures.append(f"bench members, {ranks} ranks: no fair cycle found (loop_barging "
                            f"starves)")
        if p.stdout != p_one.stdout:
            failures.append(f"bench members, {ranks} ranks: the text report differs:\n"
                            f"{p_one.stdout.decode()}\n---\n{p.stdout.decode()}")
    print(f"bench members {', '.join(members)} on {','.join(map(str, ranks_list))} ranks: the "
          f"one-process reports, JSON and text")


def test_refusals(lockcheck, tmp, failures):
    path = os.path.join(tmp, "dining_deadlock_n6.py")
    p = run([lockcheck, "check", "--distributed", "--swarm", "1/2", path])
    if p.returncode != 2 or b"--swarm" not in p.stderr:
        failures.append(f"--distributed --swarm: exit {p.returncode}, {p.stderr.decode()}")
    print("--distributed with --swarm refused")


def rank_pid(rank, parent):
    """The pid of the lockcheck process of `rank` under mpirun `parent`, or None."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read().split(b"\0")
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"--distributed" in cmd and f"OMPI_COMM_WORLD_RANK={rank}".encode() in env:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == parent:
                    return int(entry)
    return None


def test_fault(lockcheck, tmp, failures):
    # Eleven philosophers, ordered: 1.9 million states, several seconds on 3 ranks.
    path = os.path.join(tmp, "dining_ordered_n11.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(bench.dining(11, True))
    out = os.path.join(tmp, "fault.json")
    proc = subprocess.Popen(mpirun_prefix(3) + [lockcheck, "check", "--distributed", "--json",
                                                 out, path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        victim = rank_pid(1, proc.pid)
    if victim is None:
        proc.kill()
        failures.append("fault: rank 1 never appeared under mpirun")
        return
    time.sleep(1.5)  # into the search: the probes take a fraction of a second
    os.kill(victim, signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=120)
    text = (stdout + stderr).decode(errors="replace")
    if proc.returncode == 0:
        failures.append(f"fault: the run with a killed rank exited 0:\n{text}")
    if "rank 1" not in text or "signal 9" not in text:
        failures.append(f"fault: no message naming rank 1 and its signal:\n{text}")
    if os.path.exists(out):
        failures.append("fault: a report was written by a run that lost a rank")
    if "1 scenario" in text:
        failures.append(f"fault: a summary was printed by a run that lost a rank:\n{text}")
    print(f"fault: rank 1 killed, the run exited {proc.returncode}, no report written")


def test_deep_narrow(lockcheck, tmp, failures):
    """A graph of one long path (one thread appending to a list forever): one level, and one
    exchange, per state. More ranks than cores must still reach the growth diagnostic (ranks
    waiting in an exchange yield their core), and a time limit must hold even where each level
    is slow (forced with mpi_yield_when_idle 0) and takes fewer steps than the workers poll at."""
    path = os.path.join(tmp, "growing_list.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(bench.growing_list())
    begun = time.monotonic()
    p = run(mpirun_prefix(3) + [lockcheck, "check", "--distributed", "--jobs", "1",
                                "--time-limit", "60", path])
    wall = time.monotonic() - begun
    if p.returncode != 2 or b"grows without bound" not in p.stdout:
        failures.append(f"deep, narrow graph on 3 ranks: exit {p.returncode} after {wall:.1f} s, "
                        f"not the growth diagnostic:\n{p.stdout.decode()[-2000:]}")
    begun = time.monotonic()
    slow = mpirun_prefix(3) + ["--mca", "mpi_yield_when_idle", "0"]
    q = run(slow + [lockcheck, "check", "--distributed", "--jobs", "1", "--time-limit", "2", path])
    slow_wall = time.monotonic() - begun
    if q.returncode not in (2, 3) or slow_wall > 25:
        failures.append(f"deep, narrow graph with --time-limit 2: exit {q.returncode} after "
                        f"{slow_wall:.1f} s")
    print(f"deep, narrow graph on 3 ranks: the growth diagnostic in {wall:.1f} s; with spinning "
          f"ranks and --time-limit 2, stopped after {slow_wall:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lockcheck")
    parser.add_argument("--ranks", default="1,2,3,4")
    parser.add_argument("--corpus", default="scenarios/corpus")
    args = parser.parse_args()
    lockcheck = os.path.abspath(args.lockcheck)
    ranks_list = [int(r) for r in args.ranks.split(",")]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dining_deadlock_n6.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(bench.dining(6, False))
        out = os.path.join(tmp, "refused.json")
        p = run([lockcheck, "check", "--distributed", "--json", out, path])
        if b"built without MPI" in p.stderr:
            ok = p.returncode == 2 and not os.path.exists(out) and b"openmpi" in p.stderr
            if not ok:
                raise SystemExit(f"FAIL: --distributed without MPI: exit {p.returncode}, "
                                 f"{p.stderr.decode()}")
            print("--distributed refused by a lockcheck built without MPI (status 2, "
                  "no report)")
            print("skipped: the mpirun tests: this lockcheck was built without MPI")
            return SKIP
        if shutil.which("mpirun") is None:
            print("skipped: mpirun is not installed (Debian: openmpi-bin)")
            return SKIP
        test_refusals(lockcheck, tmp, failures)
        test_bench_members(lockcheck, ranks_list, tmp, failures)
        test_fault(lockcheck, tmp, failures)
        test_deep_narrow(lockcheck, tmp, failures)
        test_corpus(lockcheck, args.corpus, ranks_list, tmp, failures)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
