#!/usr/bin/env python3
"""lockcheck's benchmark: scaling scenario families, one JSON line per scenario.

Families (generated into a temporary folder, in the scenario subset, runnable by python3):
  dining_deadlock_nN / dining_ordered_nN   dining philosophers, one round each, N = 3..10
  counter_locked_kK_mM / counter_racy_kK_mM  K threads x M increments of a global, with and
                                             without a lock, K = 2..4, M = 1..3
  buffer_{all,two,one}_pP_cC                 bounded buffer (capacity 2), P producers x C
                                             consumers (P, C = 1..3 where C divides 2P),
                                             2 items per producer: one Condition and
                                             notify_all / two Conditions and notify / one
                                             Condition and notify (can deadlock)
  loop_spin_kK / loop_poll_kK / loop_barging_kK
                                             looping programs, whose state graphs are full of
                                             cycles: K threads spin-waiting on a chain of flags
                                             (no finding), K threads polling an Event with a
                                             timeout (no finding), K workers re-taking a lock
                                             while a stopper waits (starvation)
  smokers_{naive,pushers}_rR                 the cigarette smokers (Semaphore-driven `while`
                                             loops, 3 agents and 3 smokers, R = 1..2 rounds,
                                             the Semaphores passed as arguments): naive
                                             smokers (deadlock) / with 3 pushers
  smokers_book_{naive,pushers}               the same from scenarios/large, as the book writes
                                             it: one agent thread, every Semaphore a global
  first_dining_deadlock_nN                   dining philosophers, N = 12, 16, 20, checked with
                                             --stop-on-first: the time to the first deadlock
  growing_list                               a list appended to forever (a state that grows
                                             without bound)
  article_counter_locked_k4_m100000          the article's 4 x 100,000 locked counter, far
                                             beyond what a search can store

To measure what a check costs, pass lockcheck's own flags through, e.g.
`tools/bench --only loop --lockcheck-arg=--cycles=off` (fair cycles not looked for).

For each it runs `lockcheck check --json` and prints states, transitions, seconds, states/s,
peak RSS of the child, bytes per stored state (the search's own structures / states) and the
RSS-based figure (peak RSS above a trivial scenario's, / states), with the verdict, whether
it matched the scenario's pragma, and the kinds of the errors found (`bugs`). Not a test.

With --spin, every member of the dining, counter, buffer and smokers families is also checked
by SPIN, from its equivalent Promela model in tools/spin (the loop families and the two
unfinishable members have none): `spin -a`, then `gcc -O2 -DSAFETY -DMEMLIM=...` (partial-order
reduction on, SPIN's default; compiling is not timed), then `pan -c0` (every error, not only the
first; `-c1`, up to the first error, for the time-to-first-bug members) in the same temporary
folder. The line
gains pan's figures, spin_states, spin_transitions, spin_seconds (pan's elapsed time),
spin_memory_mb (pan's "total actual memory usage", MiB) and spin_bytes_per_state; spin_errors
and spin_verdict ("deadlock" for an invalid end state, "assertion", "pass", or why the search
stopped: "timeout", "out of memory"); spin_complete; spin_w (see spin_check); verdicts_agree
(lockcheck found a bug exactly when SPIN found an error; null when a search stopped early with
nothing found); and lockcheck / SPIN ratios of states, seconds and bytes per state (where both
searches are complete, or, for a time-to-first-bug member, where both found a bug). --table
ends with a Markdown table of the lines, ratios included. --targets runs only the side-by-side
set (see targets).

With --speedup N, every selected member is instead checked at --jobs 1 and at --jobs N, the two
alternating, --repeat times each (default 5): the line gives each setting's best wall time (the
report's `seconds`; best-of, since other tenants of a shared host only ever add time), the CPU
seconds of that best run (user + system, so the workers' own overhead shows), the speed-up,
best over best, and the machine's `ceiling` for it: N --jobs 1 runs started together (best of
--repeat), N times the work of one run alone over the time the slowest of them took. What N
independent searches lose to each other (shared caches and memory, a busy package's lower
clock, a shared host) no parallel search can win back. States and found bugs must be the same
at both settings, or the line says so.

With --distributed P, every selected member is instead checked in one process (the default
--jobs) and by `mpirun -np P lockcheck check --distributed`, each rank on its share of the
cores (`--jobs` cores / P, at least 1; `--bind-to none`, oversubscribed when P exceeds the
cores; lockcheck must be built with MPI): the line gives both searches' time (the report's
`seconds`, and mpirun's whole wall time, its start-up included), one process's over the
distributed time, each rank's states (the report's stats.distributed), and the states, messages
and bytes the ranks sent each other. States and found bugs must be the same both ways, or the
line says so (a program with loops is searched distributed without its fair-cycle check, so
its verdict may be incomplete where one process's is not). --table prints these as a table.

Usage: tools/bench [--only SUBSTRING] [--targets] [--lockcheck PATH] [--time-limit SECONDS]
                   [--spin [--spin-time-limit SECONDS] [--spin-memory-limit MIB]] [--table]
                   [--speedup N [--repeat K]] [--distributed P]
"""
import argparse
import collections
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_figures  # noqa: E402  (the run figures a comparison of reports leaves out)

HERE = os.path.dirname(os.path.abspath(__file__))
SPIN_MODELS = os.path.join(HERE, "spin")

# The buffer variants, and the macros that select each in tools/spin/buffer.pml.
BUFFER_VARIANTS = {"all": ("-DNOTIFY_ALL",), "two": ("-DTWO_CONDITIONS",), "one": ()}

# pan's figures: the field (after "spin_"), the line of pan's output holding it, its type.
PAN_FIGURES = {
    "states": (r"^\s*(\d+) states, stored", int),
    "transitions": (r"^\s*(\d+) transitions \(= stored\+matched\)", int),
    "seconds": (r"^pan: elapsed time ([\d.e+]+) seconds", float),
    "memory_mb": (r"^\s*([\d.]+)\s+total actual memory usage", float),
    "errors": (r"errors: (\d+)", int),
}


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
    """Producers put, consumers get, through a buffer of capacity 2 (as tools/spin/buffer.pml)."""
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
    # items per producer that deadlocks from 3 producers x 3 consumers on (SPIN agrees on
    # tools/spin/buffer.pml: of P, C = 1..3 only 3 x 3 deadlocks).
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


def smokers(rounds, pushers):
    """The cigarette smokers of The Little Book of Semaphores (4.5), as tools/spin/smokers.pml:
    three agents each put one pair of ingredients on the table `rounds` times; naive smokers
    take their two ingredients one after the other (two of them can each take one of a pair:
    deadlock), or pushers hand each pair to the one smoker who lacks it."""
    if pushers:
        body = '''mutex = threading.Lock()
tobacco_smoker = threading.Semaphore(0)
paper_smoker = threading.Semaphore(0)
match_smoker = threading.Semaphore(0)
on_table = {"tobacco": False, "paper": False, "match": False}
smoker_of = {frozenset(("paper", "match")): tobacco_smoker,
             frozenset(("tobacco", "match")): paper_smoker,
             frozenset(("tobacco", "paper")): match_smoker}


def pusher(mine, ingredient):
    pushed = 0
    while pushed < 2 * ROUNDS:
        ingredient.acquire()
        with mutex:
            other = [k for k, v in on_table.items() if v]
            if other:
                on_table[other[0]] = False
                smoker_of[frozenset((mine, other[0]))].release()
            else:
                on_table[mine] = True
        pushed += 1


def smoker(mine):
    smoked = 0
    while smoked < ROUNDS:
        mine.acquire()
        agent_sem.release()
        smoked += 1


workers = [(pusher, ("tobacco", tobacco)), (pusher, ("paper", paper)),
           (pusher, ("match", match)), (smoker, (tobacco_smoker,)),
           (smoker, (paper_smoker,)), (smoker, (match_smoker,))]'''
    else:
        body = '''def smoker(first, second):
    smoked = 0
    while smoked < ROUNDS:
        first.acquire()
        second.acquire()
        agent_sem.release()
        smoked += 1


workers = [(smoker, (tobacco, paper)), (smoker, (paper, match)), (smoker, (tobacco, match))]'''
    return f'''# lockcheck: expect={"pass" if pushers else "deadlock"}
"""Cigarette smokers, {rounds} round(s) per agent, {"with pushers" if pushers else "naive"}."""
import threading

ROUNDS = {rounds}
agent_sem = threading.Semaphore(1)
tobacco = threading.Semaphore(0)
paper = threading.Semaphore(0)
match = threading.Semaphore(0)


def agent(first, second):
    for _ in range(ROUNDS):
        agent_sem.acquire()
        first.release()
        second.release()


{body}
threads = [threading.Thread(target=agent, args=pair)
           for pair in ((tobacco, paper), (paper, match), (tobacco, match))]
threads += [threading.Thread(target=f, args=a) for f, a in workers]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def growing_list():
    """A state that grows without bound: a list appended to in a loop that never ends."""
    return '''"""A worker appends to a shared list forever: every state is new."""
import threading

items = []


def grow():
    while True:
        items.append(len(items))


t = threading.Thread(target=grow)
t.start()
t.join()
'''


def large(name, pragmas=True):
    """scenarios/large/`name`.py, without its pragma lines unless `pragmas`."""
    path = os.path.join(HERE, "..", "scenarios", "large", name + ".py")
    with open(path, encoding="utf-8") as f:
        return "".join(line for line in f if pragmas or not line.startswith("# lockcheck:"))


def article_counter():
    """The article's 4 x 100,000 locked counter (scenarios/large/counter_article_locked.py)
    without its max-states pragma: far more states than any search can store."""
    return large("counter_article_locked", pragmas=False)


# A bench member: its name, scenario text, SPIN model (the file in tools/spin and its -D
# macros, or None where there is no equivalent model), lockcheck's extra flags and pan's flags.
# A member checked with --stop-on-first measures the time to the first bug, and its SPIN model
# then runs without -c0 (pan stops at its first error too).
Member = collections.namedtuple("Member", "name text model args pan_args",
                                defaults=((), ("-c0",)))
FIRST_BUG = (("--stop-on-first",), ("-c1",))
# The members whose exhaustive search cannot finish: a state that grows without bound, and one
# far beyond what a search can store.
UNFINISHABLE = ("growing_list", "article_counter_locked_k4_m100000")


def family():
    """Every member, each family from its smallest member to its largest (--targets takes the
    last of each)."""
    for n in range(3, 11):
        yield Member(f"dining_deadlock_n{n}", dining(n, False), ("dining.pml", f"-DN={n}"))
        yield Member(f"dining_ordered_n{n}", dining(n, True),
                     ("dining.pml", f"-DN={n}", "-DORDERED"))
    for k in range(2, 5):
        for m in range(1, 4):
            macros = (f"-DK={k}", f"-DM={m}")
            yield Member(f"counter_locked_k{k}_m{m}", counter(k, m, True),
                         ("counter.pml", *macros, "-DLOCKED"))
            yield Member(f"counter_racy_k{k}_m{m}", counter(k, m, False), ("counter.pml", *macros))
    for p in range(1, 4):
        for c in range(1, 4):
            for variant, macros in BUFFER_VARIANTS.items():
                text = buffer(p, c, variant)
                if text:
                    yield Member(f"buffer_{variant}_p{p}_c{c}", text,
                                 ("buffer.pml", f"-DP={p}", f"-DC={c}", *macros))
    for k in range(2, 6):
        yield Member(f"loop_spin_k{k}", loop_spin(k), None)
        yield Member(f"loop_poll_k{k}", loop_poll(k), None)
        yield Member(f"loop_barging_k{k}", loop_barging(k), None)
    for r in range(1, 3):
        yield Member(f"smokers_naive_r{r}", smokers(r, False), ("smokers.pml", f"-DR={r}"))
        yield Member(f"smokers_pushers_r{r}", smokers(r, True),
                     ("smokers.pml", f"-DR={r}", "-DPUSHERS"))
    # The book's own smokers (scenarios/large: one agent thread, every Semaphore a global), the
    # form issue 17's target was measured on; smokers_* above pass the Semaphores as arguments.
    yield Member("smokers_book_naive", large("smokers_naive"), None)
    yield Member("smokers_book_pushers", large("smokers_pushers"), None)
    for n in range(12, 21, 4):
        yield Member(f"first_dining_deadlock_n{n}", dining(n, False), ("dining.pml", f"-DN={n}"),
                     *FIRST_BUG)
    yield Member(UNFINISHABLE[0], growing_list(), None)
    yield Member(UNFINISHABLE[1], article_counter(), None)


# One finished check: its report (None when it wrote none), the child's peak RSS in bytes, its
# exit status and the CPU seconds it used (user + system).
Run = collections.namedtuple("Run", "report rss code cpu_seconds")


def start(lockcheck, path, time_limit, extra=(), tag=""):
    """Starts one check of `path` writing `path``tag`.json; returns (process, report path).
    Its stderr goes to a file beside the report, so that checks run side by side cannot block
    on a full pipe."""
    out = f"{path}{tag}.json"
    if os.path.exists(out):
        os.unlink(out)
    with open(out + ".err", "wb") as err:
        proc = subprocess.Popen([lockcheck, "check", "--quiet", "--allow-incomplete",
                                 "--time-limit", str(time_limit), "--json", out, *extra, path],
                                stdout=subprocess.DEVNULL, stderr=err)
    return proc, out


def finish(proc, out):
    """Waits for a check from start(). os.wait4 gives the rusage of exactly this child
    (RUSAGE_CHILDREN would be the maximum over all children so far); ru_maxrss is in KiB."""
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    report = None
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    if report is None or code == 2:
        with open(out + ".err", encoding="utf-8", errors="replace") as f:
            sys.stderr.write(f.read())
    return Run(report, usage.ru_maxrss * 1024, code, usage.ru_utime + usage.ru_stime)


def run(lockcheck, path, time_limit, extra=()):
    """Runs one check to its end (a Run)."""
    return finish(*start(lockcheck, path, time_limit, extra))


def measure(name, report, rss, base_rss, code):
    """One output line: the search's figures from the report, memory from the child. `bugs`
    lists the kinds of the errors found (warnings such as lock-order are left out)."""
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
        "limit": st.get("limit"),
        "verdict": s["status"],
        "matched": s["matched_expectation"],
        "bugs": sorted({b["kind"] for b in s["bugs"] if b["severity"] == "error"}),
    }
    if s["status"] == "error":
        line["error"] = "; ".join(e["message"] for e in s["errors"])
    return line


def speedup(lockcheck, path, name, args, extra=()):
    """One --speedup line: best-of-`repeat` runs at --jobs 1 and --jobs N, alternating."""
    def failed(r):
        return {"scenario": name, "error": f"lockcheck exited {r.code} without a report"}

    best = {}
    summary = {}
    for _ in range(args.repeat):
        for jobs in (1, args.speedup):
            r = run(lockcheck, path, args.time_limit, [*extra, *args.lockcheck_arg, "--jobs", str(jobs)])
            if r.report is None or not r.report.get("scenarios"):
                return failed(r)
            s = r.report["scenarios"][0]
            seconds = s["stats"]["seconds"]
            found = sorted((b["kind"], b["location"]["line"], b["location"]["column"])
                           for b in s["bugs"])
            summary.setdefault(jobs, (s["stats"]["states"], s["status"], found))
            if jobs not in best or seconds < best[jobs][0]:
                best[jobs] = (seconds, r.cpu_seconds)
    n = args.speedup
    # The machine's own ceiling: N independent --jobs 1 runs at once, each slowed by what they
    # share (caches, memory, the clock a busy package runs at, a shared host's other tenants).
    # N runs' worth of work over the time the slowest took, against one run alone.
    together = None
    for _ in range(args.repeat):
        started = [start(lockcheck, path, args.time_limit, [*extra, *args.lockcheck_arg, "--jobs", "1"],
                         tag=f".{i}") for i in range(n)]
        slowest = 0.0
        for r in [finish(*s) for s in started]:
            if r.report is None or not r.report.get("scenarios"):
                return failed(r)
            slowest = max(slowest, r.report["scenarios"][0]["stats"]["seconds"])
        together = slowest if together is None else min(together, slowest)
    line = {
        "scenario": name,
        "states": summary[1][0],
        "jobs": n,
        "seconds_1": round(best[1][0], 3),
        "cpu_seconds_1": round(best[1][1], 3),
        f"seconds_{n}": round(best[n][0], 3),
        f"cpu_seconds_{n}": round(best[n][1], 3),
        "speedup": round(best[1][0] / best[n][0], 2) if best[n][0] > 0 else None,
        "ceiling": round(n * best[1][0] / together, 2) if together else None,
        "runs": args.repeat,
    }
    if summary[1] != summary[n]:
        line["error"] = f"--jobs 1 and --jobs {n} disagree: {summary[1]} vs {summary[n]}"
    return line


def default_memory_limit():
    """3/4 of the machine's memory in MiB, as lockcheck's own default."""
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 3 // 4 // 2**20


def hash_bits(states):
    """pan's -w for a search storing `states` states: 2**w hash slots (8 bytes each), about one
    per state; at least 2**10 slots, at most 2**28 (2 GiB)."""
    return min(max(math.ceil(math.log2(max(states, 1))), 10), 28)


def build_pan(model, workdir, memory_limit):
    """Generates and compiles pan for model (a file in tools/spin and its macros) in workdir,
    with partial-order reduction (SPIN's default) and a memory bound in MiB. Returns None, or
    why it could not."""
    os.makedirs(workdir)
    for name in os.listdir(SPIN_MODELS):
        if name.endswith(".pml"):
            shutil.copy(os.path.join(SPIN_MODELS, name), workdir)
    file, *macros = model
    for command in (["spin", *macros, "-a", file],
                    ["gcc", "-O2", "-DSAFETY", f"-DMEMLIM={memory_limit}", "-o", "pan", "pan.c"]):
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True)
        if done.returncode:
            return f"{' '.join(command)} exited {done.returncode}: {done.stdout}{done.stderr}"
    return None


def run_pan(workdir, w, time_limit, pan_args=("-c0",)):
    """Runs pan, exhaustive and past every error (-c0, or to its first error with -c1 for a
    time-to-first-bug member); returns (its output, exit status). At
    the time limit `timeout` interrupts it, and pan prints its statistics so far before it
    exits (status 124); should it not exit, it is killed 10 s later (status 137)."""
    done = subprocess.run(["timeout", "-s", "INT", "-k", "10", str(time_limit),
                           "./pan", *pan_args, "-n", f"-w{w}"],
                          cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.stdout.decode(errors="replace"), done.returncode


def parse_pan(output, code):
    """pan's statistics as spin_* fields, and its verdict: the kind of its first error (pan
    names only the first; spin_errors counts them all; an invalid end state is a deadlock),
    else "pass" after a complete search, else why the search stopped."""
    fields = {}
    for key, (pattern, kind) in PAN_FIGURES.items():
        found = re.search(pattern, output, re.MULTILINE)
        fields["spin_" + key] = kind(found.group(1)) if found else None
    if code in (124, 137):
        stopped = "timeout"
    elif "reached -DMEMLIM bound" in output:
        stopped = "out of memory"
    elif "max search depth too small" in output:
        stopped = "depth limit"
    elif code or fields["spin_states"] is None:
        stopped = f"pan exited {code}"
    else:
        stopped = None
    fields["spin_complete"] = stopped is None and "Search not completed" not in output
    states, memory = fields["spin_states"], fields["spin_memory_mb"]
    fields["spin_bytes_per_state"] = (round(memory * 2**20 / states, 1)
                                      if states and memory is not None else None)
    first = re.search(r"^pan:1: (.*?)(?: \(at depth \d+\))?$", output, re.MULTILINE)
    if first:
        message = first.group(1)
        fields["spin_verdict"] = ("deadlock" if message.startswith("invalid end state") else
                                  "assertion" if message.startswith("assertion violated") else
                                  message)
    else:
        fields["spin_verdict"] = stopped or "pass"
    return fields


def spin_check(model, workdir, expected_states, args, pan_args=("-c0",)):
    """SPIN's figures for model. The hash table is sized for expected_states (lockcheck's count);
    when the states pan stored call for a table over twice as large or small, pan runs again
    with one sized to them, and that run is reported: a fixed-size table far too large would
    be most of the memory of a small search, and one far too small slows a large one down."""
    why = build_pan(model, workdir, args.spin_memory_limit)
    if why:
        return {"spin_verdict": "error", "spin_error": why}
    w = hash_bits(expected_states)
    fields = parse_pan(*run_pan(workdir, w, args.spin_time_limit, pan_args))
    if fields["spin_complete"] and abs(hash_bits(fields["spin_states"]) - w) > 1:
        w = hash_bits(fields["spin_states"])
        fields = parse_pan(*run_pan(workdir, w, args.spin_time_limit, pan_args))
    return {**fields, "spin_w": w}


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def compare(line, spin, first_bug=False):
    """Whether lockcheck and SPIN agree that there is a bug (None when either search stopped
    early with nothing found), and lockcheck's figures over SPIN's where both are complete, or,
    for a time-to-first-bug member, where both found one (times only from 0.1 s)."""
    lockcheck_found = (True if line.get("bugs") else
                       False if line.get("verdict") == "pass" else None)
    spin_found = (True if spin.get("spin_errors") else
                  False if spin.get("spin_complete") else None)
    both = ((lockcheck_found and spin_found) if first_bug else
            line.get("complete") and spin.get("spin_complete"))
    # pan's clock counts hundredths of a second: shorter searches give no ratio of times.
    timed = both and min(line["seconds"], spin["spin_seconds"]) >= 0.1
    return {
        "verdicts_agree": (None if lockcheck_found is None or spin_found is None
                           else lockcheck_found == spin_found),
        "states_ratio": ratio(line.get("states"), spin.get("spin_states")) if both else None,
        "seconds_ratio": ratio(line["seconds"], spin["spin_seconds"]) if timed else None,
        "bytes_per_state_ratio": (ratio(line.get("bytes_per_state"),
                                        spin.get("spin_bytes_per_state")) if both else None),
    }


def targets(members):
    """The side-by-side set: dining_ordered_n8, the three buffers at 2 x 2, the largest member
    of every family with a SPIN model (family() yields each family smallest first), every
    time-to-first-bug member, the book's smokers and the two searches that cannot finish
    (growing_list and the article's counter)."""
    largest = {}
    for member in members:
        if member.model and not member.args:
            largest["_".join(member.name.split("_")[:2])] = member.name
    chosen = {"dining_ordered_n8", *(f"buffer_{v}_p2_c2" for v in BUFFER_VARIANTS),
              *largest.values(), *UNFINISHABLE}
    return [m for m in members if m.name in chosen or m.args or m.name.startswith("smokers_book")]


def count(n, complete):
    """A state count for the table, marked as a lower bound when the search stopped early."""
    if n is None:
        return "-"
    return f"{n:,}" if complete else f">= {n:,}"


def figure(x):
    return "-" if x is None else f"{x:g}"


def agreement(line):
    """The table's last column: whether the verdicts agree, and the verdicts."""
    if "spin_verdict" not in line:
        return "-"
    ours = "+".join(line.get("bugs", [])) or line.get("verdict", "error")
    theirs = line["spin_verdict"]
    verdicts = f"({ours})" if ours == theirs else f"(lockcheck {ours}, SPIN {theirs})"
    answer = {True: "yes", False: "NO", None: "?"}[line["verdicts_agree"]]
    return f"{answer} {verdicts}"


def verdict(line):
    """lockcheck's verdict for the table: the kinds of bugs found, else the status, and the
    limit that stopped an incomplete search."""
    text = "+".join(line.get("bugs", [])) or line.get("verdict", "error")
    if line.get("limit"):
        text += f" (stopped by {line['limit']})"
    return text


def table(lines):
    """The Markdown table printed by --table: lockcheck's figures, SPIN's, and lockcheck's over
    SPIN's (states and time; see compare)."""
    rows = ["| scenario | lockcheck verdict | lockcheck states | lockcheck s | states/s "
            "| B/state | SPIN states | SPIN s | SPIN MB | states ratio | time ratio "
            "| verdicts agree |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for line in lines:
        cells = [line["scenario"], verdict(line),
                 count(line.get("states"), line.get("complete")),
                 figure(line.get("seconds")), figure(line.get("states_per_s")),
                 figure(line.get("bytes_per_state")),
                 count(line.get("spin_states"), line.get("spin_complete")),
                 figure(line.get("spin_seconds")), figure(line.get("spin_memory_mb")),
                 figure(line.get("states_ratio")), figure(line.get("seconds_ratio")),
                 agreement(line)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def distributed(lockcheck, path, name, args, extra=()):
    """One --distributed line: the member in one process and on args.distributed ranks."""
    one = run(lockcheck, path, args.time_limit, [*extra, *args.lockcheck_arg])
    if one.report is None or not one.report.get("scenarios"):
        return {"scenario": name, "error": f"lockcheck exited {one.code} without a report"}
    out = f"{path}.distributed.json"
    if os.path.exists(out):
        os.unlink(out)
    ranks = args.distributed
    # The machine's cores shared out: each rank searches on its share (mpirun's default
    # binding would put a rank's threads on one core).
    jobs = max(1, (os.cpu_count() or 1) // ranks)
    argv = ["mpirun", "--oversubscribe", "--bind-to", "none", "-np", str(ranks)]
    if os.geteuid() == 0:
        argv.append("--allow-run-as-root")
    argv += [lockcheck, "check", "--distributed", "--jobs", str(jobs), "--quiet",
             "--allow-incomplete", "--time-limit", str(args.time_limit), "--json", out, *extra,
             *args.lockcheck_arg, path]
    begun = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.monotonic() - begun
    if not os.path.exists(out):
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        return {"scenario": name, "error": f"mpirun exited {proc.returncode} without a report"}
    with open(out, encoding="utf-8") as f:
        report = json.load(f)
    a, b = one.report["scenarios"][0], report["scenarios"][0]
    shares = b["stats"].get("distributed")
    if shares is None:
        return {"scenario": name, "error": "the report has no stats.distributed (is lockcheck "
                "built with MPI?)"}
    seconds_1, seconds_p = a["stats"]["seconds"], b["stats"]["seconds"]
    line = {
        "scenario": name,
        "states": b["stats"]["states"],
        "ranks": ranks,
        "jobs_per_rank": jobs,
        "seconds_one_process": round(seconds_1, 3),
        "seconds_distributed": round(seconds_p, 3),
        "mpirun_wall_seconds": round(wall, 3),
        "one_process_over_distributed": round(seconds_1 / seconds_p, 2) if seconds_p else None,
        "rank_states": shares["states"],
        "states_sent": sum(shares["states_sent"]),
        "messages": sum(shares["messages"]),
        "bytes_sent": sum(shares["bytes_sent"]),
        "verdict": b["status"],
        "limit": b["stats"]["limit"],
    }
    # The same report, but for the run's figures (a search cut by the time limit stops
    # where each run's speed took it).
    if {a["stats"]["limit"], b["stats"]["limit"]} & {"time-limit", "memory-limit", "interrupted"}:
        line["same_report"] = None  # not compared: where the clock stopped it is the run's
        return line
    if a["status"] == "error" or b["status"] == "error":
        # An input error: how many states were stored when a search stopped at it depends on
        # the search's order; the diagnostic does not.
        line["same_report"] = a["status"] == b["status"] and a["errors"] == b["errors"]
        if not line["same_report"]:
            line["error"] = "the input errors differ from the one-process ones"
        return line
    if a["stats"]["states"] != b["stats"]["states"]:
        line["error"] = f"states differ: one process {a['stats']['states']}"
    elif (
            report_figures.strip(json.loads(json.dumps(one.report)), distributed=True)["scenarios"]
            != report_figures.strip(json.loads(json.dumps(report)), distributed=True)["scenarios"]):
        line["error"] = "the report differs from the one-process report"
    line["same_report"] = "error" not in line
    return line


def distributed_table(lines):
    """The Markdown table --table prints with --distributed."""
    rows = ["| scenario | states | ranks | one process s | distributed s | mpirun s | ratio "
            "| states per rank | states sent | messages | MiB sent | same report |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|"]
    for line in lines:
        if "error" in line and "states" not in line:
            rows.append(f"| {line['scenario']} | {line['error']} |")
            continue
        cells = [line["scenario"], f"{line['states']:,}", str(line["ranks"]),
                 figure(line["seconds_one_process"]), figure(line["seconds_distributed"]),
                 figure(line["mpirun_wall_seconds"]),
                 figure(line["one_process_over_distributed"]),
                 " / ".join(f"{n:,}" for n in line["rank_states"]),
                 f"{line['states_sent']:,}", f"{line['messages']:,}",
                 f"{line['bytes_sent'] / 2**20:.1f}",
                 "cut by time or memory, not compared" if line["same_report"] is None
                 else "yes" if line["same_report"] else line.get("error", "no")]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", metavar="SUBSTRING",
                        help="run only the scenarios whose name contains this")
    parser.add_argument("--targets", action="store_true",
                        help="run only the side-by-side set: dining_ordered_n8, buffer_*_p2_c2 "
                        "and the largest member of each family with a SPIN model")
    parser.add_argument("--lockcheck", metavar="PATH",
                        default=os.path.join(HERE, "..", "build", "tools", "lockcheck"),
                        help="the lockcheck binary (default: build/tools/lockcheck)")
    parser.add_argument("--time-limit", type=float, default=120, metavar="SECONDS",
                        help="search time per scenario, passed to lockcheck (default 120)")
    parser.add_argument("--lockcheck-arg", action="append", default=[], metavar="ARG",
                        help="pass ARG to lockcheck check (repeatable), e.g. --cycles=off")
    parser.add_argument("--spin", action="store_true",
                        help="also check the equivalent model in tools/spin with SPIN")
    parser.add_argument("--spin-time-limit", type=float, default=60, metavar="SECONDS",
                        help="seconds of pan's search per scenario (default 60)")
    parser.add_argument("--spin-memory-limit", type=int, default=default_memory_limit(),
                        metavar="MIB", help="pan's -DMEMLIM (default: 3/4 of the machine)")
    parser.add_argument("--table", action="store_true",
                        help="print a Markdown table of the lines at the end")
    parser.add_argument("--speedup", type=int, default=0, metavar="N",
                        help="instead: best-of runs at --jobs 1 and --jobs N, and the speed-up")
    parser.add_argument("--repeat", type=int, default=5, metavar="K",
                        help="--speedup: runs per setting (default 5)")
    parser.add_argument("--distributed", type=int, default=0, metavar="P",
                        help="instead: one process against `mpirun -np P lockcheck check "
                        "--distributed`")
    args = parser.parse_args()
    if args.distributed and (args.spin or args.speedup):
        print("bench: --distributed does not combine with --spin or --speedup", file=sys.stderr)
        return 2
    if args.distributed < 0:
        print("bench: --distributed needs P >= 1", file=sys.stderr)
        return 2
    if args.distributed and not shutil.which("mpirun"):
        print("bench: --distributed needs mpirun (Debian: openmpi-bin)", file=sys.stderr)
        return 2
    if args.speedup and (args.spin or args.table):
        print("bench: --speedup does not combine with --spin or --table", file=sys.stderr)
        return 2
    if args.speedup < 0 or args.repeat < 1:
        print("bench: --speedup needs N >= 1 and --repeat K >= 1", file=sys.stderr)
        return 2
    if not os.access(args.lockcheck, os.X_OK):
        print(f"bench: no lockcheck binary at {args.lockcheck} (run tools/setup.sh, or pass "
              "--lockcheck PATH)", file=sys.stderr)
        return 2
    missing = [tool for tool in ("spin", "gcc", "timeout") if not shutil.which(tool)]
    if args.spin and missing:
        print(f"bench: --spin needs {', '.join(missing)} on the PATH", file=sys.stderr)
        return 2
    members = list(family())
    if args.targets:
        members = targets(members)
    selected = [member for member in members if args.only in member[0]]
    if not selected:
        print(f"bench: no scenario name contains {args.only!r}", file=sys.stderr)
        return 2
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        # The RSS of checking a trivial scenario: the process's own footprint, subtracted
        # from the others to estimate the memory per state.
        trivial = os.path.join(tmp, "trivial.py")
        with open(trivial, "w", encoding="utf-8") as f:
            f.write("x = 1\n")
        base_rss = run(args.lockcheck, trivial, args.time_limit).rss
        for name, text, model, extra, pan_args in selected:
            path = os.path.join(tmp, name + ".py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            if args.distributed:
                line = distributed(args.lockcheck, path, name, args, extra)
                lines.append(line)
                print(json.dumps(line), flush=True)
                continue
            if args.speedup:
                line = speedup(args.lockcheck, path, name, args, extra)
                lines.append(line)
                print(json.dumps(line), flush=True)
                continue
            r = run(args.lockcheck, path, args.time_limit, [*extra, *args.lockcheck_arg])
            line = measure(name, r.report, r.rss, base_rss, r.code)
            if args.spin and model:
                spin = spin_check(model, os.path.join(tmp, "spin", name),
                                  line.get("states") or 0, args, pan_args)
                line.update(spin)
                line.update(compare(line, spin, first_bug=FIRST_BUG[0][0] in extra))
            lines.append(line)
            print(json.dumps(line), flush=True)
    if args.table:
        print()
        print(distributed_table(lines) if args.distributed else table(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
