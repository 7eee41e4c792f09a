#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in Release, check the bundled corpus
# (one line per scenario; its exit status is lockcheck's).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec build/tools/lockcheck check --quiet scenarios/corpus
