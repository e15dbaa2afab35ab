#!/usr/bin/env bash
# Sets up, builds, and runs every test (lit suites, C unit tests, runtime and
# back-end tests; GPU tests skip where there is no GPU). Ends with ctest's
# summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build
ctest --output-on-failure -j"$(nproc)"
