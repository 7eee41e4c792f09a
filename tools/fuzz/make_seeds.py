#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora and the report reader's dictionary into OUT.

Seeds are drawn from the repository at run time (none is committed): OUT/scenario/ holds every
scenario of scenarios/corpus (for the lexer, parser, compiler and check targets); OUT/report/
the JSON report of the corpus, split into one report per scenario, and the golden reports
(tools/golden/*.json); OUT/schedule/ every replay token those reports hold, each token its own
file. OUT/report.dict lists the report schema's property names and enum values, quoted as
libFuzzer's dictionaries want them.

Usage: tools/fuzz/make_seeds.py LOCKCHECK REPO OUT
"""
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile


def write(folder, data):
    """One seed, named by its content (so a second run writes the same files)."""
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def schema_words(node, words):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                words.update(value)
            if key in ("enum", "const"):
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str):
                        words.add(v)
            schema_words(value, words)
    elif isinstance(node, list):
        for v in node:
            schema_words(v, words)


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lockcheck, repo, out = sys.argv[1:]
    scenarios = sorted(glob.glob(os.path.join(repo, "scenarios/corpus/**/*.py"), recursive=True))
    for path in scenarios:
        with open(path, "rb") as f:
            write(os.path.join(out, "scenario"), f.read())

    reports = []
    with tempfile.TemporaryDirectory() as tmp:
        report_path = os.path.join(tmp, "corpus.json")
        subprocess.run([lockcheck, "check", "--quiet", "--allow-incomplete", "--jobs", "2",
                        "--json", report_path, *scenarios],
                       stdout=subprocess.DEVNULL, check=False)
        with open(report_path, encoding="utf-8") as f:
            whole = json.load(f)
    for scenario in whole["scenarios"]:
        reports.append(dict(whole, scenarios=[scenario]))
    for path in sorted(glob.glob(os.path.join(repo, "tools/golden/*.json"))):
        with open(path, encoding="utf-8") as f:
            reports.append(json.load(f))
    tokens = set()
    for report in reports:
        write(os.path.join(out, "report"), json.dumps(report, indent=2))
        for scenario in report["scenarios"]:
            for bug in scenario.get("bugs", []):
                if bug.get("replay"):
                    tokens.add(bug["replay"])
    for token in sorted(tokens):
        write(os.path.join(out, "schedule"), token)

    with open(os.path.join(repo, "reports/schema/lockcheck-report-1.schema.json"),
              encoding="utf-8") as f:
        words = set()
        schema_words(json.load(f), words)
    with open(os.path.join(out, "report.dict"), "w", encoding="utf-8") as f:
        f.write("# the report schema's property names and enum values, as JSON strings\n")
        for w in sorted(words):
            quoted = json.dumps(w).replace("\\", "\\\\").replace('"', '\\"')
            f.write(f'"{quoted}"\n')
    print(f"seeds: {len(scenarios)} scenarios, {len(reports)} reports, {len(tokens)} tokens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
