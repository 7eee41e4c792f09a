#!/usr/bin/env python3
"""Validates lockcheck JSON reports against the report schema.

Usage: schema_test.py SCHEMA REPORT.json... ; exits 1 with the first error of each bad report.
Needs Debian's python3-jsonschema (tools/setup.sh installs it).
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print("usage: schema_test.py SCHEMA REPORT.json...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        if errors:
            failed += 1
            e = errors[0]
            where = "/".join(str(p) for p in e.path)
            print(f"{path}: {where}: {e.message}", file=sys.stderr)
        elif not report.get("scenarios"):
            failed += 1
            print(f"{path}: the report holds no scenario", file=sys.stderr)
    print(f"{len(argv) - 2 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
