#!/usr/bin/env python3
"""CTest sarif_validate: `lockcheck check --sarif` checked by Microsoft's SARIF validator.

The validator is the npm package @microsoft/sarif-multitool (a self-contained .NET program),
installed with npm into INSTALL_DIR (the build folder) the first time. Without npm, or when the
install fails (no network), the test is skipped (exit status 77, CTest's SKIP_RETURN_CODE) and
says why.

It validates, with the GitHub code scanning rules and SARIF's own (--rule-kind "Gh;Sarif"):
  * the whole corpus's SARIF;
  * the SARIF of scenarios written here, one per kind of finding: an unexpected deadlock, an
    input error, a search cut short (a notification), a declared bug never found; with
    --source-root, so the URIs are relative to that folder.
The validator exits 0 even when it reports errors, so its own SARIF log (-o) is read: no
result of level error, and no warning other than SARIF2005 (lockcheck has no web page for
tool.driver.informationUri). A result without a level is a warning, as SARIF defines. A broken
copy of the corpus file (a result without locations) must give errors, which shows the errors
are read. First of all, even where the validator is skipped, the corpus's SARIF with --jobs 1
and --jobs 2 must be the same bytes, apart from the jobs option it echoes.

Usage: sarif_validate_test.py LOCKCHECK_BINARY SOURCE_DIR INSTALL_DIR
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

SKIP = 77
PACKAGE = "@microsoft/sarif-multitool@5.7.0"
ALLOWED_WARNINGS = {"SARIF2005"}

UNEXPECTED = '''import threading

a = threading.Lock()


def worker():
    a.acquire()


a.acquire()
t = threading.Thread(target=worker)
t.start()
t.join()
'''

INCOMPLETE = '''# lockcheck: max-states=5
import threading

lock = threading.Lock()


def add():
    for _ in range(3):
        with lock:
            pass


threads = [threading.Thread(target=add) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
'''


def fail(what):
    print("FAIL:", what)
    sys.exit(1)


def validator(install_dir):
    """The Sarif.Multitool binary, installed when missing; None (and why) when it cannot be."""
    platform = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    if platform is None:
        return None, f"no sarif-multitool package for platform {sys.platform}"
    binary = os.path.join(install_dir, "node_modules", "@microsoft",
                          f"sarif-multitool-{platform}", "Sarif.Multitool")
    if not os.path.exists(binary):
        npm = shutil.which("npm")
        if npm is None:
            return None, "npm is not installed"
        os.makedirs(install_dir, exist_ok=True)
        try:
            r = subprocess.run([npm, "install", "--prefix", install_dir, "--no-audit", "--no-fund",
                                "--no-save", PACKAGE], capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            return None, f"npm install {PACKAGE} took over 600 s"
        if r.returncode != 0 or not os.path.exists(binary):
            tail = "\n".join((r.stdout + r.stderr).strip().splitlines()[-5:])
            return None, f"npm install {PACKAGE} failed (exit {r.returncode}):\n{tail}"
    # The package's postinstall only sets this bit, and npm may not run install scripts.
    os.chmod(binary, os.stat(binary).st_mode | stat.S_IXUSR)
    return binary, None


def validate(binary, sarif, out):
    """The validator's results on `sarif`: (errors, warnings), each a list of lines."""
    # Called directly: the package's bin.js hands the arguments to a shell, where the ';' of
    # "Gh;Sarif" would end the command.
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
               DOTNET_CLI_TELEMETRY_OPTOUT="1")
    r = subprocess.run([binary, "validate", "--rule-kind", "Gh;Sarif", sarif, "-o", out,
                        "--log", "ForceOverwrite"], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        fail(f"the validator exited {r.returncode}:\n{r.stdout}{r.stderr}")
    with open(out) as f:
        log = json.load(f)
    errors, warnings = [], []
    for run in log["runs"]:
        for res in run.get("results", []):
            line = f"{res['ruleId']}: {res.get('message', {}).get('text', '')[:200]}"
            level = res.get("level", "warning")
            if level == "error":
                errors.append(line)
            elif level == "warning":
                warnings.append((res["ruleId"], line))
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []):
                if n.get("level", "warning") == "error":
                    errors.append(f"notification: {n.get('message', {}).get('text', '')}")
    return errors, warnings


def expect_valid(binary, sarif, name):
    errors, warnings = validate(binary, sarif, sarif + ".validation.sarif")
    unexpected = [line for rule, line in warnings if rule not in ALLOWED_WARNINGS]
    for line in errors + unexpected:
        print("  ", line)
    if errors or unexpected:
        fail(f"{name}: {len(errors)} errors, {len(unexpected)} warnings not allowed")
    print(f"ok: {name}: 0 errors, {len(warnings)} allowed warnings "
          f"({', '.join(sorted({r for r, _ in warnings})) or 'none'})")


def lockcheck(lc, args, cwd, expect):
    r = subprocess.run([lc, "check", "--quiet"] + args, cwd=cwd, stdout=subprocess.DEVNULL)
    if r.returncode != expect:
        fail(f"lockcheck check {' '.join(args)}: exit {r.returncode}, expected {expect}")


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    lc, source_dir, install_dir = (os.path.abspath(a) for a in sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        # Checked before looking for the validator, so that it runs even where that is skipped.
        corpus = os.path.join(tmp, "corpus.sarif")
        lockcheck(lc, ["--jobs", "2", "--sarif", corpus, "scenarios/corpus"], source_dir, 0)
        one = os.path.join(tmp, "corpus1.sarif")
        lockcheck(lc, ["--jobs", "1", "--sarif", one, "scenarios/corpus"], source_dir, 0)
        texts = []
        for path in (corpus, one):
            with open(path) as f:
                texts.append(f.read().replace('"jobs": 1', '"jobs": 2', 1))
        if texts[0] != texts[1]:
            fail("the corpus's SARIF differs between --jobs 1 and --jobs 2")
        print("ok: corpus SARIF the same bytes with --jobs 1 and --jobs 2 (but for the jobs option)")

        binary, why = validator(install_dir)
        if binary is None:
            print(f"SKIPPED: {why}")
            return SKIP
        expect_valid(binary, corpus, "corpus")

        # The errors are read: a result without locations breaks GitHub's rules.
        with open(corpus) as f:
            broken = json.load(f)
        broken["runs"][0]["results"][0].pop("locations")
        broken_file = os.path.join(tmp, "broken.sarif")
        with open(broken_file, "w") as f:
            json.dump(broken, f)
        errors, _ = validate(binary, broken_file, broken_file + ".validation.sarif")
        if not errors:
            fail("the broken copy (a result without locations) gave no error")
        print(f"ok: broken copy: {len(errors)} errors, as it should")

        s = os.path.join(tmp, "s")
        os.makedirs(s)
        for name, text in {"unexpected.py": UNEXPECTED, "bad.py": "x = (1,\n",
                           "incomplete.py": INCOMPLETE,
                           "missing.py": "# lockcheck: expect=deadlock\nx = 1\n"}.items():
            with open(os.path.join(s, name), "w") as f:
                f.write(text)
        findings = os.path.join(tmp, "findings.sarif")
        lockcheck(lc, ["--jobs", "2", "--sarif", findings, "--source-root", "s", "s"], tmp, 2)
        with open(findings) as f:
            run = json.load(f)["runs"][0]
        rules = sorted(r["ruleId"] for r in run["results"])
        if rules != ["deadlock", "expected-bug-not-found", "input-error"]:
            fail(f"findings: results {rules}")
        uris = [a["location"]["uri"] for a in run["artifacts"]]
        if uris != ["bad.py", "incomplete.py", "missing.py", "unexpected.py"]:
            fail(f"findings: artifact URIs relative to --source-root: {uris}")
        notes = run["invocations"][0].get("toolExecutionNotifications", [])
        if [n["descriptor"]["id"] for n in notes] != ["incomplete"]:
            fail(f"findings: notifications {notes}")
        expect_valid(binary, findings, "findings (deadlock, input error, incomplete, missing)")
    print("sarif_validate: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
