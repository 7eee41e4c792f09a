#!/usr/bin/env bash
# Regenerates docs/html_report.png, the README's picture of a swimlane page: the deadlock of
# scenarios/corpus/lock_order_inversion.py, with step 9 (Thread-1 takes a) pinned so the panel
# shows its source, taken with headless Chromium.
#
# Usage: tools/html_screenshot.sh [LOCKCHECK_BINARY]   (default build/tools/lockcheck; run from
# the repository root)
set -eu
lc=${1:-build/tools/lockcheck}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "html_screenshot: Chromium is not installed (apt-get install chromium)" >&2
  exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$lc" check --quiet --html "$dir/html" scenarios/corpus/lock_order_inversion.py >/dev/null
mkdir -p docs
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$dir/profile" --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars \
  --force-device-scale-factor=1 --window-size=1120,900 --screenshot="$PWD/docs/html_report.png" \
  "file://$dir/html/scenarios--corpus--lock_order_inversion.py.html#bug-1-step-9" 2>/dev/null
# Fewer colours, a third of the bytes, no visible change (Debian's pngquant, when installed).
if command -v pngquant >/dev/null; then
  pngquant --force --skip-if-larger --quality 80-95 --output docs/html_report.png docs/html_report.png || true
fi
echo "wrote docs/html_report.png"
