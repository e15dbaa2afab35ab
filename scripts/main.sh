#!/usr/bin/env bash
# Sets up, builds, and runs the main job on an example kernel: tile-compile
# turns examples/vector_add.mlir into PTX (and a cubin where CUDA's ptxas is
# installed) with its launch metadata and a C launcher header; where a GPU
# exists, the compiled kernel runs on ragged sizes and is checked against a
# CPU reference.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

out=build/main-job
mkdir -p "$out"
cubin_args=()
if command -v ptxas >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/ptxas ]; then
  cubin_args=(--cubin "$out/vector_add.cubin")
fi
echo "== tile-compile examples/vector_add.mlir (cuda:80, 4 warps)"
start=$(date +%s%N)
./build/bin/tile-compile examples/vector_add.mlir --target cuda:80 --num-warps 4 \
  -o "$out/vector_add.ptx" "${cubin_args[@]}" \
  --metadata "$out/vector_add.json" --header "$out/vector_add.h"
echo "compiled in $(( ($(date +%s%N) - start) / 1000000 )) ms: $(ls "$out" | tr '\n' ' ')"
echo "== kernel metadata"
cat "$out/vector_add.json"
echo "== PTX (first lines of the kernel body)"
grep -m 12 -E '^\.(version|target|visible)|ld\.global|st\.global' "$out/vector_add.ptx"

echo "== run on the GPU and check against the CPU (fp32, fp16, bf16; ragged n)"
set +e
./build/test/gpu/gpu_elementwise_test --kernels build/test/gpu/kernels --only vector_add
status=$?
set -e
if [ $status -eq 77 ]; then
  echo "no GPU here: the kernel was compiled but not run"
  exit 0
fi
exit $status
