#!/usr/bin/env bash
# Render an HTML report in headless Chromium (Debian package `chromium`) and save a
# screenshot, to check the page by eye. The page's Content-Security-Policy blocks every
# network request; Chromium runs with its own background networking off as well.
# Usage: scripts/screenshot-report.sh report.html screenshot.png [width] [height]
set -euo pipefail
page=$(realpath "$1"); shot=$2; width=${3:-1200}; height=${4:-2400}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size="$width,$height" \
  --screenshot="$shot" "file://$page" 2>/dev/null
echo "wrote $shot"
