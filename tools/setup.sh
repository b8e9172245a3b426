#!/usr/bin/env bash
# Installs what blocksweep needs on a fresh Debian machine and builds it (release).
# Idempotent: packages already present are skipped by apt, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libopenblas-dev libyaml-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"
  else echo "setup: Swift 6 is needed (https://swift.org/install); not found on PATH or in /opt/swift" >&2; exit 1; fi
fi
swift build -c release --product blocksweep >&2
