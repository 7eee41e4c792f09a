#!/usr/bin/env python3
"""Validates lockcheck JSON reports against the report schema (JSON Schema draft 2020-12).

Usage:
  schema_test.py SCHEMA REPORT.json...
      Validates each report; prints every error (path and reason) of a bad one. Exit 0 when all
      are valid, 1 when one is not (or holds no scenario), 2 on a usage error.
  schema_test.py --strictness SCHEMA REPORT.json...
      Also proves the schema is closed: for each (valid) report, derives broken copies (an
      unknown key in every object, each required key removed, out-of-range values and enums)
      and fails if the schema accepts any of them. Meant for small reports (the fixture).

Needs Debian's python3-jsonschema (tools/setup.sh installs it). Run with /usr/bin/python3.
"""
import copy
import json
import sys

try:
    import jsonschema
except ImportError:
    print("schema_test.py: needs the jsonschema module (apt-get install python3-jsonschema)",
          file=sys.stderr)
    sys.exit(1)

MAX_ERRORS_SHOWN = 10
# Keys a valid report may lack: the one optional field of the format.
OPTIONAL_KEYS = {"loop_start"}


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def validate(validator, document):
    return sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))


def objects(node, path=()):
    """Every JSON object of the document with its path, skipping the free-form options."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if path == () and key == "options":
                continue
            yield from objects(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from objects(value, path + (i,))


def at(document, path):
    for p in path:
        document = document[p]
    return document


def mutations(report):
    """(description, broken copy) pairs the schema must reject."""
    for path, obj in list(objects(report)):
        name = "/" + "/".join(map(str, path))
        broken = copy.deepcopy(report)
        at(broken, path)["zz_unknown"] = 1
        yield f"unknown key in {name}", broken
        for key in obj:
            if key in OPTIONAL_KEYS or (path == () and key == "options"):
                continue
            broken = copy.deepcopy(report)
            del at(broken, path)[key]
            yield f"{name}/{key} removed", broken
        # Each field of the wrong type: a boolean is no string, number, array or object, and
        # null only where the format allows it.
        for key, value in obj.items():
            if path == () and key == "options":
                continue
            broken = copy.deepcopy(report)
            at(broken, path)[key] = [] if isinstance(value, bool) else True
            yield f"{name}/{key} of the wrong type", broken
    for key, bad in [("kind", "bogus"), ("severity", "fatal"), ("id", "XYZ"), ("replay", "abc")]:
        for path, obj in list(objects(report)):
            if key in obj and "trace" in obj:
                broken = copy.deepcopy(report)
                at(broken, path)[key] = bad
                yield f"bug {key} = {bad!r}", broken
                break
    for path, obj in list(objects(report)):
        if "matched_expectation" in obj:
            for key, bad in [("status", "weird"), ("expected", ["bogus"])]:
                broken = copy.deepcopy(report)
                at(broken, path)[key] = bad
                yield f"scenario {key} = {bad!r}", broken
            broken = copy.deepcopy(report)
            at(broken, path)["stats"]["states"] = -1
            yield "negative states", broken
            broken = copy.deepcopy(report)
            at(broken, path)["stats"]["limit"] = "bogus"
            yield "unknown limit", broken
            break
    broken = copy.deepcopy(report)
    broken["schema"] = "lockcheck-report/2"
    yield "another schema version", broken


def main(argv):
    args = argv[1:]
    strictness = bool(args) and args[0] == "--strictness"
    if strictness:
        args = args[1:]
    if len(args) < 2:
        print("usage: schema_test.py [--strictness] SCHEMA REPORT.json...", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    for path in args[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                report = json.load(f)
        except (OSError, ValueError) as e:
            failed += 1
            print(f"{path}: not a JSON document: {e}", file=sys.stderr)
            continue
        errors = validate(validator, report)
        if errors:
            failed += 1
            for e in errors[:MAX_ERRORS_SHOWN]:
                print(f"{path}: {where(e)}: {e.message}", file=sys.stderr)
            if len(errors) > MAX_ERRORS_SHOWN:
                print(f"{path}: ... {len(errors) - MAX_ERRORS_SHOWN} more errors", file=sys.stderr)
            continue
        if not report["scenarios"]:
            failed += 1
            print(f"{path}: the report holds no scenario", file=sys.stderr)
            continue
        if strictness:
            accepted = [what for what, broken in mutations(report) if validator.is_valid(broken)]
            if accepted:
                failed += 1
                for what in accepted:
                    print(f"{path}: the schema accepts a broken report: {what}", file=sys.stderr)
    print(f"{len(args) - 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
