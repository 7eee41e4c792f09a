#!/usr/bin/env python3
"""lockcheck's benchmark: scaling scenario families, one JSON line per scenario.

Families (generated into a temporary folder, in the scenario subset, runnable by python3):
  dining_deadlock_nN / dining_ordered_nN   dining philosophers, one round each, N = 3..8
  counter_locked_kK_mM / counter_racy_kK_mM  K threads x M increments of a global, with and
                                             without a lock, K = 2..4, M = 1..3
  buffer_{all,two,one}_pP_cC                 bounded buffer (capacity 2), P producers x C
                                             consumers, 2 items each: one Condition and
                                             notify_all / two Conditions and notify / one
                                             Condition and notify (can deadlock)
  loop_spin_kK / loop_poll_kK / loop_barging_kK
                                             looping programs, whose state graphs are full of
                                             cycles: K threads spin-waiting on a chain of flags
                                             (no finding), K threads polling an Event with a
                                             timeout (no finding), K workers re-taking a lock
                                             while a stopper waits (starvation)

To measure what a check costs, pass lockcheck's own flags through, e.g.
`tools/bench --only loop --lockcheck-arg=--cycles=off` (fair cycles not looked for).

For each it runs `lockcheck check --json` and prints states, transitions, seconds, states/s,
peak RSS of the child, bytes per stored state (the search's own structures / states) and the
RSS-based figure (peak RSS above a trivial scenario's, / states), with the verdict and whether
it matched the scenario's pragma. Not a test.

Usage: tools/bench [--only SUBSTRING] [--lockcheck PATH] [--time-limit SECONDS]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def dining(n, ordered):
    pick = ("first, second = min(i, (i + 1) % N), max(i, (i + 1) % N)" if ordered
            else "first, second = i, (i + 1) % N")
    return f'''# lockcheck: expect={"pass" if ordered else "deadlock"}
"""Dining philosophers, N={n}{", ordered forks" if ordered else ""}."""
import threading

N = {n}
forks = [threading.Lock() for _ in range(N)]


def phil(i):
    {pick}
    with forks[first]:
        with forks[second]:
            pass


threads = [threading.Thread(target=phil, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def counter(k, m, locked):
    body = ("        with lock:\n            counter += 1" if locked
            else "        counter += 1")
    return f'''# lockcheck: expect={"pass" if locked else "assertion"}
"""{k} threads x {m} increments of a shared counter, {"with" if locked else "without"} a lock."""
import threading

counter = 0
lock = threading.Lock()


def work():
    global counter
    for _ in range({m}):
{body}


threads = [threading.Thread(target=work) for _ in range({k})]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == {k * m}
'''


def buffer(p, c, variant):
    """Producers put, consumers get, through a buffer of capacity 2 (as ../shared/spin's
    bounded_buffer.pml)."""
    items = 2
    total = p * items
    if total % c:
        return None
    per_consumer = total // c
    if variant == "two":
        setup = "not_full = threading.Condition(lock)\nnot_empty = threading.Condition(lock)"
        wake_put, wake_get = "not_empty.notify()", "not_full.notify()"
        wait_put, wait_get = "not_full.wait()", "not_empty.wait()"
    else:
        setup = "cond = threading.Condition(lock)"
        call = "notify_all()" if variant == "all" else "notify()"
        wake_put = wake_get = "cond." + call
        wait_put = wait_get = "cond.wait()"
    # One Condition and notify() can wake a thread of the wrong kind; with capacity 2 and two
    # items each that deadlocks from 3 producers x 3 consumers on (SPIN's bounded_buffer.pml
    # agrees: no deadlock at 2 x 2, a deadlock at 3 x 3).
    expect = "deadlock" if variant == "one" and p >= 3 and c >= 3 else "pass"
    return f'''# lockcheck: expect={expect}
"""Bounded buffer (capacity 2), {p} producers x {c} consumers, {variant}."""
import threading

lock = threading.Lock()
{setup}
buf = []


def producer():
    for i in range({items}):
        with lock:
            while len(buf) == 2:
                {wait_put}
            buf.append(i)
            {wake_put}


def consumer():
    for i in range({per_consumer}):
        with lock:
            while len(buf) == 0:
                {wait_get}
            buf.pop(0)
            {wake_get}


threads = [threading.Thread(target=producer) for _ in range({p})]
threads += [threading.Thread(target=consumer) for _ in range({c})]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def loop_spin(k):
    return f'''"""{k} threads spin-waiting on a chain of flags."""
import threading

flags = [False] * {k + 1}


def spin(i):
    while not flags[i]:
        pass
    flags[i + 1] = True


threads = [threading.Thread(target=spin, args=(i,)) for i in range({k})]
for t in threads:
    t.start()
flags[0] = True
for t in threads:
    t.join()
assert flags[{k}]
'''


def loop_poll(k):
    return f'''"""{k} threads polling an Event with a timeout until the main thread sets it."""
import threading

ready = threading.Event()
polls = [0] * {k}


def poll(i):
    while not ready.wait(timeout=0.1):
        pass


threads = [threading.Thread(target=poll, args=(i,)) for i in range({k})]
for t in threads:
    t.start()
ready.set()
for t in threads:
    t.join()
'''


def loop_barging(k):
    return f'''# lockcheck: expect=starvation
"""{k} workers re-taking a lock in a loop until a stopper, waiting for the same lock, stops them."""
import threading

lock = threading.Lock()
done = False


def work():
    while True:
        with lock:
            if done:
                return


def stop():
    global done
    with lock:
        done = True


threads = [threading.Thread(target=work) for _ in range({k})]
threads.append(threading.Thread(target=stop))
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def family():
    for n in range(3, 9):
        yield f"dining_deadlock_n{n}", dining(n, False)
        yield f"dining_ordered_n{n}", dining(n, True)
    for k in range(2, 5):
        for m in range(1, 4):
            yield f"counter_locked_k{k}_m{m}", counter(k, m, True)
            yield f"counter_racy_k{k}_m{m}", counter(k, m, False)
    for p, c in ((1, 1), (2, 1), (2, 2), (3, 3)):
        for variant in ("all", "two", "one"):
            text = buffer(p, c, variant)
            if text:
                yield f"buffer_{variant}_p{p}_c{c}", text
    for k in range(2, 6):
        yield f"loop_spin_k{k}", loop_spin(k)
        yield f"loop_poll_k{k}", loop_poll(k)
        yield f"loop_barging_k{k}", loop_barging(k)


def run(lockcheck, path, time_limit, extra=()):
    """Runs one check; returns (report or None, peak RSS of that child in bytes, exit status).

    os.wait4 gives the rusage of exactly this child (RUSAGE_CHILDREN would be the maximum over
    all children so far); ru_maxrss is in KiB on Linux."""
    out = path + ".json"
    if os.path.exists(out):
        os.unlink(out)
    proc = subprocess.Popen([lockcheck, "check", "--quiet", "--allow-incomplete",
                             "--time-limit", str(time_limit), "--json", out, *extra, path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    report = None
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    if report is None or proc.returncode == 2:
        sys.stderr.write(stderr.decode(errors="replace"))
    return report, usage.ru_maxrss * 1024, proc.returncode


def measure(name, report, rss, base_rss, code):
    """One output line: the search's figures from the report, memory from the child."""
    if report is None or not report.get("scenarios"):
        return {"scenario": name, "error": f"lockcheck exited {code} without a report"}
    s = report["scenarios"][0]
    st = s["stats"]
    states = st["states"]
    seconds = st["seconds"]
    line = {
        "scenario": name,
        "states": states,
        "transitions": st["transitions"],
        "seconds": round(seconds, 3),
        "states_per_s": round(states / seconds) if seconds > 0 else None,
        "peak_rss_bytes": rss,
        "bytes_per_state": round(st["store_bytes"] / states, 1) if states else None,
        "rss_bytes_per_state": round(max(rss - base_rss, 0) / states, 1) if states else None,
        "complete": st["complete"],
        "verdict": s["status"],
        "matched": s["matched_expectation"],
    }
    if s["status"] == "error":
        line["error"] = "; ".join(e["message"] for e in s["errors"])
    return line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", metavar="SUBSTRING",
                        help="run only the scenarios whose name contains this")
    parser.add_argument("--lockcheck", metavar="PATH",
                        default=os.path.join(HERE, "..", "build", "tools", "lockcheck"),
                        help="the lockcheck binary (default: build/tools/lockcheck)")
    parser.add_argument("--time-limit", type=float, default=120, metavar="SECONDS",
                        help="search time per scenario, passed to lockcheck (default 120)")
    parser.add_argument("--lockcheck-arg", action="append", default=[], metavar="ARG",
                        help="pass ARG to lockcheck check (repeatable), e.g. --cycles=off")
    args = parser.parse_args()
    if not os.access(args.lockcheck, os.X_OK):
        print(f"bench: no lockcheck binary at {args.lockcheck} (run tools/setup.sh, or pass "
              "--lockcheck PATH)", file=sys.stderr)
        return 2
    selected = [(name, text) for name, text in family() if args.only in name]
    if not selected:
        print(f"bench: no scenario name contains {args.only!r}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        # The RSS of checking a trivial scenario: the process's own footprint, subtracted
        # from the others to estimate the memory per state.
        trivial = os.path.join(tmp, "trivial.py")
        with open(trivial, "w", encoding="utf-8") as f:
            f.write("x = 1\n")
        _, base_rss, _ = run(args.lockcheck, trivial, args.time_limit)
        for name, text in selected:
            path = os.path.join(tmp, name + ".py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            report, rss, code = run(args.lockcheck, path, args.time_limit, args.lockcheck_arg)
            print(json.dumps(measure(name, report, rss, base_rss, code)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
