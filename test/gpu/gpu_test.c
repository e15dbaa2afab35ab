/*===- gpu_test.c - shared code of the GPU end-to-end tests ---------------===*
 *
 * See gpu_test.h. Every failure is reported as a FAIL line for the case that
 * hit it and counted; the test goes on with its next case, so one run shows
 * every broken kernel, not just the first.
 *
 *===----------------------------------------------------------------------===*/

#include "gpu_test.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bytes after every output buffer that a kernel must leave alone. */
#define GUARD_BYTES 256
/* The fill byte of output buffers: 0xff.. is NaN in f32, f16 and bf16. */
#define SENTINEL_BYTE 0xff
/* How many mismatching elements a FAIL line lists. */
#define MISMATCHES_SHOWN 5

//===----------------------------------------------------------------------===//
// Cases
//===----------------------------------------------------------------------===//

bool gpuCaseBegin(GpuCase *testCase, GpuTest *test, const char *format, ...) {
  memset(testCase, 0, sizeof(*testCase));
  testCase->test = test;
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(testCase->name, sizeof(testCase->name), format, arguments);
  va_end(arguments);
  return !test->only || strstr(testCase->name, test->only) != NULL;
}

void gpuCaseEnd(GpuCase *testCase) {
  for (int i = 0; i < testCase->hostCount; ++i)
    free(testCase->host[i]);
  for (int i = 0; i < testCase->deviceCount; ++i)
    tileMemoryFree(testCase->test->runtime, testCase->device[i]);
  testCase->hostCount = testCase->deviceCount = 0;
}

void gpuCaseFail(GpuCase *testCase, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  printf("FAIL %s: ", testCase->name);
  vprintf(format, arguments);
  printf("\n");
  va_end(arguments);
  fflush(stdout);
  if (!testCase->failed)
    testCase->test->failed++;
  testCase->failed = true;
}

void gpuCasePass(GpuCase *testCase, const char *what, const char *format,
                 ...) {
  va_list arguments;
  va_start(arguments, format);
  printf("PASS %s%s%s ", testCase->name, what ? " " : "", what ? what : "");
  vprintf(format, arguments);
  printf("\n");
  va_end(arguments);
  fflush(stdout);
  testCase->test->passed++;
}

//===----------------------------------------------------------------------===//
// Start and end
//===----------------------------------------------------------------------===//

static int printUsage(const char *testName) {
  fprintf(stderr,
          "usage: %s --kernels DIR [--arch NAME] [--ptx] [--small] "
          "[--only TEXT]\n"
          "  DIR holds <arch>/<example>.{cubin,ptx,json} from tile-compile\n",
          testName);
  return 2;
}

static bool isDirectory(const char *path) {
  struct stat info;
  return stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

/* The kernel folder for the device: cubins are binary compatible only within
 * one major architecture, and sm_90a code runs only on sm_90; anything else
 * gets the sm_80 PTX, which the driver JIT-compiles for it. */
static void pickArch(GpuTest *test) {
  int major = test->device.computeCapabilityMajor;
  int minor = test->device.computeCapabilityMinor;
  if (major == 9 && minor == 0) {
    snprintf(test->arch, sizeof(test->arch), "sm_90a");
  } else {
    snprintf(test->arch, sizeof(test->arch), "sm_80");
    if (major != 8)
      test->loadPtx = true;
  }
}

/* Parses the command line, creates the runtime and picks the kernel folder.
 * Returns 0 to go on, or the code main should exit with, having printed why. */
static int testBegin(GpuTest *test, const char *testName, int argc,
                     char **argv) {
  memset(test, 0, sizeof(*test));
  test->testName = testName;
  test->kernelRoot = getenv("TILE_GPU_KERNELS");
  const char *arch = NULL;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--kernels") == 0 && i + 1 < argc)
      test->kernelRoot = argv[++i];
    else if (strcmp(argv[i], "--arch") == 0 && i + 1 < argc)
      arch = argv[++i];
    else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      test->only = argv[++i];
    else if (strcmp(argv[i], "--ptx") == 0)
      test->loadPtx = true;
    else if (strcmp(argv[i], "--small") == 0)
      test->small = true;
    else
      return printUsage(testName);
  }
  if (!test->kernelRoot)
    return printUsage(testName);

  TileRuntimeStatus status = tileRuntimeCreate(NULL, &test->runtime);
  if (status == TILE_RUNTIME_ERROR_NO_DRIVER ||
      status == TILE_RUNTIME_ERROR_NO_DEVICE) {
    printf("SKIP %s: no CUDA driver or device here: %s\n", testName,
           tileRuntimeGetLastError(test->runtime));
    tileRuntimeDestroy(test->runtime);
    return GPU_TEST_SKIP;
  }
  if (status != TILE_RUNTIME_SUCCESS ||
      tileRuntimeGetDeviceInfo(test->runtime, &test->device) !=
          TILE_RUNTIME_SUCCESS ||
      tileKernelArgsCreate(test->runtime, &test->args) !=
          TILE_RUNTIME_SUCCESS) {
    printf("FAIL %s: the runtime did not start: %s\n", testName,
           tileRuntimeGetLastError(test->runtime));
    tileRuntimeDestroy(test->runtime);
    return 1;
  }
  if (arch)
    snprintf(test->arch, sizeof(test->arch), "%s", arch);
  else
    pickArch(test);

  char folder[4096];
  snprintf(folder, sizeof(folder), "%s/%s", test->kernelRoot, test->arch);
  if (!isDirectory(folder)) {
    printf("SKIP %s: no compiled kernels in %s (tile-compile writes them when "
           "it is built; see test/gpu/CMakeLists.txt)\n",
           testName, folder);
    tileRuntimeDestroy(test->runtime);
    return GPU_TEST_SKIP;
  }
  printf("%s on %s (sm_%d%d, %d SMs, driver CUDA %d.%d): kernels from %s "
         "(%s)%s\n",
         testName, test->device.name, test->device.computeCapabilityMajor,
         test->device.computeCapabilityMinor,
         test->device.multiprocessorCount, test->device.driverVersion / 1000,
         test->device.driverVersion % 1000 / 10, folder,
         test->loadPtx ? "PTX, driver JIT" : "cubin where present",
         test->small ? ", small sizes" : "");
  fflush(stdout);
  return 0;
}

/* Prints the tally, destroys the runtime and returns the exit code. */
static int testEnd(GpuTest *test) {
  if (tileRuntimeDestroy(test->runtime) != TILE_RUNTIME_SUCCESS) {
    printf("FAIL %s: tearing down the runtime: %s\n", test->testName,
           tileRuntimeGetLastError(test->runtime));
    test->failed++;
  }
  printf("%s: %d passed, %d failed", test->testName, test->passed,
         test->failed);
  if (test->notCompiled)
    printf(" (%d not compiled)", test->notCompiled);
  printf("\n");
  return test->failed ? 1 : 0;
}

int gpuTestMain(const char *testName, int argc, char **argv,
                void (*runCases)(GpuTest *test)) {
  GpuTest test;
  int status = testBegin(&test, testName, argc, argv);
  if (status)
    return status;
  runCases(&test);
  return testEnd(&test);
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

/* Reads a whole file; returns NULL when it cannot. The caller frees. */
static char *readFile(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;
  char *data = NULL;
  long length = -1;
  if (fseek(file, 0, SEEK_END) == 0)
    length = ftell(file);
  if (length >= 0 && fseek(file, 0, SEEK_SET) == 0)
    data = malloc((size_t)length + 1);
  if (data && fread(data, 1, (size_t)length, file) != (size_t)length) {
    free(data);
    data = NULL;
  }
  fclose(file);
  if (data) {
    data[length] = '\0';
    *size = (size_t)length;
  }
  return data;
}

/* The first line of tile-compile's log that names an error, else its first
 * line, so a FAIL line says why a kernel is missing. */
static void firstErrorLine(const char *log, char *line, size_t lineSize) {
  const char *start = strstr(log, "error");
  if (start)
    while (start > log && start[-1] != '\n')
      --start;
  else
    start = log;
  size_t length = strcspn(start, "\n");
  if (length >= lineSize)
    length = lineSize - 1;
  memcpy(line, start, length);
  line[length] = '\0';
}

/* Reads an integer field that follows `"key": ` after `from`. */
static bool readJsonInt(const char *from, const char *key, long long *value) {
  char pattern[64];
  snprintf(pattern, sizeof(pattern), "\"%s\":", key);
  const char *at = strstr(from, pattern);
  if (!at)
    return false;
  char *end;
  *value = strtoll(at + strlen(pattern), &end, 10);
  return end != at + strlen(pattern);
}

/* Fills the launch shape of `kernelName` from tile-compile's metadata. */
static bool readLaunchMetadata(GpuCase *testCase, const char *path, const char *kernelName,
                               GpuKernel *kernel) {
  size_t size;
  char *json = readFile(path, &size);
  if (!json) {
    gpuCaseFail(testCase, "no launch metadata: cannot read %s", path);
    return false;
  }
  char pattern[160];
  snprintf(pattern, sizeof(pattern), "\"name\": \"%s\"", kernelName);
  const char *entry = strstr(json, pattern);
  long long threads = 0, shared = 0;
  bool ok = entry && readJsonInt(entry, "threads_per_block", &threads) &&
            readJsonInt(entry, "shared_bytes", &shared);
  free(json);
  if (!ok || threads <= 0 || threads > 1024 || shared < 0) {
    gpuCaseFail(testCase,
                "%s has no usable entry for kernel '%s' (need "
                "threads_per_block in 1..1024 and shared_bytes)",
                path, kernelName);
    return false;
  }
  kernel->threadsPerBlock = (unsigned)threads;
  kernel->sharedBytes = (size_t)shared;
  return true;
}

/* Returns the module of `example`, loading it on first use. */
static bool getModule(GpuCase *testCase, const char *example,
                      TileModule *module) {
  GpuTest *test = testCase->test;
  for (int i = 0; i < test->moduleCount; ++i)
    if (strcmp(test->moduleNames[i], example) == 0) {
      *module = test->modules[i];
      return true;
    }
  if (test->moduleCount == GPU_TEST_MAX_MODULES) {
    gpuCaseFail(testCase, "more than %d example modules in one test",
                GPU_TEST_MAX_MODULES);
    return false;
  }
  char path[4096];
  size_t size = 0;
  char *image = NULL;
  bool isCubin = !test->loadPtx;
  if (isCubin) {
    snprintf(path, sizeof(path), "%s/%s/%s.cubin", test->kernelRoot,
             test->arch, example);
    image = readFile(path, &size);
    isCubin = image != NULL;
  }
  if (!image) {
    snprintf(path, sizeof(path), "%s/%s/%s.ptx", test->kernelRoot, test->arch,
             example);
    image = readFile(path, &size);
  }
  if (!image) {
    char logPath[4096], reason[512] = "no log either";
    snprintf(logPath, sizeof(logPath), "%s/%s/%s.log", test->kernelRoot,
             test->arch, example);
    size_t logSize;
    char *log = readFile(logPath, &logSize);
    if (log) {
      firstErrorLine(log, reason, sizeof(reason));
      free(log);
    }
    gpuCaseFail(testCase,
                "examples/%s.mlir was not compiled for %s: %s (full log: %s)",
                example, test->arch, reason, logPath);
    test->notCompiled++;
    return false;
  }
  TileRuntimeStatus status =
      isCubin ? tileModuleLoadCubin(test->runtime, image, size, module)
              : tileModuleLoadPTX(test->runtime,
                                  (TileRuntimeStringRef){image, size}, module);
  free(image);
  if (status != TILE_RUNTIME_SUCCESS) {
    gpuCaseFail(testCase, "loading %s: %s", path,
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  int slot = test->moduleCount++;
  snprintf(test->moduleNames[slot], sizeof(test->moduleNames[slot]), "%s",
           example);
  test->modules[slot] = *module;
  return true;
}

bool gpuCaseKernel(GpuCase *testCase, const char *example,
                   const char *kernelName, GpuKernel *kernel) {
  GpuTest *test = testCase->test;
  memset(kernel, 0, sizeof(*kernel));
  if (testCase->failed)
    return false;
  kernel->name = kernelName;
  TileModule module;
  if (!getModule(testCase, example, &module))
    return false;
  if (tileKernelGetFunction(test->runtime, module, kernelName,
                            &kernel->kernel) != TILE_RUNTIME_SUCCESS) {
    gpuCaseFail(testCase, "%s",
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s/%s.json", test->kernelRoot, test->arch,
           example);
  return readLaunchMetadata(testCase, path, kernelName, kernel);
}

//===----------------------------------------------------------------------===//
// Arguments and launch
//===----------------------------------------------------------------------===//

void gpuArgsBegin(GpuCase *testCase) {
  GpuTest *test = testCase->test;
  test->argsFailed =
      tileKernelArgsClear(test->runtime, test->args) != TILE_RUNTIME_SUCCESS;
}

void gpuArgPointer(GpuCase *testCase, TileDevicePtr value) {
  GpuTest *test = testCase->test;
  if (tileKernelArgsAddPointer(test->runtime, test->args, value))
    test->argsFailed = true;
}

void gpuArgI32(GpuCase *testCase, int32_t value) {
  GpuTest *test = testCase->test;
  if (tileKernelArgsAddI32(test->runtime, test->args, value))
    test->argsFailed = true;
}

void gpuArgF32(GpuCase *testCase, float value) {
  GpuTest *test = testCase->test;
  if (tileKernelArgsAddF32(test->runtime, test->args, value))
    test->argsFailed = true;
}

unsigned gpuBlocksOf(int count, int block) {
  return (unsigned)((count + block - 1) / block);
}

bool gpuCaseLaunch(GpuCase *testCase, const GpuKernel *kernel, unsigned gridX,
                   unsigned gridY, unsigned gridZ) {
  GpuTest *test = testCase->test;
  if (testCase->failed)
    return false;
  if (test->argsFailed) {
    gpuCaseFail(testCase, "building the arguments: %s",
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  TileDim3 grid = {gridX, gridY, gridZ};
  TileDim3 block = {kernel->threadsPerBlock, 1, 1};
  TileStream defaultStream = {NULL};
  if (tileKernelLaunch(test->runtime, kernel->kernel, defaultStream, grid,
                       block, kernel->sharedBytes,
                       test->args) != TILE_RUNTIME_SUCCESS) {
    gpuCaseFail(testCase, "launching %s: %s", kernel->name,
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  if (tileRuntimeSynchronize(test->runtime) != TILE_RUNTIME_SUCCESS) {
    gpuCaseFail(testCase, "running %s: %s", kernel->name,
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

void *gpuCaseHost(GpuCase *testCase, size_t count, size_t size) {
  if (testCase->failed)
    return NULL;
  if (testCase->hostCount == GPU_CASE_MAX_BUFFERS) {
    gpuCaseFail(testCase, "more than %d host buffers", GPU_CASE_MAX_BUFFERS);
    return NULL;
  }
  void *memory = calloc(count ? count : 1, size);
  if (!memory) {
    gpuCaseFail(testCase, "out of host memory (%zu x %zu bytes)", count, size);
    return NULL;
  }
  testCase->host[testCase->hostCount++] = memory;
  return memory;
}

/* Allocates device memory the case frees; 0 when the case failed. */
static TileDevicePtr caseAllocate(GpuCase *testCase, size_t bytes) {
  GpuTest *test = testCase->test;
  TileDevicePtr device = 0;
  if (testCase->failed)
    return 0;
  if (testCase->deviceCount == GPU_CASE_MAX_BUFFERS) {
    gpuCaseFail(testCase, "more than %d device buffers", GPU_CASE_MAX_BUFFERS);
    return 0;
  }
  if (tileMemoryAllocate(test->runtime, bytes, &device)) {
    gpuCaseFail(testCase, "allocating %zu device bytes: %s", bytes,
                tileRuntimeGetLastError(test->runtime));
    return 0;
  }
  testCase->device[testCase->deviceCount++] = device;
  return device;
}

TileDevicePtr gpuCaseUpload(GpuCase *testCase, const void *host,
                            size_t bytes) {
  GpuTest *test = testCase->test;
  /* Guard bytes as gpuCaseOutput's, so that a kernel updating this buffer
   * in place (atomics, in-place ops) is downloaded and checked the same way. */
  TileDevicePtr device = caseAllocate(testCase, bytes + GUARD_BYTES);
  if (device && (tileMemoryCopyToDevice(test->runtime, device, host, bytes) ||
                 tileMemorySet(test->runtime, device + bytes, SENTINEL_BYTE,
                               GUARD_BYTES))) {
    gpuCaseFail(testCase, "uploading %zu bytes: %s", bytes,
                tileRuntimeGetLastError(test->runtime));
    return 0;
  }
  return device;
}

TileDevicePtr gpuCaseOutput(GpuCase *testCase, size_t bytes) {
  GpuTest *test = testCase->test;
  TileDevicePtr device = caseAllocate(testCase, bytes + GUARD_BYTES);
  if (device && tileMemorySet(test->runtime, device, SENTINEL_BYTE,
                              bytes + GUARD_BYTES)) {
    gpuCaseFail(testCase, "filling %zu bytes: %s", bytes,
                tileRuntimeGetLastError(test->runtime));
    return 0;
  }
  return device;
}

bool gpuCaseDownload(GpuCase *testCase, void *host, TileDevicePtr device,
                     size_t bytes) {
  GpuTest *test = testCase->test;
  unsigned char guard[GUARD_BYTES];
  if (testCase->failed)
    return false;
  if (tileMemoryCopyToHost(test->runtime, host, device, bytes) ||
      tileMemoryCopyToHost(test->runtime, guard, device + bytes,
                           GUARD_BYTES)) {
    gpuCaseFail(testCase, "downloading %zu bytes: %s", bytes,
                tileRuntimeGetLastError(test->runtime));
    return false;
  }
  for (size_t i = 0; i < GUARD_BYTES; ++i)
    if (guard[i] != SENTINEL_BYTE) {
      gpuCaseFail(testCase,
                  "the kernel wrote past the end of its %zu-byte output "
                  "(guard byte %zu is 0x%02x)",
                  bytes, i, guard[i]);
      return false;
    }
  return true;
}

bool gpuCaseDownloadHalves(GpuCase *testCase, GpuHalfType type, float *values,
                           TileDevicePtr device, size_t count) {
  uint16_t *bits = gpuCaseHost(testCase, count, sizeof(uint16_t));
  if (!bits || !gpuCaseDownload(testCase, bits, device, count * sizeof(uint16_t)))
    return false;
  for (size_t i = 0; i < count; ++i)
    values[i] = gpuHalfTypeToFloat(type, bits[i]);
  return true;
}

//===----------------------------------------------------------------------===//
// Comparisons
//===----------------------------------------------------------------------===//

bool gpuCaseCompareFloats(GpuCase *testCase, const char *what,
                          const float *got, const float *want, size_t count,
                          double absTolerance, double relTolerance) {
  double maxAbs = 0, maxRel = 0;
  size_t mismatches = 0, shown[MISMATCHES_SHOWN];
  for (size_t i = 0; i < count; ++i) {
    double g = got[i], w = want[i];
    bool ok;
    if (isnan(w) || isnan(g)) {
      ok = isnan(w) && isnan(g);
    } else if (isinf(w) || isinf(g)) {
      ok = g == w;
    } else {
      double error = fabs(g - w);
      ok = error <= absTolerance + relTolerance * fabs(w);
      if (error > maxAbs)
        maxAbs = error;
      /* Relative error means little where the reference is below the
       * absolute tolerance (or zero). */
      if (fabs(w) > absTolerance && fabs(w) > 0 && error / fabs(w) > maxRel)
        maxRel = error / fabs(w);
    }
    if (!ok && mismatches++ < MISMATCHES_SHOWN)
      shown[mismatches - 1] = i;
  }
  if (mismatches == 0) {
    gpuCasePass(testCase, what, "max_abs_err=%.3g max_rel_err=%.3g", maxAbs,
                maxRel);
    return true;
  }
  gpuCaseFail(testCase,
              "%s%s%zu of %zu elements off (tolerance %.3g + %.3g * |want|) "
              "max_abs_err=%.3g max_rel_err=%.3g",
              what ? what : "", what ? ": " : "", mismatches, count,
              absTolerance, relTolerance, maxAbs, maxRel);
  for (size_t k = 0; k < mismatches && k < MISMATCHES_SHOWN; ++k)
    printf("    [%zu] got %.9g want %.9g\n", shown[k], got[shown[k]],
           want[shown[k]]);
  return false;
}

bool gpuCaseCompareRounded(GpuCase *testCase, GpuHalfType type, const float *got,
                           const float *want, size_t count) {
  if (type == GPU_F16)
    return gpuCaseCompareFloats(testCase, NULL, got, want, count, 1e-3, 2e-3);
  return gpuCaseCompareFloats(testCase, NULL, got, want, count, 1e-2, 1.6e-2);
}

bool gpuCaseCompareInts(GpuCase *testCase, const char *what,
                        const int32_t *got, const int32_t *want,
                        size_t count) {
  size_t mismatches = 0, shown[MISMATCHES_SHOWN];
  long long maxAbs = 0;
  for (size_t i = 0; i < count; ++i) {
    if (got[i] == want[i])
      continue;
    long long error = llabs((long long)got[i] - (long long)want[i]);
    if (error > maxAbs)
      maxAbs = error;
    if (mismatches++ < MISMATCHES_SHOWN)
      shown[mismatches - 1] = i;
  }
  if (mismatches == 0) {
    gpuCasePass(testCase, what, "max_abs_err=0 (exact)");
    return true;
  }
  gpuCaseFail(testCase, "%s%s%zu of %zu values differ, max_abs_err=%lld",
              what ? what : "", what ? ": " : "", mismatches, count, maxAbs);
  for (size_t k = 0; k < mismatches && k < MISMATCHES_SHOWN; ++k)
    printf("    [%zu] got %d want %d\n", shown[k], got[shown[k]],
           want[shown[k]]);
  return false;
}

//===----------------------------------------------------------------------===//
// Half precision
//===----------------------------------------------------------------------===//

static uint32_t floatBits(float value) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof(bits));
  return bits;
}

static float bitsFloat(uint32_t bits) {
  float value;
  memcpy(&value, &bits, sizeof(value));
  return value;
}

/* Shifts `mantissa` right by `shift` (1..31), rounding to nearest even. */
static uint32_t shiftRoundEven(uint32_t mantissa, unsigned shift) {
  uint32_t kept = mantissa >> shift;
  uint32_t rest = mantissa & ((1u << shift) - 1);
  uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (kept & 1)))
    kept++;
  return kept;
}

uint16_t gpuFloatToHalf(float value) {
  uint32_t bits = floatBits(value);
  uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
  uint32_t exponent = (bits >> 23) & 0xff;
  uint32_t mantissa = bits & 0x7fffff;
  if (exponent == 0xff) /* Infinity, or NaN kept quiet. */
    return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >> 13) : 0);
  if (exponent >= 143) /* 2^16 and above overflow. */
    return sign | 0x7c00;
  if (exponent >= 113) /* A normal half; a carry may round up to infinity. */
    return sign |
           (uint16_t)shiftRoundEven(((exponent - 112) << 23) | mantissa, 13);
  if (exponent < 102) /* Below half the smallest subnormal: zero. */
    return sign;
  /* A subnormal half: units of 2^-24; a carry makes the smallest normal. */
  return sign | (uint16_t)shiftRoundEven(mantissa | 0x800000, 126 - exponent);
}

float gpuHalfToFloat(uint16_t bits) {
  uint32_t sign = (uint32_t)(bits & 0x8000) << 16;
  uint32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  if (exponent == 0x1f)
    return bitsFloat(sign | 0x7f800000 | (mantissa << 13));
  if (exponent == 0) /* Zero or subnormal: mantissa * 2^-24, exact. */
    return (sign ? -1.0f : 1.0f) * (float)mantissa * 0x1p-24f;
  return bitsFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

uint16_t gpuFloatToBFloat16(float value) {
  uint32_t bits = floatBits(value);
  if ((bits & 0x7fffffff) > 0x7f800000)
    return (uint16_t)((bits >> 16) | 0x40);
  return (uint16_t)((bits + 0x7fff + ((bits >> 16) & 1)) >> 16);
}

float gpuBFloat16ToFloat(uint16_t bits) {
  return bitsFloat((uint32_t)bits << 16);
}

/* An fp8 format: mantissa bits, exponent bias, and its largest finite
 * value as fp32 bits and as a code. */
typedef struct Fp8Format {
  unsigned mantissaBits;
  int bias;
  uint32_t largestF32;
  uint8_t largestCode;
  bool hasInfinity;
} Fp8Format;

static const Fp8Format e4m3Format = {3, 7, 0x43e00000 /* 448 */, 0x7e, false};
static const Fp8Format e5m2Format = {2, 15, 0x47600000 /* 57344 */, 0x7b, true};

static uint8_t floatToFp8(const Fp8Format *format, float value) {
  uint32_t bits = floatBits(value);
  uint8_t sign = (uint8_t)((bits >> 24) & 0x80);
  uint32_t magnitude = bits & 0x7fffffff;
  if (magnitude > 0x7f800000)
    return sign | 0x7f;
  if (magnitude >= format->largestF32) /* Positive floats order like their bits. */
    return sign | format->largestCode;
  uint32_t exponent = magnitude >> 23, mantissa = magnitude & 0x7fffff;
  unsigned drop = 23 - format->mantissaBits;
  int smallestNormal = 127 + 1 - format->bias; /* as a biased fp32 exponent */
  if ((int)exponent >= smallestNormal) /* a carry correctly bumps the exponent */
    return sign | (uint8_t)shiftRoundEven(((exponent - (uint32_t)smallestNormal + 1) << 23) |
                                              mantissa,
                                          drop);
  /* Subnormal: units of 2^(1 - bias - mantissaBits); a carry makes the
   * smallest normal, which encodes the same way. */
  int shift = (int)drop + smallestNormal - (int)exponent;
  if (exponent == 0 || shift > 25) /* below half the smallest subnormal */
    return sign;
  return sign | (uint8_t)shiftRoundEven(mantissa | 0x800000, (unsigned)shift);
}

static float fp8ToFloat(const Fp8Format *format, uint8_t bits) {
  float sign = (bits & 0x80) ? -1.0f : 1.0f;
  unsigned mantissaBits = format->mantissaBits;
  unsigned exponent = (bits & 0x7f) >> mantissaBits;
  unsigned mantissa = bits & ((1u << mantissaBits) - 1);
  unsigned topExponent = 0x7fu >> mantissaBits;
  if (format->hasInfinity && exponent == topExponent)
    return mantissa ? NAN : sign * INFINITY;
  if (!format->hasInfinity && (bits & 0x7f) == 0x7f)
    return NAN;
  if (exponent == 0)
    return sign * ldexpf((float)mantissa, 1 - format->bias - (int)mantissaBits);
  return sign * ldexpf((float)((1u << mantissaBits) | mantissa),
                       (int)exponent - format->bias - (int)mantissaBits);
}

uint8_t gpuFloatToE4M3(float value) { return floatToFp8(&e4m3Format, value); }

float gpuE4M3ToFloat(uint8_t bits) { return fp8ToFloat(&e4m3Format, bits); }

uint8_t gpuFloatToE5M2(float value) { return floatToFp8(&e5m2Format, value); }

float gpuE5M2ToFloat(uint8_t bits) { return fp8ToFloat(&e5m2Format, bits); }

const char *gpuHalfTypeName(GpuHalfType type) {
  return type == GPU_F16 ? "f16" : "bf16";
}

uint16_t gpuFloatToHalfType(GpuHalfType type, float value) {
  return type == GPU_F16 ? gpuFloatToHalf(value) : gpuFloatToBFloat16(value);
}

float gpuHalfTypeToFloat(GpuHalfType type, uint16_t bits) {
  return type == GPU_F16 ? gpuHalfToFloat(bits) : gpuBFloat16ToFloat(bits);
}

//===----------------------------------------------------------------------===//
// Random inputs
//===----------------------------------------------------------------------===//

GpuRandom gpuRandomCreate(uint64_t seed) {
  GpuRandom random = {seed};
  return random;
}

uint64_t gpuRandomNext(GpuRandom *random) {
  uint64_t z = (random->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

float gpuRandomUniform(GpuRandom *random, float low, float high) {
  float unit = (float)(gpuRandomNext(random) >> 40) * 0x1p-24f;
  return low + (high - low) * unit;
}

float gpuRandomNormal(GpuRandom *random) {
  /* u1 in (0, 1] keeps the logarithm finite. */
  double u1 = ((double)(gpuRandomNext(random) >> 11) + 1.0) * 0x1p-53;
  double u2 = (double)(gpuRandomNext(random) >> 11) * 0x1p-53;
  return (float)(sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2));
}

int32_t gpuRandomInt(GpuRandom *random, int32_t low, int32_t high) {
  uint64_t span = (uint64_t)((int64_t)high - (int64_t)low);
  return (int32_t)((int64_t)low + (int64_t)(gpuRandomNext(random) % span));
}
