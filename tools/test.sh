#!/usr/bin/env bash
# Quick start, command 2: the same set-up, then every test: unit tests, the corpus verdicts,
# replay round-trips, report schema validation, the command line's exit codes. Its exit status
# is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec ctest --test-dir build --output-on-failure -j"$(nproc 2>/dev/null || echo 2)"
