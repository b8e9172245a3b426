#!/usr/bin/env bash
# Installs the system packages blocksweep builds against (Debian/Ubuntu), if missing, and
# checks that Swift 6 is there. Idempotent.
set -euo pipefail
need=()
# time: /usr/bin/time -v measures the peak memory CI gates (tools/bench-all.sh --gates).
for pkg in libopenblas-dev libyaml-dev time; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1 && [ ! -x /opt/swift/usr/bin/swift ]; then
  echo "install-deps: Swift 6 is needed (https://swift.org/install): not on PATH nor in /opt/swift" >&2
  exit 1
fi
