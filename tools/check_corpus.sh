#!/usr/bin/env bash
# Quick start, command 1: set up, build, and check the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec build/tools/lockcheck check --quiet scenarios/corpus
