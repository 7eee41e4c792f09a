#!/usr/bin/env bash
# Installs the Debian 12 packages lockcheck needs that are missing, then configures and builds
# it in Release into build/. Idempotent, and silent when there is nothing to do: a second run
# installs nothing and rebuilds only what changed. Runs as root, or as a user with sudo (only
# asked for when something must be installed).
#
# Usage: tools/setup.sh          (tools/check_corpus.sh calls it first)
#        tools/setup.sh --tests  also what only the tests use: OpenMPI, for the distributed
#                                search and its test (tools/test.sh calls it so)
set -euo pipefail
cd "$(dirname "$0")/.."

# libgmock-dev: the unit tests link GoogleMock's matchers; Debian ships it apart from libgtest-dev.
# python3-junitparser: the junit_read CTest reads the JUnit report back with it.
# python3-pytest: the pytest plugin (python/lockcheck/pytest_plugin.py) and its test.
# parallel: the swarm test launches a swarm's members with GNU parallel, as the README does.
packages=(cmake g++ make libabsl-dev libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev
          python3 python3-jsonschema python3-junitparser python3-pytest parallel)
# OpenMPI: lockcheck builds `check --distributed` when CMake finds it (an optional part: the
# Quick start's first command neither needs nor installs it).
case "${1:-}" in
  "") ;;
  --tests) packages+=(openmpi-bin libopenmpi-dev) ;;
  *) echo "usage: tools/setup.sh [--tests]" >&2; exit 2 ;;
esac

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    # "installed", not merely known to dpkg (a removed package can leave its config behind).
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo=()
    if [ "$(id -u)" != 0 ]; then
      if ! command -v sudo >/dev/null 2>&1; then
        echo "setup: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
        exit 1
      fi
      sudo=(sudo)
    fi
    # Through env, as sudo resets the environment.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: no dpkg here (not Debian?); assuming these are installed: ${packages[*]}" >&2
fi

jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -x build/tools/lockcheck ]; then
  echo "setup: building lockcheck (Release) into build/ with $jobs jobs"
fi
# Configuring every time is cheap, switches an existing build/ to Release and picks up new
# files; its output is only shown when it fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# In CI a warning is an error (LOCKCHECK_WERROR); set on every run so the cached value follows CI.
werror=OFF
[ "${CI:-}" = true ] && werror=ON
if ! cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOCKCHECK_WERROR="$werror" >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup: cmake could not configure the build (see above)" >&2
  exit 1
fi
# Progress lines are dropped; compiler warnings and errors still show.
if ! cmake --build build -j"$jobs" 2>&1 | { grep -Ev '^\[ *[0-9]+%\]|^(Consolidate|-- )' || true; }; then
  echo "setup: the build failed (see above)" >&2
  exit 1
fi
