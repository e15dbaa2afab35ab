/* Runs the runtime against a real GPU with hand-written PTX (sm_80, which
 * the driver JIT-compiles for whatever GPU is present):
 *  - vector add on a ragged size (1000003), compared exactly with the CPU;
 *  - a broken PTX, whose error must carry the driver's JIT error log;
 *  - a kernel using 100 KiB of dynamic shared memory (above the 48 KiB
 *    default, so the runtime must raise the limit), and one asking for more
 *    than the device has, which must fail with SHARED_MEMORY_LIMIT;
 *  - argument lists that do not match the kernel's parameters;
 *  - a TMA descriptor encoded and passed by value;
 *  - launch overhead: the mean time per launch of an empty kernel over
 *    10000 launches, printed as our launch-overhead figure.
 * Exits 77 (ctest's SKIP_RETURN_CODE) when there is no driver or device.
 * Under compute-sanitizer pass --report-api-errors no: the test provokes
 * CUDA API errors on purpose (a missing kernel, the broken PTX, and the
 * end-of-list probe of cuFuncGetParamInfo for each kernel looked up). */
#include "tile-c/Runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SKIP_RETURN_CODE 77
#define VECTOR_SIZE 1000003u
#define BLOCK_THREADS 256u
#define TIMED_LAUNCHES 10000
#define SHARED_BYTES (100 * 1024)

static const char kernelsPTX[] =
    ".version 8.0\n"
    ".target sm_80\n"
    ".address_size 64\n"
    "\n"
    "// out[i] = x[i] + y[i] for i < n, one element per thread.\n"
    ".visible .entry vector_add(\n"
    "    .param .u64 param_x, .param .u64 param_y, .param .u64 param_out,\n"
    "    .param .u32 param_n)\n"
    "{\n"
    "  .reg .pred %p<2>;\n"
    "  .reg .b32 %r<6>;\n"
    "  .reg .f32 %f<4>;\n"
    "  .reg .b64 %rd<11>;\n"
    "  ld.param.u64 %rd1, [param_x];\n"
    "  ld.param.u64 %rd2, [param_y];\n"
    "  ld.param.u64 %rd3, [param_out];\n"
    "  ld.param.u32 %r1, [param_n];\n"
    "  mov.u32 %r2, %ctaid.x;\n"
    "  mov.u32 %r3, %ntid.x;\n"
    "  mov.u32 %r4, %tid.x;\n"
    "  mad.lo.s32 %r5, %r2, %r3, %r4;\n"
    "  setp.ge.u32 %p1, %r5, %r1;\n"
    "  @%p1 bra DONE;\n"
    "  cvta.to.global.u64 %rd4, %rd1;\n"
    "  cvta.to.global.u64 %rd5, %rd2;\n"
    "  cvta.to.global.u64 %rd6, %rd3;\n"
    "  mul.wide.u32 %rd7, %r5, 4;\n"
    "  add.s64 %rd8, %rd4, %rd7;\n"
    "  add.s64 %rd9, %rd5, %rd7;\n"
    "  add.s64 %rd10, %rd6, %rd7;\n"
    "  ld.global.f32 %f1, [%rd8];\n"
    "  ld.global.f32 %f2, [%rd9];\n"
    "  add.rn.f32 %f3, %f1, %f2;\n"
    "  st.global.f32 [%rd10], %f3;\n"
    "DONE:\n"
    "  ret;\n"
    "}\n"
    "\n"
    "// Does nothing: its launch time is pure launch overhead.\n"
    ".visible .entry empty(.param .u64 param_unused)\n"
    "{\n"
    "  ret;\n"
    "}\n"
    "\n"
    "// Takes a TMA descriptor by value, as Hopper kernels do.\n"
    ".visible .entry takes_tensor_map(.param .align 64 .b8 param_map[128])\n"
    "{\n"
    "  ret;\n"
    "}\n"
    "\n"
    "// Fills `words` words of dynamic shared memory with their index, then\n"
    "// writes them out reversed: out[i] = words - 1 - i. Uses all of it.\n"
    ".extern .shared .align 16 .b8 dynamic_smem[];\n"
    ".visible .entry shared_reverse(.param .u64 param_out,\n"
    "                               .param .u32 param_words)\n"
    "{\n"
    "  .reg .pred %p<3>;\n"
    "  .reg .b32 %r<12>;\n"
    "  .reg .b64 %rd<5>;\n"
    "  ld.param.u64 %rd1, [param_out];\n"
    "  ld.param.u32 %r1, [param_words];\n"
    "  cvta.to.global.u64 %rd2, %rd1;\n"
    "  mov.u32 %r2, %tid.x;\n"
    "  mov.u32 %r3, %ntid.x;\n"
    "  mov.u32 %r4, dynamic_smem;\n"
    "  mov.u32 %r5, %r2;\n"
    "FILL:\n"
    "  setp.ge.u32 %p1, %r5, %r1;\n"
    "  @%p1 bra FILLED;\n"
    "  shl.b32 %r6, %r5, 2;\n"
    "  add.s32 %r7, %r4, %r6;\n"
    "  st.shared.u32 [%r7], %r5;\n"
    "  add.s32 %r5, %r5, %r3;\n"
    "  bra FILL;\n"
    "FILLED:\n"
    "  bar.sync 0;\n"
    "  mov.u32 %r5, %r2;\n"
    "COPY:\n"
    "  setp.ge.u32 %p2, %r5, %r1;\n"
    "  @%p2 bra DONE;\n"
    "  sub.s32 %r8, %r1, %r5;\n"
    "  sub.s32 %r8, %r8, 1;\n"
    "  shl.b32 %r9, %r8, 2;\n"
    "  add.s32 %r10, %r4, %r9;\n"
    "  ld.shared.u32 %r11, [%r10];\n"
    "  mul.wide.u32 %rd3, %r5, 4;\n"
    "  add.s64 %rd4, %rd2, %rd3;\n"
    "  st.global.u32 [%rd4], %r11;\n"
    "  add.s32 %r5, %r5, %r3;\n"
    "  bra COPY;\n"
    "DONE:\n"
    "  ret;\n"
    "}\n";

/* Uses a register it never declared, which ptxas rejects. */
static const char brokenPTX[] = ".version 8.0\n"
                                ".target sm_80\n"
                                ".address_size 64\n"
                                ".visible .entry broken()\n"
                                "{\n"
                                "  .reg .b32 %r<2>;\n"
                                "  add.s32 %r1, %r1, %r_undeclared;\n"
                                "  ret;\n"
                                "}\n";

static int failures;

#define CHECK(condition)                                                       \
  do {                                                                         \
    if (!(condition)) {                                                        \
      fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #condition);             \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Stops the test on a failed runtime call that later steps depend on. */
#define MUST(runtime, call)                                                    \
  do {                                                                         \
    TileRuntimeStatus mustStatus = (call);                                     \
    if (mustStatus != TILE_RUNTIME_SUCCESS) {                                  \
      fprintf(stderr, "FAIL line %d: %s: %s: %s\n", __LINE__, #call,           \
              tileRuntimeStatusGetName(mustStatus),                            \
              tileRuntimeGetLastError(runtime));                               \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static int startsWith(const char *text, const char *prefix) {
  return strncmp(text, prefix, strlen(prefix)) == 0;
}

static double secondsNow(void) {
  struct timespec now;
  timespec_get(&now, TIME_UTC);
  return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

static void testVectorAdd(TileRuntime runtime, TileModule module) {
  TileKernel kernel;
  MUST(runtime, tileKernelGetFunction(runtime, module, "vector_add", &kernel));
  int parameters = 0;
  MUST(runtime, tileKernelGetParameterCount(runtime, kernel, &parameters));
  printf("vector_add takes %d parameters (-1: driver cannot tell)\n",
         parameters);
  size_t bytes = VECTOR_SIZE * sizeof(float);
  float *x = malloc(bytes), *y = malloc(bytes), *out = malloc(bytes);
  if (!x || !y || !out) {
    fprintf(stderr, "FAIL: out of host memory\n");
    exit(1);
  }
  for (unsigned i = 0; i < VECTOR_SIZE; ++i) {
    x[i] = (float)i * 0.5f;
    y[i] = 1.0f / (float)(i + 1);
  }
  TileDevicePtr deviceX, deviceY, deviceOut;
  MUST(runtime, tileMemoryAllocate(runtime, bytes, &deviceX));
  MUST(runtime, tileMemoryAllocate(runtime, bytes, &deviceY));
  /* One word more than the result, to see the kernel stops at n. */
  MUST(runtime, tileMemoryAllocate(runtime, bytes + 4, &deviceOut));
  MUST(runtime, tileMemoryCopyToDevice(runtime, deviceX, x, bytes));
  MUST(runtime, tileMemoryCopyToDevice(runtime, deviceY, y, bytes));
  MUST(runtime, tileMemorySet(runtime, deviceOut, 0xff, bytes + 4));

  TileKernelArgs args;
  MUST(runtime, tileKernelArgsCreate(runtime, &args));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceX));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceY));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceOut));

  /* Wrong argument lists are caught before the driver sees them. */
  TileDim3 grid = {(VECTOR_SIZE + BLOCK_THREADS - 1) / BLOCK_THREADS, 1, 1};
  TileDim3 block = {BLOCK_THREADS, 1, 1};
  TileStream defaultStream = {NULL};
  if (parameters >= 0) {
    CHECK(tileKernelLaunch(runtime, kernel, defaultStream, grid, block, 0,
                           args) == TILE_RUNTIME_ERROR_INVALID_ARGUMENT);
    CHECK(startsWith(tileRuntimeGetLastError(runtime),
                     "tile runtime: tileKernelLaunch(vector_add): the kernel "
                     "takes 4 parameters but 3 arguments were given"));
    MUST(runtime, tileKernelArgsAddI64(runtime, args, VECTOR_SIZE));
    CHECK(tileKernelLaunch(runtime, kernel, defaultStream, grid, block, 0,
                           args) == TILE_RUNTIME_ERROR_INVALID_ARGUMENT);
    CHECK(startsWith(tileRuntimeGetLastError(runtime),
                     "tile runtime: tileKernelLaunch(vector_add): argument 3 "
                     "is 8 bytes but the kernel's parameter 3 is 4 bytes"));
    MUST(runtime, tileKernelArgsClear(runtime, args));
    MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceX));
    MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceY));
    MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceOut));
  }
  MUST(runtime, tileKernelArgsAddI32(runtime, args, (int32_t)VECTOR_SIZE));
  TileDim3 tooWide = {1024, 2, 1};
  CHECK(tileKernelLaunch(runtime, kernel, defaultStream, grid, tooWide, 0,
                         args) == TILE_RUNTIME_ERROR_INVALID_ARGUMENT);

  MUST(runtime,
       tileKernelLaunch(runtime, kernel, defaultStream, grid, block, 0, args));
  MUST(runtime, tileRuntimeSynchronize(runtime));
  MUST(runtime, tileMemoryCopyToHost(runtime, out, deviceOut, bytes));
  unsigned mismatches = 0;
  for (unsigned i = 0; i < VECTOR_SIZE; ++i)
    if (out[i] != x[i] + y[i] && mismatches++ < 5)
      fprintf(stderr, "FAIL: out[%u] = %g, expected %g\n", i, out[i],
              x[i] + y[i]);
  uint32_t guard = 0;
  MUST(runtime, tileMemoryCopyToHost(runtime, &guard, deviceOut + bytes, 4));
  CHECK(mismatches == 0);
  CHECK(guard == 0xffffffffu);
  printf("vector_add on %u elements: %u mismatches, guard word %s\n",
         VECTOR_SIZE, mismatches, guard == 0xffffffffu ? "intact" : "WRITTEN");

  MUST(runtime, tileKernelArgsDestroy(runtime, args));
  MUST(runtime, tileMemoryFree(runtime, deviceX));
  MUST(runtime, tileMemoryFree(runtime, deviceY));
  MUST(runtime, tileMemoryFree(runtime, deviceOut));
  free(x);
  free(y);
  free(out);
}

static void testBrokenPTX(TileRuntime runtime) {
  TileModule module;
  TileRuntimeStatus status = tileModuleLoadPTX(
      runtime, tileRuntimeStringRefCreateFromCString(brokenPTX), &module);
  const char *message = tileRuntimeGetLastError(runtime);
  printf("broken PTX: %s\n", message);
  CHECK(status == TILE_RUNTIME_ERROR_MODULE_LOAD);
  CHECK(tileModuleIsNull(module));
  CHECK(startsWith(message, "tile runtime: cuModuleLoadDataEx(PTX, "));
  const char *log = strstr(message, "JIT error log:\n");
  CHECK(log != NULL);
  /* The log is ptxas's, and names what is wrong. */
  CHECK(log && strstr(log, "r_undeclared") != NULL);
}

static void testSharedMemory(TileRuntime runtime, TileModule module,
                             const TileDeviceInfo *info) {
  TileKernel kernel;
  MUST(runtime,
       tileKernelGetFunction(runtime, module, "shared_reverse", &kernel));
  const uint32_t words = SHARED_BYTES / 4;
  TileDevicePtr deviceOut;
  MUST(runtime, tileMemoryAllocate(runtime, SHARED_BYTES, &deviceOut));
  TileKernelArgs args;
  MUST(runtime, tileKernelArgsCreate(runtime, &args));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, deviceOut));
  MUST(runtime, tileKernelArgsAddI32(runtime, args, (int32_t)words));
  TileDim3 grid = {1, 1, 1}, block = {1024, 1, 1};
  TileStream defaultStream = {NULL};

  /* More than the device gives a block is refused before the driver. */
  size_t tooMuch = (size_t)info->maxSharedBytesPerBlockOptin + 1;
  CHECK(tileKernelLaunch(runtime, kernel, defaultStream, grid, block, tooMuch,
                         args) == TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT);
  CHECK(startsWith(tileRuntimeGetLastError(runtime),
                   "tile runtime: kernel 'shared_reverse' needs "));
  printf("too much shared memory: %s\n", tileRuntimeGetLastError(runtime));

  /* 100 KiB: tileKernelLaunch raises the attribute itself. */
  MUST(runtime, tileKernelLaunch(runtime, kernel, defaultStream, grid, block,
                                 SHARED_BYTES, args));
  MUST(runtime, tileRuntimeSynchronize(runtime));
  uint32_t *out = malloc(SHARED_BYTES);
  if (!out)
    exit(1);
  MUST(runtime, tileMemoryCopyToHost(runtime, out, deviceOut, SHARED_BYTES));
  unsigned mismatches = 0;
  for (uint32_t i = 0; i < words; ++i)
    mismatches += out[i] != words - 1 - i;
  CHECK(mismatches == 0);
  printf("shared_reverse with %d bytes of dynamic shared memory: %u "
         "mismatches\n",
         SHARED_BYTES, mismatches);
  free(out);
  MUST(runtime, tileKernelArgsDestroy(runtime, args));
  MUST(runtime, tileMemoryFree(runtime, deviceOut));
}

static void testTensorMap(TileRuntime runtime, TileModule module) {
  TileDevicePtr matrix;
  MUST(runtime, tileMemoryAllocate(runtime, 1024 * 1024 * 2, &matrix));
  TileTensorMapDesc desc;
  memset(&desc, 0, sizeof(desc));
  desc.dataType = TILE_TENSOR_MAP_FLOAT16;
  desc.rank = 2;
  desc.globalAddress = matrix;
  desc.globalDim[0] = desc.globalDim[1] = 1024;
  desc.globalStrides[0] = 1024 * 2;
  desc.boxDim[0] = desc.boxDim[1] = 64;
  desc.swizzle = TILE_TENSOR_MAP_SWIZZLE_128B;
  TileTensorMap map;
  MUST(runtime, tileTensorMapEncodeTiled(runtime, &desc, &map));
  TileKernel kernel;
  MUST(runtime,
       tileKernelGetFunction(runtime, module, "takes_tensor_map", &kernel));
  TileKernelArgs args;
  MUST(runtime, tileKernelArgsCreate(runtime, &args));
  MUST(runtime, tileKernelArgsAddTensorMap(runtime, args, &map));
  TileDim3 one = {1, 1, 1};
  MUST(runtime, tileKernelLaunch(runtime, kernel, (TileStream){NULL}, one, one,
                                 0, args));
  MUST(runtime, tileRuntimeSynchronize(runtime));
  printf("TMA descriptor encoded and passed by value\n");
  MUST(runtime, tileMemoryFree(runtime, matrix));
  /* `args` is left for tileRuntimeDestroy to free. */
}

static void measureLaunchOverhead(TileRuntime runtime, TileModule module) {
  TileKernel kernel;
  MUST(runtime, tileKernelGetFunction(runtime, module, "empty", &kernel));
  TileStream stream;
  TileEvent start, end;
  MUST(runtime, tileStreamCreate(runtime, &stream));
  MUST(runtime, tileEventCreate(runtime, &start));
  MUST(runtime, tileEventCreate(runtime, &end));
  TileKernelArgs args;
  MUST(runtime, tileKernelArgsCreate(runtime, &args));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, 0));
  TileDim3 one = {1, 1, 1};
  for (int i = 0; i < 100; ++i)
    MUST(runtime, tileKernelLaunch(runtime, kernel, stream, one, one, 0, args));
  MUST(runtime, tileStreamSynchronize(runtime, stream));

  MUST(runtime, tileEventRecord(runtime, start, stream));
  double begin = secondsNow();
  for (int i = 0; i < TIMED_LAUNCHES; ++i)
    MUST(runtime, tileKernelLaunch(runtime, kernel, stream, one, one, 0, args));
  double submitted = secondsNow();
  MUST(runtime, tileEventRecord(runtime, end, stream));
  float milliseconds = 0;
  MUST(runtime,
       tileEventElapsedMilliseconds(runtime, start, end, &milliseconds));
  double finished = secondsNow();
  printf("launch overhead (empty kernel, %d launches on one stream):\n"
         "  host time per tileKernelLaunch call: %.2f us\n"
         "  GPU time per launch (events):        %.2f us\n"
         "  wall time per launch until done:     %.2f us\n",
         TIMED_LAUNCHES, 1e6 * (submitted - begin) / TIMED_LAUNCHES,
         1e3 * milliseconds / TIMED_LAUNCHES,
         1e6 * (finished - begin) / TIMED_LAUNCHES);
  CHECK(milliseconds > 0);
  MUST(runtime, tileKernelArgsDestroy(runtime, args));
  MUST(runtime, tileEventDestroy(runtime, start));
  MUST(runtime, tileEventDestroy(runtime, end));
  MUST(runtime, tileStreamDestroy(runtime, stream));

  /* A wrapped stream (here the legacy default one, as another library would
   * hand it over) takes launches; destroying the handle leaves the stream
   * itself alone, so the default stream still works afterwards. */
  TileStream borrowed;
  MUST(runtime, tileStreamWrap(runtime, NULL, &borrowed));
  MUST(runtime, tileKernelArgsCreate(runtime, &args));
  MUST(runtime, tileKernelArgsAddPointer(runtime, args, 0));
  MUST(runtime, tileKernelLaunch(runtime, kernel, borrowed, one, one, 0, args));
  MUST(runtime, tileStreamSynchronize(runtime, borrowed));
  MUST(runtime, tileStreamDestroy(runtime, borrowed));
  MUST(runtime, tileKernelLaunch(runtime, kernel, (TileStream){NULL}, one, one, 0, args));
  MUST(runtime, tileStreamSynchronize(runtime, (TileStream){NULL}));
  MUST(runtime, tileKernelArgsDestroy(runtime, args));
  printf("a wrapped stream took a launch and was released\n");
}

int main(void) {
  TileRuntime runtime;
  TileRuntimeStatus status = tileRuntimeCreate(NULL, &runtime);
  if (status == TILE_RUNTIME_ERROR_NO_DRIVER ||
      status == TILE_RUNTIME_ERROR_NO_DEVICE) {
    printf("SKIP runtime_gpu_test: %s\n", tileRuntimeGetLastError(runtime));
    tileRuntimeDestroy(runtime);
    return SKIP_RETURN_CODE;
  }
  MUST(runtime, status);
  TileDeviceInfo info;
  MUST(runtime, tileRuntimeGetDeviceInfo(runtime, &info));
  printf("device: %s, sm_%d%d, %d SMs, %d bytes opt-in shared memory per "
         "block, %.1f GiB, driver CUDA %d.%d\n",
         info.name, info.computeCapabilityMajor, info.computeCapabilityMinor,
         info.multiprocessorCount, info.maxSharedBytesPerBlockOptin,
         (double)info.totalMemoryBytes / (1024.0 * 1024.0 * 1024.0),
         info.driverVersion / 1000, info.driverVersion % 1000 / 10);
  /* Every driver that runs sm_70 and up reports CUDA 10.0 or later. */
  CHECK(info.driverVersion >= 10000);
  CHECK(info.computeCapabilityMajor >= 7 && info.multiprocessorCount > 0);

  TileModule module;
  MUST(runtime, tileModuleLoadPTX(
                    runtime, tileRuntimeStringRefCreateFromCString(kernelsPTX),
                    &module));
  printf("JIT info log:\n%s\n", tileModuleGetInfoLog(runtime, module));
  TileKernel missing;
  CHECK(tileKernelGetFunction(runtime, module, "no_such_kernel", &missing) ==
        TILE_RUNTIME_ERROR_KERNEL_NOT_FOUND);
  CHECK(startsWith(tileRuntimeGetLastError(runtime),
                   "tile runtime: the module has no kernel named "
                   "'no_such_kernel'"));

  testVectorAdd(runtime, module);
  testBrokenPTX(runtime);
  testSharedMemory(runtime, module, &info);
  testTensorMap(runtime, module);
  measureLaunchOverhead(runtime, module);
  /* The module is left for tileRuntimeDestroy to unload. */
  CHECK(tileRuntimeDestroy(runtime) == TILE_RUNTIME_SUCCESS);

  if (failures) {
    fprintf(stderr, "runtime_gpu_test: %d checks failed\n", failures);
    return 1;
  }
  printf("runtime_gpu_test: all checks passed\n");
  return 0;
}
