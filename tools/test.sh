#!/usr/bin/env bash
# Quick start, command 2: set up, build, and run every test (unit tests, the corpus verdicts,
# replay round-trips, schema validation, CLI exit codes).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec ctest --test-dir build --output-on-failure -j"$(nproc 2>/dev/null || echo 2)"
