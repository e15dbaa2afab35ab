/*===- gpu_test.h - shared code of the GPU end-to-end tests ---------*- C -*-===*
 *
 * Each GPU test program runs the compiled example kernels (examples/<name>.mlir,
 * turned into PTX/cubin by tile-compile at build time) on the GPU through
 * tile-c/Runtime.h and compares every output with a reference the test
 * computes on the CPU. This file gives them what they share: command-line
 * handling, kernel loading with launch metadata, device buffers with guard
 * bytes, half-precision conversions, a fixed-seed random generator and
 * comparisons that print one line per case:
 *
 *   PASS vector_add f16 n=1000003 max_abs_err=0 max_rel_err=0
 *
 * A test exits 0 when every case passed, 1 when any failed, and 77 (which
 * ctest reports as skipped) when there is no driver, no device, or no
 * compiled kernel at all. Nothing here aborts: a failed runtime call fails
 * the case that made it, with the runtime's message.
 *
 * Command line of every test:
 *   --kernels DIR  folder tile-compile wrote into: DIR/<arch>/<example>.cubin,
 *                  .ptx and .json (and <example>.log where it failed)
 *   --arch NAME    use DIR/NAME instead of the folder matching the device
 *                  (sm_90a on compute capability 9.0, sm_80 on 8.x)
 *   --ptx          load PTX (driver JIT) instead of the cubin
 *   --small        smaller problem sizes, for runs under compute-sanitizer
 *   --only TEXT    run only the cases whose name contains TEXT
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_TEST_GPU_GPU_TEST_H
#define TILE_TEST_GPU_GPU_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tile-c/Runtime.h"

/// The exit code ctest reads as "skipped".
#define GPU_TEST_SKIP 77

/// The most example modules one test keeps loaded.
#define GPU_TEST_MAX_MODULES 16
/// The most host (and device) buffers one case makes.
#define GPU_CASE_MAX_BUFFERS 16

/// One test program's state: the runtime, where the kernels are, the tally.
typedef struct GpuTest {
  const char *testName;
  TileRuntime runtime;
  TileDeviceInfo device;
  const char *kernelRoot;
  /// The subfolder of kernelRoot that kernels come from, e.g. "sm_90a".
  char arch[32];
  bool loadPtx;
  bool small;
  const char *only;
  int passed;
  int failed;
  /// Failed cases whose kernel tile-compile did not produce.
  int notCompiled;
  /// Loaded modules, by example name; freed by tileRuntimeDestroy.
  int moduleCount;
  char moduleNames[GPU_TEST_MAX_MODULES][64];
  TileModule modules[GPU_TEST_MAX_MODULES];
  /// The argument list every launch reuses.
  TileKernelArgs args;
  /// Set when adding an argument failed; the next launch then fails.
  bool argsFailed;
} GpuTest;

/// A kernel ready to launch: its threads per block and dynamic shared
/// memory come from the metadata tile-compile wrote next to it.
typedef struct GpuKernel {
  TileKernel kernel;
  const char *name;
  unsigned threadsPerBlock;
  size_t sharedBytes;
} GpuKernel;

/// Runs a test program's main: parses the command line, creates the runtime
/// and picks the kernel folder, runs `runCases`, then prints the tally and
/// destroys the runtime. Returns the code main exits with: 0 when every case
/// passed, 1 otherwise, 77 when there is no GPU or no compiled kernel and 2
/// for a bad command line (having printed why).
int gpuTestMain(const char *testName, int argc, char **argv,
                void (*runCases)(GpuTest *test));

/// One test case: its name (what PASS and FAIL lines print) and the host
/// and device buffers it made, which gpuCaseEnd frees. Once a step fails
/// (having printed the FAIL line), the later steps of the case do nothing
/// and return failure, so a case function can check once per phase.
typedef struct GpuCase {
  GpuTest *test;
  char name[192];
  bool failed;
  int hostCount;
  void *host[GPU_CASE_MAX_BUFFERS];
  int deviceCount;
  TileDevicePtr device[GPU_CASE_MAX_BUFFERS];
} GpuCase;

/// Starts a case named by `format`. Returns false (and the case must not
/// go on; no gpuCaseEnd needed) when --only deselects it.
bool gpuCaseBegin(GpuCase *testCase, GpuTest *test, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/// Frees every buffer of the case.
void gpuCaseEnd(GpuCase *testCase);

/// Fails the case: prints "FAIL <name>: <message>" and counts it once.
void gpuCaseFail(GpuCase *testCase, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/// Passes the case: prints "PASS <name>[ <what>] <details>" (`what` may be
/// NULL) and counts it. For checks the gpuCaseCompare* functions do not make.
void gpuCasePass(GpuCase *testCase, const char *what, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/// Loads kernel `kernelName` of examples/<example>.mlir (the module is loaded
/// once per test and kept). Returns false, having failed the case with why
/// (not compiled, with tile-compile's first error line; a load or lookup
/// error, with the runtime's message; no launch metadata).
bool gpuCaseKernel(GpuCase *testCase, const char *example,
                   const char *kernelName, GpuKernel *kernel);

/// Returns `count` zeroed host elements of `size` bytes, freed by
/// gpuCaseEnd; NULL (the case failed) when out of memory.
void *gpuCaseHost(GpuCase *testCase, size_t count, size_t size);

/// Copies `bytes` from `host` into new device memory, followed by guard
/// bytes like gpuCaseOutput's (so gpuCaseDownload checks a buffer updated in
/// place). Returns its address, or 0 when the case failed.
TileDevicePtr gpuCaseUpload(GpuCase *testCase, const void *host, size_t bytes);

/// Allocates an output buffer of `bytes` plus guard bytes after it, all
/// filled with a sentinel (NaN in every float type), so elements the kernel
/// should have written but did not, and writes past the end, both show.
/// Returns the address, or 0 when the case failed.
TileDevicePtr gpuCaseOutput(GpuCase *testCase, size_t bytes);

/// Copies `bytes` of an output buffer to `host` and checks its guard bytes.
/// Returns false when the case failed.
bool gpuCaseDownload(GpuCase *testCase, void *host, TileDevicePtr device,
                     size_t bytes);

/// The element types of half-precision test cases.
typedef enum GpuHalfType { GPU_F16, GPU_BF16 } GpuHalfType;

/// Copies `count` elements of `type` from an output buffer (checking its
/// guard bytes as gpuCaseDownload does) and widens them into `values`.
/// Returns false when the case failed.
bool gpuCaseDownloadHalves(GpuCase *testCase, GpuHalfType type, float *values,
                           TileDevicePtr device, size_t count);

/// Starts the argument list of the case's next launch.
void gpuArgsBegin(GpuCase *testCase);
/// Appends a device pointer to the argument list.
void gpuArgPointer(GpuCase *testCase, TileDevicePtr value);
/// Appends an i32 to the argument list.
void gpuArgI32(GpuCase *testCase, int32_t value);
/// Appends an f32 to the argument list.
void gpuArgF32(GpuCase *testCase, float value);

/// Returns how many blocks of `block` elements cover `count` elements.
unsigned gpuBlocksOf(int count, int block);

/// Launches `kernel` on grid (x, y, z) with the argument list and waits for
/// it. Returns false when the case failed (bad arguments, launch error or a
/// fault in the kernel).
bool gpuCaseLaunch(GpuCase *testCase, const GpuKernel *kernel, unsigned gridX,
                   unsigned gridY, unsigned gridZ);

/// Compares `count` floats with the reference: element i passes when
/// |got - want| <= absTolerance + relTolerance * |want| (NaN passes only
/// against NaN, infinity only against itself). Prints PASS with
/// max_abs_err and max_rel_err, or FAIL with the first mismatches, for the
/// case (with `what` after its name when not NULL, for a case that checks
/// several outputs). Returns whether it passed.
bool gpuCaseCompareFloats(GpuCase *testCase, const char *what,
                          const float *got, const float *want, size_t count,
                          double absTolerance, double relTolerance);

/// Compares `count` values computed in fp32 and rounded once to `type`
/// with the reference, within about an ulp of `type` (1e-3 + 2e-3 * |want|
/// for fp16, 1e-2 + 1.6e-2 * |want| for bf16), printing like
/// gpuCaseCompareFloats. Returns whether it passed.
bool gpuCaseCompareRounded(GpuCase *testCase, GpuHalfType type, const float *got,
                           const float *want, size_t count);

/// Compares `count` int32 values exactly, printing like
/// gpuCaseCompareFloats. Returns whether it passed.
bool gpuCaseCompareInts(GpuCase *testCase, const char *what,
                        const int32_t *got, const int32_t *want, size_t count);

//===----------------------------------------------------------------------===//
// Half precision on the host
//===----------------------------------------------------------------------===//

/// Returns the fp16 bits nearest to `value` (round to nearest even; keeps
/// subnormals, infinities and NaN).
uint16_t gpuFloatToHalf(float value);
/// Returns the value of fp16 bits `bits` (exact).
float gpuHalfToFloat(uint16_t bits);
/// Returns the bf16 bits nearest to `value` (round to nearest even; NaN stays
/// NaN).
uint16_t gpuFloatToBFloat16(float value);
/// Returns the value of bf16 bits `bits` (exact).
float gpuBFloat16ToFloat(uint16_t bits);


/// Returns the f8E4M3FN bits nearest to `value` (round to nearest even;
/// beyond the largest finite value, 448, saturates to it, as the kernels'
/// .satfinite conversions do; NaN gives 0x7f with the sign).
uint8_t gpuFloatToE4M3(float value);
/// Returns the value of f8E4M3FN bits `bits` (exact; 0x7f and 0xff are NaN).
float gpuE4M3ToFloat(uint8_t bits);
/// Returns the f8E5M2 bits nearest to `value` (round to nearest even;
/// saturating at 57344 like gpuFloatToE4M3; NaN gives 0x7f with the sign).
uint8_t gpuFloatToE5M2(float value);
/// Returns the value of f8E5M2 bits `bits` (exact, infinities and NaN too).
float gpuE5M2ToFloat(uint8_t bits);

/// Returns "f16" or "bf16".
const char *gpuHalfTypeName(GpuHalfType type);
/// Rounds `value` to `type` and returns the bits.
uint16_t gpuFloatToHalfType(GpuHalfType type, float value);
/// Returns the value of `type` bits `bits`.
float gpuHalfTypeToFloat(GpuHalfType type, uint16_t bits);

//===----------------------------------------------------------------------===//
// Random inputs
//===----------------------------------------------------------------------===//

/// A splitmix64 generator: the same seed gives the same inputs everywhere.
typedef struct GpuRandom {
  uint64_t state;
} GpuRandom;

/// Returns a generator started from `seed`.
GpuRandom gpuRandomCreate(uint64_t seed);
/// Returns the next 64 random bits.
uint64_t gpuRandomNext(GpuRandom *random);
/// Returns a float uniform in [low, high).
float gpuRandomUniform(GpuRandom *random, float low, float high);
/// Returns a standard normal float (Box-Muller).
float gpuRandomNormal(GpuRandom *random);
/// Returns an integer uniform in [low, high).
int32_t gpuRandomInt(GpuRandom *random, int32_t low, int32_t high);

#endif // TILE_TEST_GPU_GPU_TEST_H
