#!/usr/bin/env bash
# The browser tests drive Debian's chromium. Install it when it is missing (root, or sudo
# without a password), or stop with a message saying how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
echo "chromium is not installed; installing Debian's chromium package for the browser tests..."
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "Cannot install chromium without root. Run: sudo apt-get install chromium, then make test again." >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null
