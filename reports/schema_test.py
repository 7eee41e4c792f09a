#!/usr/bin/env python3
"""Validates lockcheck JSON reports against the report schema (JSON Schema draft 2020-12).

Usage:
  schema_test.py SCHEMA REPORT.json...
      Validates each report; prints every error (path and reason) of a bad one. Exit 0 when all
      are valid, 1 when one is not (or holds no scenario), 2 on a usage error.
  schema_test.py --strictness SCHEMA REPORT.json...
      Also proves the schema is closed: for each (valid) report, derives broken copies (an
      unknown key in every object, each required key removed, out-of-range values and enums)
      and fails if the schema accepts any of them, including wrong types inside wait_graph,
      wait_cycle and lock_order, so the report needs one bug with each (the fixture has them).
      Meant for small reports (the fixture).

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
# Keys a valid report may lack: loop_start (a bug that is not a lasso), and scenario.profile,
# added within lockcheck-report/1 (a report written before it was checked under "language"),
# as stats.estimate and stats.swarm were (present where they apply).
OPTIONAL_KEYS = {"loop_start", "profile", "estimate", "swarm"}


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
    # The structured deadlock and lock-order fields: the generic mutations above replace whole
    # values with a boolean; these put wrong types inside the arrays, where a consumer iterates.
    wait_graph_bugs = [p for p, o in objects(report) if o.get("wait_graph")]
    lock_order_bugs = [p for p, o in objects(report) if o.get("lock_order")]
    wait_cycle_bugs = [p for p, o in objects(report) if o.get("wait_cycle")]
    if not (wait_graph_bugs and lock_order_bugs and wait_cycle_bugs):
        raise ValueError("--strictness needs a report with a wait_graph, a wait_cycle and a "
                         "lock_order edge (the fixture has them)")
    bad_values = [
        ("wait_graph", lambda b: b["wait_graph"].append("Thread-1 waits in b.acquire()"),
         "an edge that is a string"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(held_by=7), "held_by a number"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(held_by=""), "held_by empty, not null"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(line="13"), "line a string"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(line=-1), "line negative"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(waits_on=None), "waits_on null"),
        ("wait_graph", lambda b: b["wait_graph"][0].update(thread=["T"]), "thread an array"),
        ("wait_cycle", lambda b: b["wait_cycle"].append(1), "a number in the cycle"),
        ("wait_cycle", lambda b: b["wait_cycle"].append(None), "null in the cycle"),
        ("wait_cycle", lambda b: b["wait_cycle"].append(b["wait_cycle"][0]),
         "a thread twice in the cycle"),
        ("lock_order", lambda b: b["lock_order"].append(["a", "b"]), "an edge that is an array"),
        ("lock_order", lambda b: b["lock_order"][0].update(holds=None), "holds null"),
        ("lock_order", lambda b: b["lock_order"][0].update(acquires=2), "acquires a number"),
        ("lock_order", lambda b: b["lock_order"][0].update(op={}), "op an object"),
        ("lock_order", lambda b: b["lock_order"][0].update(line="13"), "line a string"),
        ("lock_order", lambda b: b["lock_order"][0].update(column=1.5), "column not an integer"),
    ]
    paths = {"wait_graph": wait_graph_bugs[0], "wait_cycle": wait_cycle_bugs[0],
             "lock_order": lock_order_bugs[0]}
    for key, spoil, what in bad_values:
        broken = copy.deepcopy(report)
        spoil(at(broken, paths[key]))
        yield f"{key}: {what}", broken
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
            try:
                accepted = [what for what, broken in mutations(report)
                            if validator.is_valid(broken)]
            except ValueError as e:
                failed += 1
                print(f"{path}: {e}", file=sys.stderr)
                continue
            if accepted:
                failed += 1
                for what in accepted:
                    print(f"{path}: the schema accepts a broken report: {what}", file=sys.stderr)
    print(f"{len(args) - 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
