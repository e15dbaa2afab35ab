/* Checks the runtime's failure paths, which need no GPU: where the driver is
 * missing, every call that needs it must return the same "no CUDA driver"
 * status and message as tileRuntimeCreate; everywhere, bad arguments (null
 * handles, zero-size launches, too many arguments, malformed TMA
 * descriptors, handles of the wrong kind or runtime) must return
 * INVALID_ARGUMENT with a message that starts exactly as expected. Passes on
 * a GPU machine too, where only the argument checks run. Build with
 * -fsanitize=address,undefined to also prove nothing leaks or crashes. */
#include "tile-c/Runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static int checks;

static void expectMessage(TileRuntime runtime, TileRuntimeStatus got,
                          TileRuntimeStatus want, const char *prefix,
                          const char *call, int line) {
  ++checks;
  const char *message = tileRuntimeGetLastError(runtime);
  if (got != want) {
    fprintf(stderr, "FAIL line %d: %s returned %s, expected %s (message: %s)\n",
            line, call, tileRuntimeStatusGetName(got),
            tileRuntimeStatusGetName(want), message);
    ++failures;
    return;
  }
  if (strncmp(message, prefix, strlen(prefix)) != 0) {
    fprintf(stderr,
            "FAIL line %d: %s message\n  got:      %s\n  expected: %s...\n",
            line, call, message, prefix);
    ++failures;
  }
}

/* EXPECT(runtime, call, status, prefix): the call returns `status` and the
 * runtime's message starts with `prefix`. */
#define EXPECT(runtime, call, status, prefix)                                  \
  expectMessage(runtime, (call), status, prefix, #call, __LINE__)

#define EXPECT_TRUE(condition)                                                 \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(condition)) {                                                        \
      fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #condition);             \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static const TileRuntimeStatus INVALID = TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
static const TileDim3 one = {1, 1, 1};

/* A valid 2D fp16 descriptor for a 1024x1024 row-major matrix. */
static TileTensorMapDesc validTensorMapDesc(void) {
  TileTensorMapDesc desc;
  memset(&desc, 0, sizeof(desc));
  desc.dataType = TILE_TENSOR_MAP_FLOAT16;
  desc.rank = 2;
  desc.globalAddress = 0x7f0000000000ull;
  desc.globalDim[0] = desc.globalDim[1] = 1024;
  desc.globalStrides[0] = 1024 * 2;
  desc.boxDim[0] = 64;
  desc.boxDim[1] = 64;
  desc.swizzle = TILE_TENSOR_MAP_SWIZZLE_128B;
  return desc;
}

static void testNullRuntime(void) {
  TileRuntime none = {NULL};
  TileModule module = {NULL};
  TileKernel kernel = {NULL};
  TileKernelArgs args = {NULL};
  TileStream stream = {NULL};
  TileEvent event = {NULL};
  TileDevicePtr pointer = 0;
  TileDeviceInfo info;
  TileTensorMap map;
  TileTensorMapDesc desc = validTensorMapDesc();
  float milliseconds;
  int count;
  const char *prefix = "tile runtime: the runtime handle is null";
  EXPECT(none, tileRuntimeCreate(NULL, NULL), INVALID, prefix);
  EXPECT(none, tileRuntimeDestroy(none), INVALID, prefix);
  EXPECT(none, tileRuntimeSetErrorCallback(none, NULL, NULL), INVALID, prefix);
  EXPECT(none, tileRuntimeGetDeviceInfo(none, &info), INVALID, prefix);
  EXPECT(none, tileRuntimeSynchronize(none), INVALID, prefix);
  EXPECT(none,
         tileModuleLoadPTX(none, tileRuntimeStringRefCreateFromCString("x"),
                           &module),
         INVALID, prefix);
  EXPECT(none,
         tileModuleLoadCubin(none,
                             "\x7f"
                             "ELF",
                             4, &module),
         INVALID, prefix);
  EXPECT(none, tileModuleDestroy(none, module), INVALID, prefix);
  EXPECT(none, tileKernelGetFunction(none, module, "k", &kernel), INVALID,
         prefix);
  EXPECT(none, tileKernelGetParameterCount(none, kernel, &count), INVALID,
         prefix);
  EXPECT(none, tileKernelGetStaticSharedBytes(none, kernel, &count), INVALID,
         prefix);
  EXPECT(none, tileKernelSetMaxDynamicSharedBytes(none, kernel, 1), INVALID,
         prefix);
  EXPECT(none, tileKernelArgsCreate(none, &args), INVALID, prefix);
  EXPECT(none, tileKernelArgsDestroy(none, args), INVALID, prefix);
  EXPECT(none, tileKernelArgsClear(none, args), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddPointer(none, args, 1), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddI32(none, args, 1), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddI64(none, args, 1), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddF32(none, args, 1), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddF64(none, args, 1), INVALID, prefix);
  EXPECT(none, tileKernelArgsAddBlob(none, args, &count, 4, 4), INVALID,
         prefix);
  EXPECT(none, tileKernelArgsAddTensorMap(none, args, &map), INVALID, prefix);
  EXPECT(none, tileKernelLaunch(none, kernel, stream, one, one, 0, args),
         INVALID, prefix);
  EXPECT(none, tileKernelCheckDivisibility(none, "k", 0, 1, 16, 0), INVALID, prefix);
  EXPECT(none, tileMemoryAllocate(none, 4, &pointer), INVALID, prefix);
  EXPECT(none, tileMemoryFree(none, 4), INVALID, prefix);
  EXPECT(none, tileMemoryCopyToDevice(none, 4, &count, 4), INVALID, prefix);
  EXPECT(none, tileMemoryCopyToHost(none, &count, 4, 4), INVALID, prefix);
  EXPECT(none, tileMemorySet(none, 4, 0, 4), INVALID, prefix);
  EXPECT(none, tileStreamCreate(none, &stream), INVALID, prefix);
  EXPECT(none, tileStreamDestroy(none, stream), INVALID, prefix);
  EXPECT(none, tileStreamSynchronize(none, stream), INVALID, prefix);
  EXPECT(none, tileEventCreate(none, &event), INVALID, prefix);
  EXPECT(none, tileEventDestroy(none, event), INVALID, prefix);
  EXPECT(none, tileEventRecord(none, event, stream), INVALID, prefix);
  EXPECT(none, tileEventSynchronize(none, event), INVALID, prefix);
  EXPECT(none, tileEventElapsedMilliseconds(none, event, event, &milliseconds),
         INVALID, prefix);
  EXPECT(none, tileTensorMapEncodeTiled(none, &desc, &map), INVALID, prefix);
  EXPECT_TRUE(tileRuntimeGetLastDriverResult(none) == 0);
  EXPECT_TRUE(tileKernelArgsGetCount(none, args) == 0);
  EXPECT_TRUE(!strcmp(tileModuleGetInfoLog(none, module), ""));
  EXPECT_TRUE(!strcmp(tileKernelGetName(none, kernel), ""));
}

/* Every call that needs the driver repeats the status and message that
 * tileRuntimeCreate gave. */
static void testEveryCallReportsNoDriver(TileRuntime runtime,
                                         TileRuntimeStatus want,
                                         const char *message) {
  TileModule module;
  TileStream stream;
  TileEvent event;
  TileDevicePtr pointer;
  TileDeviceInfo info;
  TileTensorMap map;
  TileTensorMapDesc desc = validTensorMapDesc();
  int value = 0;
  static const unsigned char elf[8] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  EXPECT(runtime, tileRuntimeGetDeviceInfo(runtime, &info), want, message);
  EXPECT(runtime, tileRuntimeSynchronize(runtime), want, message);
  EXPECT(runtime,
         tileModuleLoadPTX(
             runtime, tileRuntimeStringRefCreateFromCString(".version 8.0"),
             &module),
         want, message);
  EXPECT_TRUE(tileModuleIsNull(module));
  EXPECT(runtime, tileModuleLoadCubin(runtime, elf, sizeof(elf), &module), want,
         message);
  EXPECT(runtime, tileMemoryAllocate(runtime, 1024, &pointer), want, message);
  EXPECT_TRUE(pointer == 0);
  EXPECT(runtime, tileMemoryFree(runtime, 0x1000), want, message);
  EXPECT(runtime,
         tileMemoryCopyToDevice(runtime, 0x1000, &value, sizeof(value)), want,
         message);
  EXPECT(runtime, tileMemoryCopyToHost(runtime, &value, 0x1000, sizeof(value)),
         want, message);
  EXPECT(runtime, tileMemorySet(runtime, 0x1000, 0, 4), want, message);
  EXPECT(runtime, tileStreamCreate(runtime, &stream), want, message);
  EXPECT_TRUE(tileStreamIsNull(stream));
  EXPECT(runtime, tileStreamWrap(runtime, NULL, &stream), want, message);
  EXPECT_TRUE(tileStreamIsNull(stream));
  EXPECT(runtime, tileStreamSynchronize(runtime, stream), want, message);
  EXPECT(runtime, tileEventCreate(runtime, &event), want, message);
  EXPECT_TRUE(tileEventIsNull(event));
  EXPECT(runtime, tileTensorMapEncodeTiled(runtime, &desc, &map), want,
         message);
  /* The whole message, not only its prefix, is the one create gave. */
  EXPECT_TRUE(!strcmp(tileRuntimeGetLastError(runtime), message));
}

/* The launchers' divisibility checks need no device. */
static void testDivisibility(TileRuntime runtime) {
  EXPECT(runtime, tileKernelCheckDivisibility(runtime, "gemm", 3, 1024, 16, 0),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileKernelCheckDivisibility(runtime, "gemm", 3, 1000, 1, 0),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileKernelCheckDivisibility(runtime, "gemm", 3, 1000, 16, 0), INVALID,
         "tile runtime: gemm: argument 3 is 1000, not a multiple of 16, which the kernel "
         "was compiled to assume (tile.divisibility = 16); pass such a value or use a "
         "kernel compiled without the hint");
  EXPECT(runtime, tileKernelCheckDivisibility(runtime, "gemm", 0, 0x7f0000001008ll, 16, 1),
         INVALID,
         "tile runtime: gemm: argument 0 is the address 0x7f0000001008, not 16-byte "
         "aligned, which the kernel was compiled to assume (tile.divisibility = 16)");
  EXPECT(runtime, tileKernelCheckDivisibility(runtime, "gemm", 0, 0x7f0000001000ll, 16, 1),
         TILE_RUNTIME_SUCCESS, "");
}

static void testLaunchArguments(TileRuntime runtime) {
  TileKernel kernel = {NULL};
  TileStream stream = {NULL};
  TileKernelArgs args = {NULL};
  TileDim3 zeroGrid = {0, 1, 1}, zeroBlock = {32, 0, 1};
  TileDim3 bigBlock = {64, 32, 1}, tallGrid = {1, 70000, 1};
  TileDim3 deepBlock = {1, 1, 65};
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, stream, zeroGrid, one, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: the grid is 0x1x1 blocks; every "
         "extent must be at least 1");
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, stream, one, zeroBlock, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: the block is 32x0x1 threads; every "
         "extent must be at least 1");
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, stream, one, bigBlock, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: the block is 64x32x1 threads; a "
         "block holds at most 1024 threads");
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, stream, one, deepBlock, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: the block is 1x1x65 threads; a block "
         "holds at most 1024 threads");
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, stream, tallGrid, one, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: the grid is 1x70000x1 blocks; the "
         "limits are 2147483647x65535x65535");
  EXPECT(runtime, tileKernelLaunch(runtime, kernel, stream, one, one, 0, args),
         INVALID,
         "tile runtime: tileKernelLaunch: kernel is a null TileKernel; get one "
         "with tileKernelGetFunction");
  EXPECT(runtime,
         tileKernelSetMaxDynamicSharedBytes(runtime, kernel, 100 * 1024),
         INVALID,
         "tile runtime: tileKernelSetMaxDynamicSharedBytes: kernel is a null "
         "TileKernel");
}

static void testArgumentList(TileRuntime runtime, TileRuntime other) {
  TileKernelArgs args, foreign;
  EXPECT(runtime, tileKernelArgsCreate(runtime, NULL), INVALID,
         "tile runtime: tileKernelArgsCreate: args is NULL");
  EXPECT(runtime, tileKernelArgsCreate(runtime, &args), TILE_RUNTIME_SUCCESS,
         "");
  EXPECT_TRUE(!strcmp(tileRuntimeGetLastError(runtime), ""));
  EXPECT(runtime, tileKernelArgsAddPointer(runtime, args, 0x1000),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileKernelArgsAddI32(runtime, args, -1), TILE_RUNTIME_SUCCESS,
         "");
  EXPECT(runtime, tileKernelArgsAddI64(runtime, args, 1ll << 40),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileKernelArgsAddF32(runtime, args, 1.5f),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileKernelArgsAddF64(runtime, args, 2.5),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT_TRUE(tileKernelArgsGetCount(runtime, args) == 5);
  EXPECT(runtime, tileKernelArgsAddBlob(runtime, args, &args, sizeof(args), 3),
         INVALID,
         "tile runtime: tileKernelArgsAddBlob: alignment 3 is not a power of "
         "two from 1 to 128");
  EXPECT(runtime, tileKernelArgsAddBlob(runtime, args, NULL, 8, 8), INVALID,
         "tile runtime: tileKernelArgsAddBlob: the blob is empty");
  EXPECT(runtime, tileKernelArgsAddTensorMap(runtime, args, NULL), INVALID,
         "tile runtime: tileKernelArgsAddTensorMap: map is NULL");

  /* 256 arguments fit; the 257th is refused. */
  EXPECT(runtime, tileKernelArgsClear(runtime, args), TILE_RUNTIME_SUCCESS, "");
  for (int index = 0; index < TILE_KERNEL_ARGS_MAX_COUNT; ++index)
    if (tileKernelArgsAddI32(runtime, args, index) != TILE_RUNTIME_SUCCESS)
      EXPECT_TRUE(!"each of the first 256 arguments fits");
  EXPECT(runtime, tileKernelArgsAddI32(runtime, args, 256), INVALID,
         "tile runtime: tileKernelArgsAddI32: too many arguments: the list "
         "already holds 256");
  EXPECT_TRUE(tileKernelArgsGetCount(runtime, args) == 256);

  /* 32 TMA descriptors fill the 4 KiB; the 33rd is refused. */
  TileTensorMap map;
  memset(&map, 0, sizeof(map));
  EXPECT(runtime, tileKernelArgsClear(runtime, args), TILE_RUNTIME_SUCCESS, "");
  for (int index = 0; index < 32; ++index)
    if (tileKernelArgsAddTensorMap(runtime, args, &map) != TILE_RUNTIME_SUCCESS)
      EXPECT_TRUE(!"each of the first 32 descriptors fits");
  EXPECT(runtime, tileKernelArgsAddTensorMap(runtime, args, &map), INVALID,
         "tile runtime: tileKernelArgsAddTensorMap: too many argument bytes: "
         "argument 32 (128 bytes) would end at byte 4224");

  /* Handles of another kind or another runtime are refused by name. */
  TileStream notAStream = {args.ptr};
  EXPECT(
      runtime, tileStreamSynchronize(runtime, notAStream), INVALID,
      "tile runtime: tileStreamSynchronize: stream is not a live TileStream");
  TileModule notAModule = {args.ptr};
  TileKernel kernel;
  EXPECT(
      runtime, tileKernelGetFunction(runtime, notAModule, "k", &kernel),
      INVALID,
      "tile runtime: tileKernelGetFunction: module is not a live TileModule");
  EXPECT_TRUE(tileKernelIsNull(kernel));
  EXPECT(other, tileKernelArgsCreate(other, &foreign), TILE_RUNTIME_SUCCESS,
         "");
  EXPECT(runtime, tileKernelArgsAddI32(runtime, foreign, 1), INVALID,
         "tile runtime: tileKernelArgsAddI32: args belongs to another runtime");
  EXPECT(runtime,
         tileKernelLaunch(runtime, kernel, (TileStream){NULL}, one, one, 0,
                          foreign),
         INVALID,
         "tile runtime: tileKernelLaunch: args belongs to another runtime");
  EXPECT(runtime, tileKernelArgsDestroy(runtime, args), TILE_RUNTIME_SUCCESS,
         "");
  /* `foreign` is left for tileRuntimeDestroy to free (the sanitizer checks). */
}

static void testModuleArguments(TileRuntime runtime) {
  TileModule module = {NULL};
  TileKernel kernel;
  EXPECT(runtime,
         tileModuleLoadPTX(runtime, tileRuntimeStringRefCreateFromCString(""),
                           &module),
         INVALID, "tile runtime: tileModuleLoadPTX: the PTX text is empty");
  EXPECT(
      runtime,
      tileModuleLoadPTX(
          runtime, tileRuntimeStringRefCreateFromCString(".version 8.0"), NULL),
      INVALID, "tile runtime: tileModuleLoadPTX: module is NULL");
  EXPECT(runtime, tileModuleLoadCubin(runtime, ".version 8.0", 12, &module),
         INVALID,
         "tile runtime: tileModuleLoadCubin: the image is neither an ELF cubin "
         "nor a fatbin; load PTX text with tileModuleLoadPTX");
  EXPECT(runtime, tileModuleLoadCubin(runtime, NULL, 0, &module), INVALID,
         "tile runtime: tileModuleLoadCubin: the image is empty");
  EXPECT(runtime, tileKernelGetFunction(runtime, module, "k", &kernel), INVALID,
         "tile runtime: tileKernelGetFunction: module is a null TileModule");
  EXPECT(runtime, tileKernelGetFunction(runtime, module, "", &kernel), INVALID,
         "tile runtime: tileKernelGetFunction: the kernel name is empty");
  EXPECT(runtime, tileModuleDestroy(runtime, module), INVALID,
         "tile runtime: tileModuleDestroy: module is a null TileModule");
}

static void testMemoryAndEventArguments(TileRuntime runtime) {
  TileDevicePtr pointer;
  TileEvent event = {NULL};
  float milliseconds;
  int value = 0;
  EXPECT(runtime, tileMemoryAllocate(runtime, 0, &pointer), INVALID,
         "tile runtime: tileMemoryAllocate: size is 0");
  EXPECT(runtime, tileMemoryAllocate(runtime, 16, NULL), INVALID,
         "tile runtime: tileMemoryAllocate: pointer is NULL");
  EXPECT(runtime, tileMemoryFree(runtime, 0), INVALID,
         "tile runtime: tileMemoryFree: the address is 0");
  EXPECT(runtime, tileMemoryCopyToDevice(runtime, 0x1000, NULL, 4), INVALID,
         "tile runtime: tileMemoryCopyToDevice: the host source is null");
  EXPECT(runtime, tileMemoryCopyToHost(runtime, &value, 0, 4), INVALID,
         "tile runtime: tileMemoryCopyToHost: the device source is null");
  EXPECT(runtime, tileMemorySet(runtime, 0, 0, 4), INVALID,
         "tile runtime: tileMemorySet: the device address is 0");
  EXPECT(runtime, tileStreamCreate(runtime, NULL), INVALID,
         "tile runtime: tileStreamCreate: stream is NULL");
  EXPECT(runtime, tileStreamWrap(runtime, NULL, NULL), INVALID,
         "tile runtime: tileStreamWrap: stream is NULL");
  EXPECT(runtime, tileStreamDestroy(runtime, (TileStream){NULL}), INVALID,
         "tile runtime: tileStreamDestroy: stream is a null TileStream");
  EXPECT(runtime, tileEventCreate(runtime, NULL), INVALID,
         "tile runtime: tileEventCreate: event is NULL");
  EXPECT(runtime, tileEventRecord(runtime, event, (TileStream){NULL}), INVALID,
         "tile runtime: tileEventRecord: event is a null TileEvent");
  EXPECT(runtime, tileEventElapsedMilliseconds(runtime, event, event, NULL),
         INVALID,
         "tile runtime: tileEventElapsedMilliseconds: milliseconds is NULL");
  EXPECT(
      runtime,
      tileEventElapsedMilliseconds(runtime, event, event, &milliseconds),
      INVALID,
      "tile runtime: tileEventElapsedMilliseconds: start is a null TileEvent");
  EXPECT(runtime, tileRuntimeGetDeviceInfo(runtime, NULL), INVALID,
         "tile runtime: tileRuntimeGetDeviceInfo: info is NULL");
}

static void testTensorMapArguments(TileRuntime runtime) {
  TileTensorMap map;
  TileTensorMapDesc desc;
  const char *prefix = "tile runtime: tileTensorMapEncodeTiled: ";
  char expected[256];
#define EXPECT_DESC(suffix)                                                    \
  snprintf(expected, sizeof(expected), "%s%s", prefix, suffix);                \
  EXPECT(runtime, tileTensorMapEncodeTiled(runtime, &desc, &map), INVALID,     \
         expected)

  EXPECT(runtime, tileTensorMapEncodeTiled(runtime, NULL, &map), INVALID,
         "tile runtime: tileTensorMapEncodeTiled: desc is NULL");
  desc = validTensorMapDesc();
  desc.rank = 0;
  EXPECT_DESC("rank is 0; it must be 1 to 5");
  desc.rank = 6;
  EXPECT_DESC("rank is 6; it must be 1 to 5");
  desc = validTensorMapDesc();
  desc.dataType = (TileTensorMapDataType)42;
  EXPECT_DESC("dataType 42 is not a TileTensorMapDataType");
  desc = validTensorMapDesc();
  desc.globalAddress += 8;
  EXPECT_DESC(
      "globalAddress 0x7f0000000008 is not a nonzero multiple of 16 bytes");
  desc = validTensorMapDesc();
  desc.globalDim[1] = 0;
  EXPECT_DESC("globalDim[1] is 0; each extent must be 1 to 2^32");
  desc = validTensorMapDesc();
  desc.globalStrides[0] = 1000;
  EXPECT_DESC("globalStrides[0] (the byte stride of dimension 1) is 1000; it "
              "must be a nonzero multiple of 16 below 2^40");
  desc = validTensorMapDesc();
  desc.boxDim[1] = 300;
  EXPECT_DESC("boxDim[1] is 300; each box extent must be 1 to 256");
  desc = validTensorMapDesc();
  desc.elementStrides[0] = 9;
  EXPECT_DESC("elementStrides[0] is 9; each must be 1 to 8");
  desc = validTensorMapDesc();
  desc.boxDim[0] = 4;
  EXPECT_DESC("the inner box row is 8 bytes (boxDim[0] = 4); it must be a "
              "multiple of 16 bytes");
  desc = validTensorMapDesc();
  desc.boxDim[0] = 128;
  EXPECT_DESC("the inner box row is 256 bytes but the swizzle spans 128; make "
              "boxDim[0] at most 64");
  desc = validTensorMapDesc();
  desc.interleave = TILE_TENSOR_MAP_INTERLEAVE_16B;
  EXPECT_DESC("an interleaved tensor map needs rank 3 or more, not 2");
#undef EXPECT_DESC
}

static int callbackCalls;
static TileRuntimeStatus callbackStatus;
static char callbackMessage[512];

static void recordError(TileRuntimeStatus status, TileRuntimeStringRef message,
                        void *userData) {
  ++callbackCalls;
  callbackStatus = status;
  snprintf(callbackMessage, sizeof(callbackMessage), "%.*s",
           (int)message.length, message.data);
  *(int *)userData = 1;
}

static void testErrorCallback(TileRuntime runtime) {
  int seen = 0;
  EXPECT(runtime, tileRuntimeSetErrorCallback(runtime, recordError, &seen),
         TILE_RUNTIME_SUCCESS, "");
  EXPECT(runtime, tileMemoryAllocate(runtime, 0, NULL), INVALID,
         "tile runtime: tileMemoryAllocate: pointer is NULL");
  EXPECT_TRUE(seen == 1 && callbackCalls == 1 && callbackStatus == INVALID);
  EXPECT_TRUE(!strcmp(callbackMessage, tileRuntimeGetLastError(runtime)));
  EXPECT(runtime, tileRuntimeSetErrorCallback(runtime, NULL, NULL),
         TILE_RUNTIME_SUCCESS, "");
}

static void testCreateFailures(void) {
  TileRuntime runtime;
  TileRuntimeOptions options;
  memset(&options, 0, sizeof(options));
  options.deviceOrdinal = -1;
  TileRuntimeStatus status = tileRuntimeCreate(&options, &runtime);
  EXPECT(runtime, status, INVALID,
         "tile runtime: tileRuntimeCreate: deviceOrdinal is -1; pass 0 or a "
         "larger device number");
  EXPECT_TRUE(!tileRuntimeIsNull(runtime));
  EXPECT_TRUE(tileRuntimeDestroy(runtime) == TILE_RUNTIME_SUCCESS);

  options.deviceOrdinal = 0;
  options.driverLibraryPath = "/nonexistent/libcuda.so.1";
  status = tileRuntimeCreate(&options, &runtime);
  EXPECT(runtime, status, TILE_RUNTIME_ERROR_NO_DRIVER,
         "tile runtime: no CUDA driver: dlopen(/nonexistent/libcuda.so.1) "
         "failed: ");
  EXPECT_TRUE(strstr(tileRuntimeGetLastError(runtime),
                     "; install the NVIDIA driver or run on a GPU machine") !=
              NULL);
  EXPECT_TRUE(tileRuntimeDestroy(runtime) == TILE_RUNTIME_SUCCESS);

  /* The toolkit's stub library opens and resolves, but cuInit refuses. */
  static const char stub[] = "/usr/local/cuda/lib64/stubs/libcuda.so";
  FILE *file = fopen(stub, "rb");
  if (!file)
    return;
  fclose(file);
  options.driverLibraryPath = stub;
  status = tileRuntimeCreate(&options, &runtime);
  EXPECT(
      runtime, status, TILE_RUNTIME_ERROR_NO_DRIVER,
      "tile runtime: no CUDA driver: cuInit failed: CUDA_ERROR_STUB_LIBRARY");
  EXPECT_TRUE(strstr(tileRuntimeGetLastError(runtime), "stub") != NULL);
  printf("stub driver: %s\n", tileRuntimeGetLastError(runtime));
  EXPECT_TRUE(tileRuntimeDestroy(runtime) == TILE_RUNTIME_SUCCESS);
}

int main(void) {
  testNullRuntime();
  testCreateFailures();

  TileRuntime runtime, other;
  TileRuntimeStatus created = tileRuntimeCreate(NULL, &runtime);
  EXPECT_TRUE(!tileRuntimeIsNull(runtime));
  char createMessage[1024];
  snprintf(createMessage, sizeof(createMessage), "%s",
           tileRuntimeGetLastError(runtime));
  if (created == TILE_RUNTIME_SUCCESS) {
    printf("driver and device found: checking argument errors only\n");
  } else {
    printf("no GPU here: %s\n", createMessage);
    if (created == TILE_RUNTIME_ERROR_NO_DRIVER)
      EXPECT(runtime, created, TILE_RUNTIME_ERROR_NO_DRIVER,
             "tile runtime: no CUDA driver: ");
    else
      EXPECT(runtime, created, TILE_RUNTIME_ERROR_NO_DEVICE,
             "tile runtime: no CUDA device");
    testEveryCallReportsNoDriver(runtime, created, createMessage);
  }
  tileRuntimeCreate(NULL, &other);
  testLaunchArguments(runtime);
  testDivisibility(runtime);
  testArgumentList(runtime, other);
  testModuleArguments(runtime);
  testMemoryAndEventArguments(runtime);
  testTensorMapArguments(runtime);
  testErrorCallback(runtime);
  EXPECT_TRUE(tileRuntimeDestroy(runtime) == TILE_RUNTIME_SUCCESS);
  EXPECT_TRUE(tileRuntimeDestroy(other) == TILE_RUNTIME_SUCCESS);

  if (failures) {
    fprintf(stderr, "%d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("runtime_no_gpu_test: all %d checks passed\n", checks);
  return 0;
}
