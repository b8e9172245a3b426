#!/usr/bin/env bash
# Formats Sources, Tests and Package.swift in place with the committed .swift-format (the
# toolchain's swift-format); tools/test.sh, and so CI, refuses code that is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
swift format format --in-place --parallel --recursive Sources Tests Package.swift
