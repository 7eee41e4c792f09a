#!/usr/bin/env python3
"""Swimlane pages in a real browser (CTest: html_chromium).

Writes `lockcheck check --html` pages for corpus scenarios (a deadlock with a lock-order
warning, a lasso, a lock-order warning alone) and for a scenario written here whose thread
name, printed text and source carry markup, then opens each page and the index in headless
Chromium and checks that it renders: the page's script marks <html data-laid-out=N> with N
the number of lanes the JSON report gives (one per thread of each bug), the DOM has that many
lanes, nothing from the scenario became markup, and the browser logged no console message at
all (an error, an uncaught exception and a failed load all log one; the page itself logs
nothing). Pages load from file:// with every host name unresolvable, so a page that reached
for the network would fail to load it and log that.

Exit 77 (CTest SKIP_RETURN_CODE) when Chromium is not installed.

Usage: html_chromium_test.py LOCKCHECK_BINARY SOURCE_DIR
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCENARIOS = ["scenarios/corpus/lock_order_inversion.py", "scenarios/corpus/starvation_barging.py",
             "scenarios/corpus/lock_order_latent.py"]

HOSTILE = '''# lockcheck: expect=deadlock
"""</script><script>console.error('injected docstring')</script>"""
import threading

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        print("</script><img src=x onerror=console.error('injected-print')>")
        with b:
            pass


def two():
    with b:
        with a:
            pass


t1 = threading.Thread(target=one, name="<img src=x onerror=console.error('injected-name')>")
t2 = threading.Thread(target=two, name="</script><!--")
t1.start()
t2.start()
t1.join()
t2.join()
'''


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def open_page(browser, path, scratch):
    """The DOM after load, and the console lines Chromium logged."""
    profile = tempfile.mkdtemp(dir=scratch)
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,900", "--dump-dom",
           "file://" + os.path.abspath(path)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return run.returncode, run.stdout, console


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    lockcheck, source_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    browser = chromium()
    if browser is None:
        print("SKIPPED: Chromium is not installed (apt-get install chromium)")
        return 77
    os.chdir(source_dir)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        hostile = os.path.join(scratch, "hostile", "markup.py")
        os.makedirs(os.path.dirname(hostile))
        with open(hostile, "w") as f:
            f.write(HOSTILE)
        out = os.path.join(scratch, "html")
        report = os.path.join(scratch, "report.json")
        check = subprocess.run([lockcheck, "check", "--quiet", "--json", report, "--html", out]
                               + SCENARIOS + [hostile], capture_output=True, text=True)
        if check.returncode != 0:
            print(check.stdout, check.stderr)
            print("FAIL: lockcheck check exited", check.returncode)
            return 1
        with open(report) as f:
            scenarios = json.load(f)["scenarios"]
        pages = {}
        for s in scenarios:
            lanes = 0
            for bug in s["bugs"]:
                threads = {t["thread"] for t in bug["final_state"]}
                threads |= {step["thread"] for step in bug["trace"]["steps"]}
                lanes += len(threads)
            # The page's name is the scenario's whole path: listed in the index.
            with open(os.path.join(out, "index.html")) as f:
                index = f.read()
            m = re.search(r'<a href="([^"#]+)">' + re.escape(s["file"]) + "</a>", index)
            if not m:
                failures.append(f"{s['file']}: no link in index.html")
                continue
            pages[os.path.join(out, m.group(1))] = (s["file"], lanes)
        pages[os.path.join(out, "index.html")] = ("index", 0)

        with concurrent.futures.ThreadPoolExecutor(max_workers=len(pages)) as pool:
            opened = dict(zip(pages, pool.map(lambda p: open_page(browser, p, scratch), pages)))
        for path, (name, lanes) in pages.items():
            code, dom, console = opened[path]
            with open(path) as f:
                html = f.read()
            if code != 0 or "</html>" not in dom:
                failures.append(f"{name}: Chromium exited {code} without a DOM")
                continue
            for line in console:
                failures.append(f"{name}: console: {line}")
            # Self-contained: no external file or address.
            if re.search(r'<link|<iframe|\b(src|href)="(?!#|[^":/]+\.html)', html):
                failures.append(f"{name}: refers to something outside the page")
            if name == "index":
                if dom.count('<tr><td class="file">') != len(scenarios):
                    failures.append("index: does not list every scenario")
                continue
            m = re.search(r'<html[^>]* data-laid-out="(\d+)"', dom)
            if not m:
                failures.append(f"{name}: the script did not mark the lanes laid out")
            elif int(m.group(1)) != lanes:
                failures.append(f"{name}: {m.group(1)} lanes laid out, the report has {lanes}")
            lane_elements = dom.count('<div class="lane"')
            if lane_elements != lanes:
                failures.append(f"{name}: {lane_elements} lane elements, expected {lanes}")
            if "<img" in dom or "injected" in "".join(console):
                failures.append(f"{name}: scenario text became markup")
            print(f"ok: {name}: {lanes} lanes laid out, no console message")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
