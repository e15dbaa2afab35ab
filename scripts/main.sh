#!/usr/bin/env bash
# Sets up, builds, and runs the main job on an example kernel: the tile-level
# pipeline on examples/vector_add.mlir, printing the IR after it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
example=${1:-examples/vector_add.mlir}
echo "== tile-opt -tile-combine -canonicalize $example"
./build/tools/tile-opt/tile-opt "$example" -tile-combine -canonicalize
