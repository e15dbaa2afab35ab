/*===-- tile-c/Runtime.h - load and launch kernels on NVIDIA GPUs -*- C -*-===*\
|*                                                                            *|
|* The tile runtime loads PTX or cubin that the compiler produced and         *|
|* launches its kernels through the CUDA Driver API. It opens libcuda.so.1    *|
|* with dlopen when a runtime is created, so neither the runtime nor any      *|
|* program that links it needs CUDA at build or link time, and a machine      *|
|* without a GPU gets an error it can print instead of a loader failure.      *|
|*                                                                            *|
|* Conventions:                                                               *|
|*  - Every function that can fail returns a TileRuntimeStatus (the few       *|
|*    getters that cannot return their value); none aborts, exits or          *|
|*    prints. TILE_RUNTIME_SUCCESS is zero.                                   *|
|*  - Every function takes the runtime as its first argument: the runtime is  *|
|*    where the message of a failed call lands. tileRuntimeGetLastError       *|
|*    borrows it; it stays valid until the next status-returning call that    *|
|*    takes the runtime, or until tileRuntimeDestroy. An error callback, if   *|
|*    set, sees every message as it is made. Messages start with              *|
|*    "tile runtime: " and say what failed and what to do.                    *|
|*  - Arguments are checked before anything else, so a bad argument gets      *|
|*    TILE_RUNTIME_ERROR_INVALID_ARGUMENT even where there is no driver. The  *|
|*    argument builder (tileKernelArgs*) never touches the driver.            *|
|*  - Handles are small structs passed by value; tileXxxIsNull tests them.    *|
|*    Create/Load give the caller an object it must Destroy; Get borrows one  *|
|*    that its parent owns (a kernel belongs to its module). Objects the      *|
|*    caller forgot are freed by tileRuntimeDestroy. Device memory is a raw   *|
|*    address (TileDevicePtr) that the caller frees with tileMemoryFree.      *|
|*  - If the driver cannot be opened or has no usable device,                 *|
|*    tileRuntimeCreate still returns a runtime (so the message has a home);  *|
|*    every call that needs the driver then fails with the same status and    *|
|*    message.                                                                *|
|*  - A runtime and the objects made from it are used by one thread at a      *|
|*    time; it makes its device's primary context current on that thread at   *|
|*    every call that needs it, so threads may take turns.                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TILE_C_RUNTIME_H
#define TILE_C_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; this marks what it exports. */
#if defined(__GNUC__)
#define TILE_RUNTIME_API __attribute__((visibility("default")))
#else
#define TILE_RUNTIME_API
#endif

//===----------------------------------------------------------------------===//
// Status, strings and errors
//===----------------------------------------------------------------------===//

/// What went wrong in a runtime call; the message says the details.
typedef enum TileRuntimeStatus {
  TILE_RUNTIME_SUCCESS = 0,
  /// The caller passed something the call cannot accept (a null handle, a
  /// zero size, an argument list the kernel does not take, ...).
  TILE_RUNTIME_ERROR_INVALID_ARGUMENT = 1,
  /// libcuda.so.1 could not be opened, or lacks an entry point we need.
  TILE_RUNTIME_ERROR_NO_DRIVER = 2,
  /// The driver opened but found no usable device (or not the one asked for).
  TILE_RUNTIME_ERROR_NO_DEVICE = 3,
  /// Host memory ran out inside the runtime.
  TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY = 4,
  /// The driver rejected a PTX or cubin image; the message holds its JIT log.
  TILE_RUNTIME_ERROR_MODULE_LOAD = 5,
  /// A module has no kernel of the requested name.
  TILE_RUNTIME_ERROR_KERNEL_NOT_FOUND = 6,
  /// A launch asks for more shared memory than the device gives one block.
  TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT = 7,
  /// Another driver call failed; tileRuntimeGetLastDriverResult has its code.
  TILE_RUNTIME_ERROR_DRIVER = 8,
  /// The driver is too old for the call (e.g. TMA needs CUDA 12).
  TILE_RUNTIME_ERROR_UNSUPPORTED = 9,
} TileRuntimeStatus;

/// A string that is not necessarily NUL-terminated; the caller owns the bytes.
typedef struct TileRuntimeStringRef {
  const char *data;
  size_t length;
} TileRuntimeStringRef;

/// Returns a reference to a NUL-terminated string; borrows `string`.
static inline TileRuntimeStringRef
tileRuntimeStringRefCreateFromCString(const char *string) {
  TileRuntimeStringRef ref = {string, string ? strlen(string) : 0};
  return ref;
}

/// Called with every error message the runtime makes; `message` is borrowed
/// for the duration of the call.
typedef void (*TileRuntimeErrorCallback)(TileRuntimeStatus status,
                                         TileRuntimeStringRef message,
                                         void *userData);

/// Returns a static name for `status` ("TILE_RUNTIME_ERROR_NO_DRIVER").
TILE_RUNTIME_API const char *tileRuntimeStatusGetName(TileRuntimeStatus status);

//===----------------------------------------------------------------------===//
// Handles
//===----------------------------------------------------------------------===//

#define TILE_RUNTIME_DEFINE_HANDLE(name)                                       \
  typedef struct name {                                                        \
    void *ptr;                                                                 \
  } name

/// A loaded driver, one device and its primary context.
TILE_RUNTIME_DEFINE_HANDLE(TileRuntime);
/// A loaded PTX or cubin image.
TILE_RUNTIME_DEFINE_HANDLE(TileModule);
/// A kernel of a module; borrowed from the module.
TILE_RUNTIME_DEFINE_HANDLE(TileKernel);
/// A CUDA stream; the null handle means the device's default stream.
TILE_RUNTIME_DEFINE_HANDLE(TileStream);
/// A CUDA event that records time.
TILE_RUNTIME_DEFINE_HANDLE(TileEvent);
/// A list of kernel arguments being built for a launch.
TILE_RUNTIME_DEFINE_HANDLE(TileKernelArgs);

#undef TILE_RUNTIME_DEFINE_HANDLE

/// Returns whether `runtime` is the null handle.
static inline int tileRuntimeIsNull(TileRuntime runtime) {
  return !runtime.ptr;
}
/// Returns whether `module` is the null handle.
static inline int tileModuleIsNull(TileModule module) { return !module.ptr; }
/// Returns whether `kernel` is the null handle.
static inline int tileKernelIsNull(TileKernel kernel) { return !kernel.ptr; }
/// Returns whether `stream` is the null handle (the default stream).
static inline int tileStreamIsNull(TileStream stream) { return !stream.ptr; }
/// Returns whether `event` is the null handle.
static inline int tileEventIsNull(TileEvent event) { return !event.ptr; }
/// Returns whether `args` is the null handle.
static inline int tileKernelArgsIsNull(TileKernelArgs args) {
  return !args.ptr;
}

/// A device address (CUdeviceptr); 0 is never a valid allocation.
typedef uint64_t TileDevicePtr;

//===----------------------------------------------------------------------===//
// Runtime
//===----------------------------------------------------------------------===//

/// How to create a runtime; zero-initialize, then set what you need.
typedef struct TileRuntimeOptions {
  /// The CUDA device ordinal to use.
  int deviceOrdinal;
  /// The driver library to dlopen; NULL means "libcuda.so.1".
  const char *driverLibraryPath;
} TileRuntimeOptions;

/// Opens the driver, initializes it and retains the primary context of the
/// requested device (`options` may be NULL for device 0). Returns SUCCESS,
/// or NO_DRIVER / NO_DEVICE (INVALID_ARGUMENT for a negative ordinal) with a
/// message; in every case `*runtime` is a new runtime the caller owns and
/// must pass to tileRuntimeDestroy. Only when `runtime` is NULL or host
/// memory runs out is `*runtime` left null.
TILE_RUNTIME_API TileRuntimeStatus
tileRuntimeCreate(const TileRuntimeOptions *options, TileRuntime *runtime);

/// Frees the runtime and every module, stream, event and argument list still
/// made from it, then releases the primary context. Returns the first failure
/// of a driver call on the way, having freed everything anyway.
TILE_RUNTIME_API TileRuntimeStatus tileRuntimeDestroy(TileRuntime runtime);

/// Returns the message of the last status-returning call that took
/// `runtime`, or "" if that call succeeded; borrowed, valid until the next
/// status-returning call that takes `runtime`. For a null runtime returns a
/// static message saying so.
TILE_RUNTIME_API const char *tileRuntimeGetLastError(TileRuntime runtime);

/// Returns the CUresult of the last failed driver call behind the last
/// error (0 if the last error did not come from the driver).
TILE_RUNTIME_API int tileRuntimeGetLastDriverResult(TileRuntime runtime);

/// Sets the callback that sees every error message (NULL removes it).
/// Returns INVALID_ARGUMENT only for a null runtime.
TILE_RUNTIME_API TileRuntimeStatus tileRuntimeSetErrorCallback(
    TileRuntime runtime, TileRuntimeErrorCallback callback, void *userData);

/// What the runtime knows about its device.
typedef struct TileDeviceInfo {
  char name[256];
  int computeCapabilityMajor;
  int computeCapabilityMinor;
  int multiprocessorCount;
  int maxThreadsPerBlock;
  /// Shared memory a block may have once it opts in (the limit for
  /// static + dynamic shared memory of one launch).
  int maxSharedBytesPerBlockOptin;
  size_t totalMemoryBytes;
  /// The driver's CUDA version, e.g. 13000 for 13.0.
  int driverVersion;
} TileDeviceInfo;

/// Fills `*info` for the runtime's device. Returns SUCCESS or an error.
TILE_RUNTIME_API TileRuntimeStatus
tileRuntimeGetDeviceInfo(TileRuntime runtime, TileDeviceInfo *info);

/// Waits for all work on the runtime's device. Returns SUCCESS or the
/// failure of a kernel that ran asynchronously.
TILE_RUNTIME_API TileRuntimeStatus tileRuntimeSynchronize(TileRuntime runtime);

//===----------------------------------------------------------------------===//
// Modules and kernels
//===----------------------------------------------------------------------===//

/// JIT-compiles PTX text (copied; need not be NUL-terminated) for the device
/// and loads it. On success `*module` is new and owned by the caller; on a
/// rejected image returns MODULE_LOAD with the driver's JIT error log in the
/// message.
TILE_RUNTIME_API TileRuntimeStatus tileModuleLoadPTX(TileRuntime runtime,
                                                     TileRuntimeStringRef ptx,
                                                     TileModule *module);

/// Loads a cubin (ELF) or fatbin image of `size` bytes (borrowed for the
/// call). On success `*module` is new and owned by the caller.
TILE_RUNTIME_API TileRuntimeStatus tileModuleLoadCubin(TileRuntime runtime,
                                                       const void *image,
                                                       size_t size,
                                                       TileModule *module);

/// Returns (borrowed until tileModuleDestroy) the JIT info log of the load,
/// e.g. the registers each kernel uses; "" for none. Never fails: a null
/// runtime or module gives "".
TILE_RUNTIME_API const char *tileModuleGetInfoLog(TileRuntime runtime,
                                                  TileModule module);

/// Unloads the module and frees the kernels borrowed from it.
TILE_RUNTIME_API TileRuntimeStatus tileModuleDestroy(TileRuntime runtime,
                                                     TileModule module);

/// Looks up kernel `name` (an entry point of the module). On success
/// `*kernel` is borrowed from the module until tileModuleDestroy; asking
/// twice gives the same kernel.
TILE_RUNTIME_API TileRuntimeStatus tileKernelGetFunction(TileRuntime runtime,
                                                         TileModule module,
                                                         const char *name,
                                                         TileKernel *kernel);

/// Returns the kernel's name, borrowed from it; "" for a null kernel.
TILE_RUNTIME_API const char *tileKernelGetName(TileRuntime runtime,
                                               TileKernel kernel);

/// Returns in `*count` how many parameters the kernel takes, or -1 when the
/// driver cannot tell (cuFuncGetParamInfo needs CUDA 12.4).
TILE_RUNTIME_API TileRuntimeStatus
tileKernelGetParameterCount(TileRuntime runtime, TileKernel kernel, int *count);

/// Returns in `*bytes` the kernel's static shared memory
/// (CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES).
TILE_RUNTIME_API TileRuntimeStatus tileKernelGetStaticSharedBytes(
    TileRuntime runtime, TileKernel kernel, int *bytes);

/// Lets the kernel use up to `bytes` of dynamic shared memory by raising
/// CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES. Returns
/// SHARED_MEMORY_LIMIT when static + `bytes` exceeds what the device gives a
/// block (CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN).
/// tileKernelLaunch calls it when a launch needs more than 48 KiB.
TILE_RUNTIME_API TileRuntimeStatus tileKernelSetMaxDynamicSharedBytes(
    TileRuntime runtime, TileKernel kernel, size_t bytes);

//===----------------------------------------------------------------------===//
// Kernel arguments
//===----------------------------------------------------------------------===//

/// The most arguments one list holds.
#define TILE_KERNEL_ARGS_MAX_COUNT 256
/// The most bytes of argument values one list holds: the 4 KiB kernel
/// parameter limit every CUDA architecture and driver accepts.
#define TILE_KERNEL_ARGS_MAX_BYTES 4096

/// Creates an empty argument list, owned by the caller (free with
/// tileKernelArgsDestroy). Works without a driver.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsCreate(TileRuntime runtime,
                                                        TileKernelArgs *args);

/// Frees the argument list.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsDestroy(TileRuntime runtime,
                                                         TileKernelArgs args);

/// Empties the list so it can be refilled for another launch.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsClear(TileRuntime runtime,
                                                       TileKernelArgs args);

/// Returns the number of arguments in the list (0 for a null list).
TILE_RUNTIME_API int tileKernelArgsGetCount(TileRuntime runtime,
                                            TileKernelArgs args);

/// Appends a device pointer (a kernel's `.param .u64` pointer argument).
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddPointer(
    TileRuntime runtime, TileKernelArgs args, TileDevicePtr value);
/// Appends a 32-bit integer.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddI32(TileRuntime runtime,
                                                        TileKernelArgs args,
                                                        int32_t value);
/// Appends a 64-bit integer.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddI64(TileRuntime runtime,
                                                        TileKernelArgs args,
                                                        int64_t value);
/// Appends a 32-bit float.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddF32(TileRuntime runtime,
                                                        TileKernelArgs args,
                                                        float value);
/// Appends a 64-bit float.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddF64(TileRuntime runtime,
                                                        TileKernelArgs args,
                                                        double value);
/// Appends an opaque value of `size` bytes (copied), passed by value and
/// stored at a multiple of `alignment` (a power of two up to 128; TMA
/// descriptors need 64, tileKernelArgsAddTensorMap uses 128).
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddBlob(TileRuntime runtime,
                                                         TileKernelArgs args,
                                                         const void *data,
                                                         size_t size,
                                                         size_t alignment);

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

/// A grid (in blocks) or block (in threads) shape; every entry must be >= 1.
typedef struct TileDim3 {
  unsigned x, y, z;
} TileDim3;

/// Launches `kernel` on `stream` (null: the default stream) with `args`
/// (null: no arguments). Checks the shape (no zero extent, at most 1024
/// threads per block, grid within the driver's limits) and, where the driver
/// reports parameter sizes, that `args` matches the kernel's parameters;
/// raises the dynamic shared-memory limit when `dynamicSharedBytes` is
/// above 48 KiB. Returns once the launch is queued; a fault inside the
/// kernel shows up at the next synchronizing call.
TILE_RUNTIME_API TileRuntimeStatus tileKernelLaunch(
    TileRuntime runtime, TileKernel kernel, TileStream stream, TileDim3 grid,
    TileDim3 block, size_t dynamicSharedBytes, TileKernelArgs args);

/// Checks argument `index` of kernel `kernelName` against what the kernel
/// was compiled to assume of it (TileKernelParam.divisibility, from the
/// argument's `tile.divisibility`): `value` must be a multiple of
/// `divisibility`, a device address (`isAddress`) aligned to that many
/// bytes. Returns SUCCESS, or INVALID_ARGUMENT with a message that names the
/// kernel, the argument and the value. Needs no device; the launchers that
/// tile-compile --header writes call it for every hinted argument.
TILE_RUNTIME_API TileRuntimeStatus tileKernelCheckDivisibility(
    TileRuntime runtime, const char *kernelName, int index, int64_t value,
    int64_t divisibility, int isAddress);

//===----------------------------------------------------------------------===//
// Device memory
//===----------------------------------------------------------------------===//

/// Allocates `bytes` (> 0) of device memory; the caller owns `*pointer` and
/// frees it with tileMemoryFree.
TILE_RUNTIME_API TileRuntimeStatus tileMemoryAllocate(TileRuntime runtime,
                                                      size_t bytes,
                                                      TileDevicePtr *pointer);
/// Frees memory from tileMemoryAllocate.
TILE_RUNTIME_API TileRuntimeStatus tileMemoryFree(TileRuntime runtime,
                                                  TileDevicePtr pointer);
/// Copies `bytes` from host `source` to device `destination`; synchronous.
TILE_RUNTIME_API TileRuntimeStatus
tileMemoryCopyToDevice(TileRuntime runtime, TileDevicePtr destination,
                       const void *source, size_t bytes);
/// Copies `bytes` from device `source` to host `destination`; synchronous.
TILE_RUNTIME_API TileRuntimeStatus tileMemoryCopyToHost(TileRuntime runtime,
                                                        void *destination,
                                                        TileDevicePtr source,
                                                        size_t bytes);
/// Sets `bytes` bytes at `destination` to `value`.
TILE_RUNTIME_API TileRuntimeStatus tileMemorySet(TileRuntime runtime,
                                                 TileDevicePtr destination,
                                                 uint8_t value, size_t bytes);

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

/// Creates a non-blocking stream, owned by the caller.
TILE_RUNTIME_API TileRuntimeStatus tileStreamCreate(TileRuntime runtime,
                                                    TileStream *stream);
/// Wraps a stream made by someone else in the runtime's context (a
/// `CUstream` or `cudaStream_t`, e.g. PyTorch's current stream; null is the
/// legacy default stream), so kernels launch in order with that owner's
/// work. tileStreamDestroy releases the handle only: the owner keeps and
/// destroys the stream itself, after the runtime's last use of it.
TILE_RUNTIME_API TileRuntimeStatus tileStreamWrap(TileRuntime runtime,
                                                  void *cudaStream,
                                                  TileStream *stream);
/// Destroys the stream (work already queued still runs).
TILE_RUNTIME_API TileRuntimeStatus tileStreamDestroy(TileRuntime runtime,
                                                     TileStream stream);
/// Waits for all work queued on `stream` (null: the default stream).
TILE_RUNTIME_API TileRuntimeStatus tileStreamSynchronize(TileRuntime runtime,
                                                         TileStream stream);

/// Creates a timing event, owned by the caller.
TILE_RUNTIME_API TileRuntimeStatus tileEventCreate(TileRuntime runtime,
                                                   TileEvent *event);
/// Destroys the event.
TILE_RUNTIME_API TileRuntimeStatus tileEventDestroy(TileRuntime runtime,
                                                    TileEvent event);
/// Records the event on `stream` (null: the default stream).
TILE_RUNTIME_API TileRuntimeStatus tileEventRecord(TileRuntime runtime,
                                                   TileEvent event,
                                                   TileStream stream);
/// Waits until the event has happened.
TILE_RUNTIME_API TileRuntimeStatus tileEventSynchronize(TileRuntime runtime,
                                                        TileEvent event);
/// Waits for `end`, then returns in `*milliseconds` the GPU time from
/// `start` to `end` (both recorded; resolution about 0.5 us).
TILE_RUNTIME_API TileRuntimeStatus tileEventElapsedMilliseconds(
    TileRuntime runtime, TileEvent start, TileEvent end, float *milliseconds);

//===----------------------------------------------------------------------===//
// TMA descriptors (cuTensorMapEncodeTiled)
//===----------------------------------------------------------------------===//

/// Element types of a tensor map; the values are the driver's
/// CUtensorMapDataType.
typedef enum TileTensorMapDataType {
  TILE_TENSOR_MAP_UINT8 = 0,
  TILE_TENSOR_MAP_UINT16 = 1,
  TILE_TENSOR_MAP_UINT32 = 2,
  TILE_TENSOR_MAP_INT32 = 3,
  TILE_TENSOR_MAP_UINT64 = 4,
  TILE_TENSOR_MAP_INT64 = 5,
  TILE_TENSOR_MAP_FLOAT16 = 6,
  TILE_TENSOR_MAP_FLOAT32 = 7,
  TILE_TENSOR_MAP_FLOAT64 = 8,
  TILE_TENSOR_MAP_BFLOAT16 = 9,
  TILE_TENSOR_MAP_FLOAT32_FTZ = 10,
  TILE_TENSOR_MAP_TFLOAT32 = 11,
  TILE_TENSOR_MAP_TFLOAT32_FTZ = 12,
} TileTensorMapDataType;

/// Shared-memory swizzle of a TMA box; values are CUtensorMapSwizzle.
typedef enum TileTensorMapSwizzle {
  TILE_TENSOR_MAP_SWIZZLE_NONE = 0,
  TILE_TENSOR_MAP_SWIZZLE_32B = 1,
  TILE_TENSOR_MAP_SWIZZLE_64B = 2,
  TILE_TENSOR_MAP_SWIZZLE_128B = 3,
} TileTensorMapSwizzle;

/// Interleave of the innermost dimension; values are CUtensorMapInterleave.
typedef enum TileTensorMapInterleave {
  TILE_TENSOR_MAP_INTERLEAVE_NONE = 0,
  TILE_TENSOR_MAP_INTERLEAVE_16B = 1,
  TILE_TENSOR_MAP_INTERLEAVE_32B = 2,
} TileTensorMapInterleave;

/// L2 sector promotion; values are CUtensorMapL2promotion.
typedef enum TileTensorMapL2Promotion {
  TILE_TENSOR_MAP_L2_PROMOTION_NONE = 0,
  TILE_TENSOR_MAP_L2_PROMOTION_64B = 1,
  TILE_TENSOR_MAP_L2_PROMOTION_128B = 2,
  TILE_TENSOR_MAP_L2_PROMOTION_256B = 3,
} TileTensorMapL2Promotion;

/// What a tiled tensor map describes. Dimension 0 is the innermost
/// (contiguous) one, as in the driver.
typedef struct TileTensorMapDesc {
  TileTensorMapDataType dataType;
  /// 1 to 5.
  unsigned rank;
  /// 16-byte aligned (32 with 32-byte interleave).
  TileDevicePtr globalAddress;
  /// Extent of each dimension in elements, each 1 to 2^32.
  uint64_t globalDim[5];
  /// Byte stride of dimensions 1..rank-1 (entry i is dimension i+1's
  /// stride): multiples of 16 below 2^40.
  uint64_t globalStrides[4];
  /// Box (tile) extent per dimension, each 1 to 256; with no interleave,
  /// boxDim[0] * element size must be a multiple of 16 bytes and, when
  /// swizzled, at most the swizzle span.
  uint32_t boxDim[5];
  /// Traversal stride per dimension, 1 to 8; 0 means 1.
  uint32_t elementStrides[5];
  TileTensorMapInterleave interleave;
  TileTensorMapSwizzle swizzle;
  TileTensorMapL2Promotion l2Promotion;
  /// Nonzero fills out-of-bounds floats with NaN (the driver's
  /// NAN_REQUEST_ZERO_FMA) instead of zeros.
  int oobFillNaN;
} TileTensorMapDesc;

#ifdef __cplusplus
#define TILE_RUNTIME_ALIGN_128 alignas(128)
#else
#define TILE_RUNTIME_ALIGN_128 _Alignas(128)
#endif

/// An encoded TMA descriptor (CUtensorMap, 128 bytes), passed to kernels by
/// value with tileKernelArgsAddTensorMap.
typedef struct TileTensorMap {
  TILE_RUNTIME_ALIGN_128 uint64_t opaque[16];
} TileTensorMap;

/// Encodes `*desc` into `*map` (owned by the caller) with
/// cuTensorMapEncodeTiled, after checking every field against the driver's
/// documented limits. Returns UNSUPPORTED for a driver older than CUDA 12.
TILE_RUNTIME_API TileRuntimeStatus tileTensorMapEncodeTiled(
    TileRuntime runtime, const TileTensorMapDesc *desc, TileTensorMap *map);

/// Appends a TMA descriptor (copied) to an argument list, 128-byte aligned.
TILE_RUNTIME_API TileRuntimeStatus tileKernelArgsAddTensorMap(
    TileRuntime runtime, TileKernelArgs args, const TileTensorMap *map);

#ifdef __cplusplus
}
#endif

#endif // TILE_C_RUNTIME_H
