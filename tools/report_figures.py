#!/usr/bin/env python3
"""The figures of a lockcheck JSON report that depend on the run, not on the scenario and the
options: how long it took, how much memory it held, how deep the workers went (where several
share a search) and, in an estimate, when a limit would be hit at this run's rate. Everything
else in a report is the same on every run, whatever --jobs is; the tests that compare reports
drop these, and this file is the one list of them.

As a program: `report_figures.py --grep-pattern [--with-options]` prints an extended regular
expression matching the lines of a pretty-printed report that hold them, for shell tests that
compare reports line by line (with --with-options, the `jobs` option too).
"""
import argparse
import re

STATS = ("seconds", "peak_memory_bytes", "max_depth", "store_bytes", "bytes_per_state")
ESTIMATE = ("predicted_seconds",)  # inside stats.estimate
OPTIONS = ("jobs",)
# How a distributed search (`check --distributed`) ran: the ranks' shares, the search order
# (level by level on every rank), and the option itself. Dropped when a distributed report is
# compared with a one-process one.
DISTRIBUTED_STATS = ("distributed", "search_order")
DISTRIBUTED_OPTIONS = ("distributed",)


def strip(report, drop_options=OPTIONS, distributed=False):
    """`report` (a parsed report) without its run figures, changed in place and returned; with
    `distributed`, without how a distributed search ran either."""
    stats_fields = STATS + (DISTRIBUTED_STATS if distributed else ())
    for option in drop_options + (DISTRIBUTED_OPTIONS if distributed else ()):
        report.get("options", {}).pop(option, None)
    for scenario in report.get("scenarios", []):
        stats = scenario.get("stats", {})
        for field in stats_fields:
            stats.pop(field, None)
        for field in ESTIMATE:
            stats.get("estimate", {}).pop(field, None)
    return report


def grep_pattern(with_options=False):
    names = STATS + ESTIMATE + (OPTIONS if with_options else ())
    return '"(' + "|".join(re.escape(n) for n in names) + ')"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grep-pattern", action="store_true", required=True)
    parser.add_argument("--with-options", action="store_true")
    args = parser.parse_args()
    print(grep_pattern(args.with_options))


if __name__ == "__main__":
    main()
