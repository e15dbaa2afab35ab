#!/usr/bin/env bash
# The one command to run on the GPU machine, from the repository root:
#   bash bench/run_on_device.sh            (results in $OUT, else bench/results/latest)
# About 4 minutes on an H100/H200; each step has its own time limit so the
# whole stays under 9.5 minutes (570 s of limits; the device tool's is 10), and a step
# that runs out loses only its own report. Installs nothing: torch and
# Triton must be there. Needs the prebuilt kernels (bench/kernels/*.cubin,
# .ptx, .json from bench/build_kernels.py, committed) and the tile runtime:
# $TILE_RUNTIME_LIB, else build/runtime/libtileruntime.so when carried, else
# runtime/*.c compiled here with cc into bench/.build/ (under a second).
# Runs, in order:
#   1. bench_memory.py --quick   correctness sweep, ragged sizes included
#                                (memory_quick.*)
#   2. bench_memory.py           tile vs Triton vs torch GB/s at DESIGN.md's
#                                sizes, do_bench (memory.*)
#   3. bench_launch.py           launch overhead (launch.*)
#   4. bench_compile.py --triton Triton's cold compile (compile_triton.*);
#      --tile too when a carried tile-compile starts here (it needs
#      libMLIR/libLLVM, which the GPU machine lacks): the CPU machine's
#      figures, committed under bench/results/*-cpu-compile*/, are copied in
#      instead (compile_tile.*, compile_triton_cpu.*)
#   5. bench_memory.py --method events   GB/s without the L2 flush
#                                (memory_events.*)
#   6. summarize.py              summary.md / summary.json against DESIGN.md's
#                                goals
# and run.log. Extra arguments go to the bench_memory.py runs.
# BENCH_STEPS picks the steps by name: quick memory launch compile events
# (the default: 1-5 above, 550 s of limits), mma_peak: bench_mma_peak.py
# (the mma.sync ceiling, hand-written PTX; mma_peak.*, 60 s of limit), and
# gemm: bench_gemm.py --quick (correctness, ragged shapes; gemm_quick.*)
# then bench_gemm.py (fp16/bf16 TFLOP/s against Triton's tutorial 03 on
# wgmma and on mma.sync, and cuBLAS, as a fraction of the mma.sync ceiling
# when mma_peak ran first; gemm.*), 400 s of limits, so on a 10-minute
# device call run them without the default steps:
#   BENCH_STEPS="mma_peak gemm" bash bench/run_on_device.sh
# summarize.py always runs.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export PYTHONUNBUFFERED=1
OUT=${OUT:-bench/results/latest}
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1

START=$SECONDS
step() { echo "== [$((SECONDS - START)) s] $*"; }

step "$(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv 2>/dev/null || true
python3 -c 'import torch, triton; print("torch", torch.__version__, "triton", triton.__version__, "cuda", torch.version.cuda)'

LIB=${TILE_RUNTIME_LIB:-}
if [ -z "$LIB" ] && [ -f build/runtime/libtileruntime.so ]; then
  LIB=$PWD/build/runtime/libtileruntime.so
fi
mkdir -p bench/.build
if [ -z "$LIB" ]; then
  LIB=$PWD/bench/.build/libtileruntime.so
  step "building $LIB from runtime/*.c"
  cc -std=c11 -O2 -fPIC -shared -fvisibility=hidden -Icapi/include runtime/*.c -ldl -o "$LIB" || exit 1
fi
export TILE_RUNTIME_LIB=$LIB
C_TEST=bench/.build/runtime_gpu_test
cc -std=c11 -O2 -Icapi/include test/runtime/runtime_gpu_test.c "$LIB" -Wl,-rpath,"$(dirname "$LIB")" -o "$C_TEST" \
  || C_TEST=

status=0
STEPS=" ${BENCH_STEPS:-quick memory launch compile events} "
want() { [[ $STEPS == *" $1 "* ]]; }  # want NAME: NAME is in BENCH_STEPS

run_step() {  # run_step SECONDS NAME COMMAND...: runs COMMAND with a time limit
  local limit=$1 name=$2
  shift 2
  step "$name (limit $limit s)"
  timeout -k 10 "$limit" "$@"
  local rc=$?
  if [ $rc -ne 0 ]; then
    status=1
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo "!! $name ran out of its $limit s"; else echo "!! $name exited $rc"; fi
  fi
}

want quick && run_step 120 "bench_memory.py --quick (correctness sweep)" \
  python3 bench/bench_memory.py --quick --name memory_quick --out "$OUT" "$@"
want memory && run_step 150 "bench_memory.py (do_bench)" python3 bench/bench_memory.py --out "$OUT" "$@"
want launch && run_step 60 "bench_launch.py" python3 bench/bench_launch.py --out "$OUT" ${C_TEST:+--c-test "$C_TEST"}

if want compile; then
  COMPILE_PARTS=--triton
  TILE_COMPILE=${TILE_COMPILE:-build/bin/tile-compile}
  if [ -x "$TILE_COMPILE" ] && "$TILE_COMPILE" --help >/dev/null 2>&1; then
    COMPILE_PARTS="--triton --tile"
  else
    CPU_COMPILE=$(ls -d bench/results/*-cpu-compile* 2>/dev/null | sort | tail -n 1)
    echo "tile-compile does not run here; copying the CPU machine's compile times from ${CPU_COMPILE:-(none committed)}"
    [ -n "$CPU_COMPILE" ] && cp "$CPU_COMPILE"/compile_*.md "$CPU_COMPILE"/compile_*.json "$OUT"/
  fi
  run_step 130 "bench_compile.py $COMPILE_PARTS" python3 bench/bench_compile.py $COMPILE_PARTS \
    --tile-compile "$TILE_COMPILE" --out "$OUT" --kernels vector_add softmax layer_norm
fi
want events && run_step 90 "bench_memory.py --method events" \
  python3 bench/bench_memory.py --method events --name memory_events --out "$OUT" "$@"
want mma_peak && run_step 60 "bench_mma_peak.py (mma.sync ceiling)" python3 bench/bench_mma_peak.py --out "$OUT"
want gemm && run_step 120 "bench_gemm.py --quick (correctness sweep)" \
  python3 bench/bench_gemm.py --quick --out "$OUT"
want gemm && run_step 280 "bench_gemm.py (do_bench)" python3 bench/bench_gemm.py --out "$OUT"
run_step 20 "summarize.py" python3 bench/summarize.py "$OUT" >/dev/null
# The device tool brings back at most 8 files: pack the reports into one
# archive beside the summary.
(cd "$OUT" && tar czf results.tar.gz --exclude results.tar.gz ./*)
step "done (status $status); results in $OUT: $(cd "$OUT" && ls | tr '\n' ' ')"
exit $status
