#!/usr/bin/env bash
# The one command to run on the GPU machine, from the repository root:
#   bash bench/run_on_device.sh            (results in $OUT, else bench/results/latest)
# Installs nothing: torch and Triton must be there. Uses
# build/runtime/libtileruntime.so when carried (or $TILE_RUNTIME_LIB),
# else compiles runtime/*.c with cc into bench/.build/. Runs, in order:
#   1. bench_memory.py   tile vs Triton vs torch GB/s, outputs cross-checked
#   2. bench_launch.py   launch overhead (C loop from runtime_gpu_test, and
#                        Python: tile via ctypes, Triton, torch)
#   3. bench_compile.py --triton   Triton's cold compile per kernel; and
#      --tile too when a carried tile-compile starts here (it needs
#      libMLIR/libLLVM, which the GPU machine lacks; time it on the CPU
#      machine instead)
# Writes memory.{md,json}, launch.{md,json}, compile_*.{md,json} and run.log.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
OUT=${OUT:-bench/results/latest}
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1

echo "== $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname)"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv 2>/dev/null || true
python3 -c 'import torch, triton; print("torch", torch.__version__, "triton", triton.__version__, "cuda", torch.version.cuda)'

LIB=${TILE_RUNTIME_LIB:-}
if [ -z "$LIB" ] && [ -f build/runtime/libtileruntime.so ]; then
  LIB=$PWD/build/runtime/libtileruntime.so
fi
if [ -z "$LIB" ]; then
  mkdir -p bench/.build
  LIB=$PWD/bench/.build/libtileruntime.so
  echo "== building $LIB from runtime/*.c"
  cc -std=c11 -O2 -fPIC -shared -fvisibility=hidden -Icapi/include runtime/*.c -ldl -o "$LIB" || exit 1
fi
export TILE_RUNTIME_LIB=$LIB
C_TEST=bench/.build/runtime_gpu_test
mkdir -p bench/.build
cc -std=c11 -O2 -Icapi/include test/runtime/runtime_gpu_test.c "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -o "$C_TEST" \
  || C_TEST=

status=0
echo "== bench_memory.py"
python3 bench/bench_memory.py --out "$OUT" "$@" || status=1
echo "== bench_launch.py"
python3 bench/bench_launch.py --out "$OUT" ${C_TEST:+--c-test "$C_TEST"} || status=1
echo "== bench_compile.py"
COMPILE_PARTS=--triton
TILE_COMPILE=${TILE_COMPILE:-build/tools/tile-compile/tile-compile}
if [ -x "$TILE_COMPILE" ] && "$TILE_COMPILE" --help >/dev/null 2>&1; then
  COMPILE_PARTS="--triton --tile"
else
  echo "tile-compile does not run here; time it on the CPU machine: python3 bench/bench_compile.py --tile"
fi
python3 bench/bench_compile.py $COMPILE_PARTS --tile-compile "$TILE_COMPILE" --out "$OUT" \
  --kernels vector_add softmax layer_norm || status=1
echo "== done (status $status); results in $OUT"
exit $status
