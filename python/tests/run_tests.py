"""Runs python/tests with pytest (the CTest pytest_plugin); exits 77, which CTest counts as
skipped, when pytest is not installed. Usage: run_tests.py LOCKCHECK_BINARY CACHE_DIR [ARGS]"""

import os
import sys
from pathlib import Path

SKIPPED = 77

try:
    import pytest
except ImportError:
    print("pytest_plugin: skipped: pytest is not installed (Debian: python3-pytest; "
          "tools/setup.sh installs it)")
    sys.exit(SKIPPED)

here = Path(__file__).resolve().parent
os.environ["LOCKCHECK"] = os.path.abspath(sys.argv[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(here.parent)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
sys.path.insert(0, str(here.parent))
# The outer session's cache goes to the build folder, not the source tree; the inner sessions
# run in pytester's temporary folders. Exit status 5 (nothing collected) fails like any other.
sys.exit(pytest.main(["-p", "pytester", "-o", f"cache_dir={sys.argv[2]}", "-q", str(here)]
                     + sys.argv[3:]))
