#!/usr/bin/env bash
# Sets up, builds, and runs every test: the lit suites (each .mlir and C API
# test counted on its own), the C unit tests, the runtime and back-end tests.
# GPU tests skip where there is no GPU. Ends with one line
# "N passed, N failed" (skipped tests are named on the line before it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd build

set +e
# The lit suite runs as one ctest test; run it directly so every file counts.
/usr/lib/llvm-22/bin/lit -sv test 2>&1 | tee lit.log
lit_status=${PIPESTATUS[0]}
ctest --output-on-failure -j"$(nproc)" -E '^lit$' 2>&1 | tee ctest.log
ctest_status=${PIPESTATUS[0]}
set -e

lit_passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' lit.log); lit_passed=${lit_passed:-0}
lit_failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' lit.log); lit_failed=${lit_failed:-0}
lit_unsupported=$(sed -n 's/^ *Unsupported *: *\([0-9]*\).*/\1/p' lit.log); lit_unsupported=${lit_unsupported:-0}
ctest_total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' ctest.log); ctest_total=${ctest_total:-0}
ctest_failed=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' ctest.log); ctest_failed=${ctest_failed:-0}
ctest_skipped=$(grep -c '(Skipped)' ctest.log || true)
passed=$((lit_passed + ctest_total - ctest_failed - ctest_skipped))
failed=$((lit_failed + ctest_failed))
if [ "$lit_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$ctest_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "skipped: $((lit_unsupported + ctest_skipped)) (GPU tests without a GPU, ptxas tests without CUDA)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
