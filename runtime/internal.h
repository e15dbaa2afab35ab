/* Private to runtime/: the CUDA driver types we use, the table of driver
 * entry points resolved with dlsym, and the objects behind the public
 * handles of tile-c/Runtime.h.
 *
 * We do not include cuda.h, so building the runtime needs no CUDA toolkit.
 * Every type, enum value and function signature below is copied from the
 * CUDA Driver API (cuda.h, CUDA 12/13); the driver keeps them stable across
 * versions, which is what lets one binary run on any driver.
 *
 * Invariants: every object behind a handle starts with a TileObject whose
 * `magic` is TILE_OBJECT_MAGIC while it is alive and whose `runtime` is the
 * runtime that made it; the runtime keeps every live object on its list, so
 * tileRuntimeDestroy can free what the caller forgot. */
#ifndef TILE_RUNTIME_INTERNAL_H
#define TILE_RUNTIME_INTERNAL_H

#include "tile-c/Runtime.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

//===----------------------------------------------------------------------===//
// CUDA driver API types and values (from cuda.h)
//===----------------------------------------------------------------------===//

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;
typedef int CUjit_option;

enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_STUB_LIBRARY = 34,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_ASSERT = 710,
};

enum {
  CU_JIT_INFO_LOG_BUFFER = 3,
  CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_JIT_LOG_VERBOSE = 12,
};

enum {
  CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 0,
  CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES = 1,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
};

enum {
  CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1,
  CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
};

enum { CU_STREAM_NON_BLOCKING = 1 };
enum { CU_EVENT_DEFAULT = 0 };

//===----------------------------------------------------------------------===//
// Driver entry points
//===----------------------------------------------------------------------===//

/* X(field, symbol, fallback symbol or NULL, parameter list). The symbol is
 * the versioned name the driver exports for the current ABI (cuda.h maps
 * the plain name to it); the fallback serves older drivers. */
#define TILE_DRIVER_REQUIRED_ENTRY_POINTS(X)                                   \
  X(cuInit, "cuInit", NULL, (unsigned flags))                                  \
  X(cuDriverGetVersion, "cuDriverGetVersion", NULL, (int *version))            \
  X(cuGetErrorName, "cuGetErrorName", NULL,                                    \
    (CUresult error, const char **name))                                       \
  X(cuGetErrorString, "cuGetErrorString", NULL,                                \
    (CUresult error, const char **text))                                       \
  X(cuDeviceGetCount, "cuDeviceGetCount", NULL, (int *count))                  \
  X(cuDeviceGet, "cuDeviceGet", NULL, (CUdevice * device, int ordinal))        \
  X(cuDeviceGetName, "cuDeviceGetName", NULL,                                  \
    (char *name, int length, CUdevice device))                                 \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", NULL,                        \
    (int *value, int attribute, CUdevice device))                              \
  X(cuDeviceTotalMem, "cuDeviceTotalMem_v2", NULL,                             \
    (size_t * bytes, CUdevice device))                                         \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", NULL,                \
    (CUcontext * context, CUdevice device))                                    \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2",                 \
    "cuDevicePrimaryCtxRelease", (CUdevice device))                            \
  X(cuCtxGetCurrent, "cuCtxGetCurrent", NULL, (CUcontext * context))           \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", NULL, (CUcontext context))             \
  X(cuCtxSynchronize, "cuCtxSynchronize", NULL, (void))                        \
  X(cuModuleLoadDataEx, "cuModuleLoadDataEx", NULL,                            \
    (CUmodule * module, const void *image, unsigned optionCount,               \
     CUjit_option *options, void **optionValues))                              \
  X(cuModuleUnload, "cuModuleUnload", NULL, (CUmodule module))                 \
  X(cuModuleGetFunction, "cuModuleGetFunction", NULL,                          \
    (CUfunction * function, CUmodule module, const char *name))                \
  X(cuFuncGetAttribute, "cuFuncGetAttribute", NULL,                            \
    (int *value, int attribute, CUfunction function))                          \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", NULL,                            \
    (CUfunction function, int attribute, int value))                           \
  X(cuLaunchKernel, "cuLaunchKernel", NULL,                                    \
    (CUfunction function, unsigned gridX, unsigned gridY, unsigned gridZ,      \
     unsigned blockX, unsigned blockY, unsigned blockZ, unsigned sharedBytes,  \
     CUstream stream, void **params, void **extra))                            \
  X(cuMemAlloc, "cuMemAlloc_v2", NULL, (CUdeviceptr * pointer, size_t bytes))  \
  X(cuMemFree, "cuMemFree_v2", NULL, (CUdeviceptr pointer))                    \
  X(cuMemcpyHtoD, "cuMemcpyHtoD_v2", NULL,                                     \
    (CUdeviceptr destination, const void *source, size_t bytes))               \
  X(cuMemcpyDtoH, "cuMemcpyDtoH_v2", NULL,                                     \
    (void *destination, CUdeviceptr source, size_t bytes))                     \
  X(cuMemsetD8, "cuMemsetD8_v2", NULL,                                         \
    (CUdeviceptr destination, unsigned char value, size_t count))              \
  X(cuStreamCreate, "cuStreamCreate", NULL,                                    \
    (CUstream * stream, unsigned flags))                                       \
  X(cuStreamDestroy, "cuStreamDestroy_v2", NULL, (CUstream stream))            \
  X(cuStreamSynchronize, "cuStreamSynchronize", NULL, (CUstream stream))       \
  X(cuEventCreate, "cuEventCreate", NULL, (CUevent * event, unsigned flags))   \
  X(cuEventDestroy, "cuEventDestroy_v2", NULL, (CUevent event))                \
  X(cuEventRecord, "cuEventRecord", NULL, (CUevent event, CUstream stream))    \
  X(cuEventSynchronize, "cuEventSynchronize", NULL, (CUevent event))           \
  X(cuEventElapsedTime, "cuEventElapsedTime_v2", "cuEventElapsedTime",         \
    (float *milliseconds, CUevent start, CUevent end))

/* Entry points newer than CUDA 11; a driver without them still runs
 * everything else, and the call that needs one says the driver is old. */
#define TILE_DRIVER_OPTIONAL_ENTRY_POINTS(X)                                   \
  X(cuFuncGetParamInfo, "cuFuncGetParamInfo", NULL,                            \
    (CUfunction function, size_t index, size_t * offset, size_t * size))       \
  X(cuTensorMapEncodeTiled, "cuTensorMapEncodeTiled", NULL,                    \
    (void *map, int dataType, uint32_t rank, void *globalAddress,              \
     const uint64_t *globalDim, const uint64_t *globalStrides,                 \
     const uint32_t *boxDim, const uint32_t *elementStrides, int interleave,   \
     int swizzle, int l2Promotion, int oobFill))

#define TILE_DRIVER_DECLARE_FIELD(field, symbol, fallback, parameters)         \
  CUresult(*field) parameters;

typedef struct TileDriver {
  void *library;
  TILE_DRIVER_REQUIRED_ENTRY_POINTS(TILE_DRIVER_DECLARE_FIELD)
  TILE_DRIVER_OPTIONAL_ENTRY_POINTS(TILE_DRIVER_DECLARE_FIELD)
} TileDriver;

#undef TILE_DRIVER_DECLARE_FIELD

/// Opens `path` and resolves every entry point into `*driver`. Returns
/// SUCCESS or NO_DRIVER with the reason written to `reason` (always
/// NUL-terminated); on failure nothing stays open.
TileRuntimeStatus tileDriverOpen(TileDriver *driver, const char *path,
                                 char *reason, size_t reasonCapacity);

/// Closes the library `tileDriverOpen` opened, if any.
void tileDriverClose(TileDriver *driver);

/// Returns the driver's name for `result` ("CUDA_ERROR_INVALID_VALUE") and
/// its description, or "CUresult <n>" / "" when the driver does not know it.
/// `nameBuffer` holds the fallback name; both results are borrowed.
void tileDriverDescribeResult(const TileDriver *driver, CUresult result,
                              char *nameBuffer, size_t nameCapacity,
                              const char **name, const char **description);

//===----------------------------------------------------------------------===//
// Objects behind the handles
//===----------------------------------------------------------------------===//

#define TILE_OBJECT_MAGIC 0x71e5ca1eu

typedef enum TileObjectKind {
  TILE_OBJECT_MODULE,
  TILE_OBJECT_STREAM,
  TILE_OBJECT_EVENT,
  TILE_OBJECT_KERNEL_ARGS,
} TileObjectKind;

typedef struct TileRuntimeImpl TileRuntimeImpl;

typedef struct TileObject {
  uint32_t magic;
  TileObjectKind kind;
  TileRuntimeImpl *runtime;
  struct TileObject *previous, *next;
} TileObject;

typedef struct TileKernelImpl {
  uint32_t magic;
  struct TileModuleImpl *module;
  struct TileKernelImpl *next;
  CUfunction function;
  char *name;
  int staticSharedBytes;
  int maxThreadsPerBlock;
  /// Dynamic shared bytes a launch may use without raising the attribute.
  size_t dynamicSharedAllowed;
  /// Parameter count and sizes from cuFuncGetParamInfo; -1 when unknown.
  int parameterCount;
  uint32_t *parameterSizes;
} TileKernelImpl;

typedef struct TileModuleImpl {
  TileObject object;
  CUmodule module;
  char *infoLog;
  TileKernelImpl *kernels;
} TileModuleImpl;

typedef struct TileStreamImpl {
  TileObject object;
  CUstream stream;
  int borrowed; /* from tileStreamWrap: its owner destroys the CUstream */
} TileStreamImpl;

typedef struct TileEventImpl {
  TileObject object;
  CUevent event;
  int recorded;
} TileEventImpl;

typedef struct TileKernelArgsImpl {
  TileObject object;
  /* Values live here at their alignment; the struct is allocated 128-byte
   * aligned so offsets within storage are alignments in memory too. */
  _Alignas(128) unsigned char storage[TILE_KERNEL_ARGS_MAX_BYTES];
  size_t usedBytes;
  int count;
  void *pointers[TILE_KERNEL_ARGS_MAX_COUNT];
  uint32_t sizes[TILE_KERNEL_ARGS_MAX_COUNT];
} TileKernelArgsImpl;

struct TileRuntimeImpl {
  TileDriver driver;
  /* SUCCESS once the driver and device are usable; otherwise the status
   * and message every call that needs the driver repeats. */
  TileRuntimeStatus unavailableStatus;
  char *unavailableMessage;
  CUdevice device;
  CUcontext context;
  int maxThreadsPerBlock;
  int maxSharedBytesPerBlockOptin;
  char deviceName[256];
  /* The last error: message (empty after a successful call) and the
   * CUresult behind it. */
  char *message;
  size_t messageCapacity;
  int lastDriverResult;
  TileRuntimeErrorCallback callback;
  void *callbackUserData;
  TileObject objects; /* sentinel of the circular list of live objects */
};

/// Forgets the last error; every status-returning entry point starts here.
void tileRuntimeClearError(TileRuntimeImpl *runtime);

/// Records a formatted error, tells the callback, and returns `status`.
/// The format should start with "tile runtime: ".
TileRuntimeStatus tileRuntimeFail(TileRuntimeImpl *runtime,
                                  TileRuntimeStatus status, const char *format,
                                  ...) __attribute__((format(printf, 3, 4)));

/// Records "tile runtime: <call> failed: <CUDA_ERROR_X>: <description>[; hint]"
/// with status DRIVER (or `status` if not SUCCESS) and returns it.
TileRuntimeStatus tileRuntimeFailDriver(TileRuntimeImpl *runtime,
                                        TileRuntimeStatus status,
                                        CUresult result, const char *call,
                                        const char *hint);

/// Returns SUCCESS for CUDA_SUCCESS; otherwise records the failure of `call`
/// as tileRuntimeFailDriver does with status DRIVER and returns DRIVER.
TileRuntimeStatus tileRuntimeCheckDriver(TileRuntimeImpl *runtime,
                                         CUresult result, const char *call,
                                         const char *hint);

/// Records INVALID_ARGUMENT with "tile runtime: <function>: <name> is NULL;
/// pass <remedy>" and returns it, for a missing pointer argument.
TileRuntimeStatus tileRuntimeFailNull(TileRuntimeImpl *runtime,
                                      const char *function, const char *name,
                                      const char *remedy);

/// Starts every status-returning entry point: declares `runtime` from the
/// handle, returns INVALID_ARGUMENT for a null one, and forgets the last error.
#define TILE_RUNTIME_BEGIN(handle)                                             \
  TileRuntimeImpl *runtime = (handle).ptr;                                     \
  if (!runtime)                                                                \
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;                                \
  tileRuntimeClearError(runtime)

/// Returns SUCCESS when the driver is usable and the runtime's context is
/// current on this thread; otherwise records why and returns the status.
TileRuntimeStatus tileRuntimeEnter(TileRuntimeImpl *runtime);

/// Links a new object into the runtime's list.
void tileRuntimeAddObject(TileRuntimeImpl *runtime, TileObject *object,
                          TileObjectKind kind);
/// Unlinks an object and clears its magic.
void tileRuntimeRemoveObject(TileObject *object);

/// Returns the object behind `pointer` if it is a live object of `kind` made
/// by `runtime`; otherwise records INVALID_ARGUMENT naming `function` and
/// `what` and returns NULL.
TileObject *tileRuntimeCheckObject(TileRuntimeImpl *runtime, void *pointer,
                                   TileObjectKind kind, const char *function,
                                   const char *what);

/// Returns the kernel behind the handle if it is alive and its module
/// belongs to `runtime`; otherwise records INVALID_ARGUMENT and returns NULL.
TileKernelImpl *tileKernelCheck(TileRuntimeImpl *runtime, TileKernel kernel,
                                const char *function);

/// Raises the kernel's dynamic shared-memory limit to `bytes`, or records
/// SHARED_MEMORY_LIMIT when the device cannot give that much. The runtime's
/// context must be current.
TileRuntimeStatus tileKernelRaiseDynamicShared(TileRuntimeImpl *runtime,
                                               TileKernelImpl *kernel,
                                               size_t bytes);

/// Frees a live object of any kind and, when the driver is usable, releases
/// its driver object (`call` names the release for the error). Returns
/// INVALID_ARGUMENT for a NULL `object` (already recorded by the check that
/// produced it), the status of entering the runtime, or the release's.
TileRuntimeStatus tileRuntimeDestroyObject(TileRuntimeImpl *runtime,
                                           TileObject *object,
                                           const char *call);

/// Unlinks and frees an object of any kind, first releasing its driver
/// object (module, stream, event) when `release`. Returns the release's
/// CUresult.
CUresult tileRuntimeFreeObject(TileObject *object, int release);

/// Frees what a module owns besides itself: its kernels and its info log.
void tileModuleFreeContents(TileModuleImpl *module);

/// Returns the CUstream of a stream handle (NULL for the default stream), or
/// records an error and sets `*status`.
CUstream tileStreamResolve(TileRuntimeImpl *runtime, TileStream stream,
                           const char *function, TileRuntimeStatus *status);

#endif // TILE_RUNTIME_INTERNAL_H
