#!/usr/bin/env bash
# Runs every GPU test: once as built (cubins for the device), once from the
# sm_80 PTX and once from the sm_70 (Volta) PTX through the driver's JIT,
# and once under each compute-sanitizer tool (memcheck, racecheck,
# synccheck; smaller sizes). Prints each test's output, then a summary;
# exits 0 only when nothing failed.
#
#   run_all.sh [--build DIR | --bundle DIR] [--no-sanitizers] [--only TEXT]
#
# --build DIR   a CMake build folder (tests in DIR/test/gpu, kernels in
#               DIR/test/gpu/kernels, libtileruntime in DIR/runtime)
# --bundle DIR  what `ninja tile-gpu-bundle` gathered (DIR/bin, DIR/kernels);
#               the default when this script sits in such a folder
# Without either, the build folder is ./build.
set -u

here=$(cd "$(dirname "$0")" && pwd)
bin= kernels= libs= sanitizers=1 only=()
use_build() { bin=$1/test/gpu; kernels=$1/test/gpu/kernels; libs=$1/runtime; }
use_bundle() { bin=$1/bin; kernels=$1/kernels; libs=$1/bin; }
if [ -d "$here/bin" ] && [ -d "$here/kernels" ]; then use_bundle "$here"; else use_build build; fi
while [ $# -gt 0 ]; do
  case $1 in
    --build) use_build "$2"; shift 2 ;;
    --bundle) use_bundle "$2"; shift 2 ;;
    --no-sanitizers) sanitizers=0; shift ;;
    --only) only=(--only "$2"); shift 2 ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
export LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
tests=(gpu_elementwise_test gpu_norms_test gpu_reductions_test gpu_dequant_test gpu_misc_test
  gpu_atomics_test gpu_gemm_test gpu_debug_test)
for t in "${tests[@]}"; do
  [ -x "$bin/$t" ] || { echo "run_all.sh: $bin/$t is missing; build the tests first" >&2; exit 2; }
done

find_sanitizer() {
  command -v compute-sanitizer && return
  local candidate
  for candidate in /usr/local/cuda/bin/compute-sanitizer \
      /usr/local/cuda/compute-sanitizer/compute-sanitizer \
      /usr/local/cuda-*/bin/compute-sanitizer /opt/nvidia/*/compute-sanitizer; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
}

summary=()
failed=0 passed=0 device=
# run MODE TEST [sanitizer command...] -- [test arguments...]
run() {
  local mode=$1 t=$2; shift 2
  local prefix=()
  while [ "$1" != -- ]; do prefix+=("$1"); shift; done
  shift
  echo
  echo "=== $t [$mode]"
  local log status tally result
  log=$(mktemp)
  timeout 300 "${prefix[@]}" "$bin/$t" --kernels "$kernels" "${only[@]}" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  tally=$(grep -E "^$t: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1 | sed "s/^$t: //")
  local sanitizer_errors
  sanitizer_errors=$(grep -E "(ERROR|RACECHECK) SUMMARY: [0-9]+ " "$log" | tail -1 | sed -E 's/.*(ERROR|RACECHECK) SUMMARY: //')
  case $status in
    0) result=PASS ;;
    77) result=SKIP ;;
    124) result="FAIL (timed out after 300 s)" ;;
    99) result="FAIL (sanitizer: $sanitizer_errors)" ;;
    *) result="FAIL (exit $status)" ;;
  esac
  [ -z "$device" ] && device=$(grep -m1 -o -E "on .* \(sm_[0-9a-z]+, [0-9]+ SMs, driver CUDA [0-9.]+\)" "$log")
  local extra=
  case $result in
    FAIL*) failed=1; extra=${result#FAIL} ;;
    PASS) passed=1 ;;
    SKIP) tally=$(grep -m1 '^SKIP' "$log" | sed "s/^SKIP $t: //" | cut -c1-90) ;;
  esac
  [ -n "${prefix[*]}" ] && [ -n "$sanitizer_errors" ] && extra="$extra; sanitizer: $sanitizer_errors"
  summary+=("$(printf '%-22s %-10s %-4s %s%s' "$t" "$mode" "${result%% *}" "${tally:-}" "$extra")")
  rm -f "$log"
}

for t in "${tests[@]}"; do run cubin "$t" --; done
if [ -d "$kernels/sm_80" ]; then
  for t in "${tests[@]}"; do run jit-sm_80 "$t" -- --arch sm_80 --ptx; done
fi
# Volta PTX (mma.m8n8k4 for f16 dots); of the GEMMs only the f16 ones are
# compiled for sm_70 (test/gpu/CMakeLists.txt says why).
if [ -d "$kernels/sm_70" ]; then
  for t in "${tests[@]}"; do
    if [ "$t" = gpu_gemm_test ] && [ ${#only[@]} = 0 ]; then
      run jit-sm_70 "$t" -- --arch sm_70 --ptx --only gemm_f16
    else
      run jit-sm_70 "$t" -- --arch sm_70 --ptx
    fi
  done
fi
if [ $sanitizers = 1 ]; then
  sanitizer=$(find_sanitizer)
  if [ -z "$sanitizer" ]; then
    summary+=("compute-sanitizer not found (PATH, /usr/local/cuda*/bin): sanitizer runs skipped")
  else
    # TILE_GPU_SANITIZER tells a test it runs under a sanitizer:
    # gpu_debug_test then skips its failing-assert case, which every tool
    # would report as an error.
    for tool in memcheck racecheck synccheck; do
      export TILE_GPU_SANITIZER=$tool
      for t in "${tests[@]}"; do
        run "$tool" "$t" "$sanitizer" --tool "$tool" --report-api-errors no \
          --error-exitcode 99 -- --small
      done
    done
    unset TILE_GPU_SANITIZER
  fi
fi

echo
echo "=== summary ${device:-(no device)}, kernels from $kernels"
printf '%s\n' "${summary[@]}"
if [ $failed = 1 ]; then
  echo "run_all.sh: FAILURES"
  exit 1
elif [ $passed = 0 ]; then
  echo "run_all.sh: everything skipped (no GPU, or no compiled kernel)"
  exit 77
fi
echo "run_all.sh: nothing failed"
