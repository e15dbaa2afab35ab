/* The runtime object: opening the driver, choosing a device and retaining
 * its primary context, the last-error message every call reports into, and
 * the list of live objects that tileRuntimeDestroy sweeps.
 *
 * Invariants: `message` is always a NUL-terminated buffer (empty after a
 * successful call); when `unavailableStatus` is not SUCCESS the driver table
 * may be partly empty and no driver function is called except to tear down
 * what was set up. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILE_DEFAULT_DRIVER_LIBRARY "libcuda.so.1"
#define TILE_INITIAL_MESSAGE_CAPACITY 512

static const char nullRuntimeMessage[] =
    "tile runtime: the runtime handle is null; create one with "
    "tileRuntimeCreate";

const char *tileRuntimeStatusGetName(TileRuntimeStatus status) {
  switch (status) {
  case TILE_RUNTIME_SUCCESS:
    return "TILE_RUNTIME_SUCCESS";
  case TILE_RUNTIME_ERROR_INVALID_ARGUMENT:
    return "TILE_RUNTIME_ERROR_INVALID_ARGUMENT";
  case TILE_RUNTIME_ERROR_NO_DRIVER:
    return "TILE_RUNTIME_ERROR_NO_DRIVER";
  case TILE_RUNTIME_ERROR_NO_DEVICE:
    return "TILE_RUNTIME_ERROR_NO_DEVICE";
  case TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY:
    return "TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY";
  case TILE_RUNTIME_ERROR_MODULE_LOAD:
    return "TILE_RUNTIME_ERROR_MODULE_LOAD";
  case TILE_RUNTIME_ERROR_KERNEL_NOT_FOUND:
    return "TILE_RUNTIME_ERROR_KERNEL_NOT_FOUND";
  case TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT:
    return "TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT";
  case TILE_RUNTIME_ERROR_DRIVER:
    return "TILE_RUNTIME_ERROR_DRIVER";
  case TILE_RUNTIME_ERROR_UNSUPPORTED:
    return "TILE_RUNTIME_ERROR_UNSUPPORTED";
  }
  return "TILE_RUNTIME_ERROR_UNKNOWN_STATUS";
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

void tileRuntimeClearError(TileRuntimeImpl *runtime) {
  runtime->message[0] = '\0';
  runtime->lastDriverResult = CUDA_SUCCESS;
}

/* Makes room for `length` characters plus the terminator; on failure keeps
 * the old buffer, and the message is truncated to fit it. */
static void reserveMessage(TileRuntimeImpl *runtime, size_t length) {
  if (length < runtime->messageCapacity)
    return;
  char *grown = realloc(runtime->message, length + 1);
  if (!grown)
    return;
  runtime->message = grown;
  runtime->messageCapacity = length + 1;
}

static TileRuntimeStatus recordMessage(TileRuntimeImpl *runtime,
                                       TileRuntimeStatus status,
                                       const char *format, va_list arguments) {
  va_list measure;
  va_copy(measure, arguments);
  int length = vsnprintf(NULL, 0, format, measure);
  va_end(measure);
  if (length < 0)
    length = 0;
  reserveMessage(runtime, (size_t)length);
  vsnprintf(runtime->message, runtime->messageCapacity, format, arguments);
  if (runtime->callback) {
    TileRuntimeStringRef message = {runtime->message, strlen(runtime->message)};
    runtime->callback(status, message, runtime->callbackUserData);
  }
  return status;
}

TileRuntimeStatus tileRuntimeFail(TileRuntimeImpl *runtime,
                                  TileRuntimeStatus status, const char *format,
                                  ...) {
  va_list arguments;
  va_start(arguments, format);
  recordMessage(runtime, status, format, arguments);
  va_end(arguments);
  return status;
}

TileRuntimeStatus tileRuntimeFailDriver(TileRuntimeImpl *runtime,
                                        TileRuntimeStatus status,
                                        CUresult result, const char *call,
                                        const char *hint) {
  char nameBuffer[32];
  const char *name, *description;
  tileDriverDescribeResult(&runtime->driver, result, nameBuffer,
                           sizeof(nameBuffer), &name, &description);
  if (status == TILE_RUNTIME_SUCCESS)
    status = TILE_RUNTIME_ERROR_DRIVER;
  /* A failed device-side assert is not a fault to hunt for: say what it is. */
  if (result == CUDA_ERROR_ASSERT)
    hint = "a tile.assert in a kernel launched earlier failed (the device printed "
           "which one, with its source location); the CUDA context cannot run "
           "anything more, so destroy the runtime and start a new process";
  tileRuntimeFail(runtime, status, "tile runtime: %s failed: %s%s%s%s%s", call,
                  name, description[0] ? ": " : "", description,
                  hint ? "; " : "", hint ? hint : "");
  runtime->lastDriverResult = result;
  return status;
}

TileRuntimeStatus tileRuntimeCheckDriver(TileRuntimeImpl *runtime,
                                         CUresult result, const char *call,
                                         const char *hint) {
  if (result == CUDA_SUCCESS)
    return TILE_RUNTIME_SUCCESS;
  return tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result, call,
                               hint);
}

TileRuntimeStatus tileRuntimeFailNull(TileRuntimeImpl *runtime,
                                      const char *function, const char *name,
                                      const char *remedy) {
  return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                         "tile runtime: %s: %s is NULL; pass %s", function,
                         name, remedy);
}

TileRuntimeStatus tileRuntimeEnter(TileRuntimeImpl *runtime) {
  if (runtime->unavailableStatus != TILE_RUNTIME_SUCCESS)
    return tileRuntimeFail(runtime, runtime->unavailableStatus, "%s",
                           runtime->unavailableMessage);
  CUcontext current = NULL;
  CUresult result = runtime->driver.cuCtxGetCurrent(&current);
  if (result == CUDA_SUCCESS && current == runtime->context)
    return TILE_RUNTIME_SUCCESS;
  result = runtime->driver.cuCtxSetCurrent(runtime->context);
  return tileRuntimeCheckDriver(runtime, result, "cuCtxSetCurrent",
                                "the device's primary context is unusable; "
                                "destroy the runtime and create a new one");
}

//===----------------------------------------------------------------------===//
// Objects
//===----------------------------------------------------------------------===//

void tileRuntimeAddObject(TileRuntimeImpl *runtime, TileObject *object,
                          TileObjectKind kind) {
  object->magic = TILE_OBJECT_MAGIC;
  object->kind = kind;
  object->runtime = runtime;
  object->previous = &runtime->objects;
  object->next = runtime->objects.next;
  runtime->objects.next->previous = object;
  runtime->objects.next = object;
}

void tileRuntimeRemoveObject(TileObject *object) {
  object->previous->next = object->next;
  object->next->previous = object->previous;
  object->magic = 0;
  object->previous = object->next = NULL;
}

static const char *objectKindName(TileObjectKind kind) {
  switch (kind) {
  case TILE_OBJECT_MODULE:
    return "TileModule";
  case TILE_OBJECT_STREAM:
    return "TileStream";
  case TILE_OBJECT_EVENT:
    return "TileEvent";
  case TILE_OBJECT_KERNEL_ARGS:
    return "TileKernelArgs";
  }
  return "object";
}

TileObject *tileRuntimeCheckObject(TileRuntimeImpl *runtime, void *pointer,
                                   TileObjectKind kind, const char *function,
                                   const char *what) {
  TileObject *object = pointer;
  if (!object) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: %s: %s is a null %s; pass one made by "
                    "this runtime",
                    function, what, objectKindName(kind));
    return NULL;
  }
  if (object->magic != TILE_OBJECT_MAGIC || object->kind != kind) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: %s: %s is not a live %s (destroyed "
                    "already, or a handle of another kind)",
                    function, what, objectKindName(kind));
    return NULL;
  }
  if (object->runtime != runtime) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: %s: %s belongs to another runtime; pass "
                    "the runtime that made it",
                    function, what);
    return NULL;
  }
  return object;
}

//===----------------------------------------------------------------------===//
// Create and destroy
//===----------------------------------------------------------------------===//

/* Marks the runtime unusable with the message just recorded, which every
 * later call that needs the driver repeats. */
static TileRuntimeStatus markUnavailable(TileRuntimeImpl *runtime,
                                         TileRuntimeStatus status) {
  runtime->unavailableStatus = status;
  size_t length = strlen(runtime->message);
  runtime->unavailableMessage = malloc(length + 1);
  if (runtime->unavailableMessage)
    memcpy(runtime->unavailableMessage, runtime->message, length + 1);
  else
    runtime->unavailableStatus = TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY;
  return status;
}

static TileRuntimeStatus initializeDriver(TileRuntimeImpl *runtime,
                                          const char *path) {
  char reason[1024];
  TileRuntimeStatus status =
      tileDriverOpen(&runtime->driver, path, reason, sizeof(reason));
  if (status != TILE_RUNTIME_SUCCESS)
    return tileRuntimeFail(runtime, status, "%s", reason);
  CUresult result = runtime->driver.cuInit(0);
  if (result == CUDA_ERROR_NO_DEVICE)
    return tileRuntimeFailDriver(
        runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
        "no CUDA device found: cuInit",
        "run on a GPU machine, or check CUDA_VISIBLE_DEVICES");
  if (result == CUDA_ERROR_STUB_LIBRARY)
    return tileRuntimeFailDriver(
        runtime, TILE_RUNTIME_ERROR_NO_DRIVER, result, "no CUDA driver: cuInit",
        "the library opened is the CUDA toolkit's stub, not a driver; "
        "install the NVIDIA driver or run on a GPU machine");
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(
        runtime, TILE_RUNTIME_ERROR_NO_DRIVER, result, "no CUDA driver: cuInit",
        "check that the NVIDIA kernel module matches the driver library");
  return TILE_RUNTIME_SUCCESS;
}

static TileRuntimeStatus queryDeviceAttribute(TileRuntimeImpl *runtime,
                                              int attribute, const char *name,
                                              int *value) {
  CUresult result =
      runtime->driver.cuDeviceGetAttribute(value, attribute, runtime->device);
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
                                 name, NULL);
  return TILE_RUNTIME_SUCCESS;
}

static TileRuntimeStatus openDevice(TileRuntimeImpl *runtime, int ordinal) {
  TileDriver *driver = &runtime->driver;
  int count = 0;
  CUresult result = driver->cuDeviceGetCount(&count);
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
                                 "cuDeviceGetCount", NULL);
  if (count == 0)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_NO_DEVICE,
                           "tile runtime: no CUDA device found; run on a GPU "
                           "machine, or check CUDA_VISIBLE_DEVICES");
  if (ordinal >= count)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_NO_DEVICE,
                           "tile runtime: no CUDA device %d: the driver sees "
                           "%d device(s); pass a deviceOrdinal below %d",
                           ordinal, count, count);
  result = driver->cuDeviceGet(&runtime->device, ordinal);
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
                                 "cuDeviceGet", NULL);
  result = driver->cuDeviceGetName(
      runtime->deviceName, (int)sizeof(runtime->deviceName), runtime->device);
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
                                 "cuDeviceGetName", NULL);
  TileRuntimeStatus status =
      queryDeviceAttribute(runtime, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
                           "cuDeviceGetAttribute(MAX_THREADS_PER_BLOCK)",
                           &runtime->maxThreadsPerBlock);
  if (status == TILE_RUNTIME_SUCCESS)
    status = queryDeviceAttribute(
        runtime, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
        "cuDeviceGetAttribute(MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)",
        &runtime->maxSharedBytesPerBlockOptin);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  result = driver->cuDevicePrimaryCtxRetain(&runtime->context, runtime->device);
  if (result != CUDA_SUCCESS) {
    runtime->context = NULL;
    return tileRuntimeFailDriver(
        runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
        "cuDevicePrimaryCtxRetain",
        "the device may be in exclusive-process mode and taken by another "
        "process");
  }
  result = driver->cuCtxSetCurrent(runtime->context);
  if (result != CUDA_SUCCESS)
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_NO_DEVICE, result,
                                 "cuCtxSetCurrent", NULL);
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileRuntimeCreate(const TileRuntimeOptions *options,
                                    TileRuntime *runtimeOut) {
  if (!runtimeOut)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  runtimeOut->ptr = NULL;
  TileRuntimeImpl *runtime = calloc(1, sizeof(*runtime));
  if (!runtime)
    return TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY;
  runtime->message = calloc(1, TILE_INITIAL_MESSAGE_CAPACITY);
  if (!runtime->message) {
    free(runtime);
    return TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY;
  }
  runtime->messageCapacity = TILE_INITIAL_MESSAGE_CAPACITY;
  runtime->objects.next = runtime->objects.previous = &runtime->objects;
  runtimeOut->ptr = runtime;

  int ordinal = options ? options->deviceOrdinal : 0;
  const char *path = options && options->driverLibraryPath
                         ? options->driverLibraryPath
                         : TILE_DEFAULT_DRIVER_LIBRARY;
  if (ordinal < 0) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: tileRuntimeCreate: deviceOrdinal is %d; "
                    "pass 0 or a larger device number",
                    ordinal);
    return markUnavailable(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT);
  }
  TileRuntimeStatus status = initializeDriver(runtime, path);
  if (status == TILE_RUNTIME_SUCCESS)
    status = openDevice(runtime, ordinal);
  if (status != TILE_RUNTIME_SUCCESS)
    return markUnavailable(runtime, status);
  return TILE_RUNTIME_SUCCESS;
}

/* Releases the driver's half of an object; argument lists have none. */
static CUresult releaseDriverObject(TileObject *object) {
  TileDriver *driver = &object->runtime->driver;
  switch (object->kind) {
  case TILE_OBJECT_MODULE:
    return driver->cuModuleUnload(((TileModuleImpl *)object)->module);
  case TILE_OBJECT_STREAM:
    if (((TileStreamImpl *)object)->borrowed)
      return CUDA_SUCCESS;
    return driver->cuStreamDestroy(((TileStreamImpl *)object)->stream);
  case TILE_OBJECT_EVENT:
    return driver->cuEventDestroy(((TileEventImpl *)object)->event);
  case TILE_OBJECT_KERNEL_ARGS:
    return CUDA_SUCCESS;
  }
  return CUDA_SUCCESS;
}

CUresult tileRuntimeFreeObject(TileObject *object, int release) {
  CUresult result = release ? releaseDriverObject(object) : CUDA_SUCCESS;
  if (object->kind == TILE_OBJECT_MODULE)
    tileModuleFreeContents((TileModuleImpl *)object);
  tileRuntimeRemoveObject(object);
  free(object);
  return result;
}

TileRuntimeStatus tileRuntimeDestroyObject(TileRuntimeImpl *runtime,
                                           TileObject *object,
                                           const char *call) {
  if (!object)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  /* Without a usable driver there is nothing to release; free host memory. */
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  CUresult result =
      tileRuntimeFreeObject(object, status == TILE_RUNTIME_SUCCESS);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(runtime, result, call, NULL);
}

TileRuntimeStatus tileRuntimeDestroy(TileRuntime handle) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status = TILE_RUNTIME_SUCCESS;
  int release = runtime->unavailableStatus == TILE_RUNTIME_SUCCESS &&
                tileRuntimeEnter(runtime) == TILE_RUNTIME_SUCCESS;
  while (runtime->objects.next != &runtime->objects) {
    CUresult result = tileRuntimeFreeObject(runtime->objects.next, release);
    if (result != CUDA_SUCCESS && status == TILE_RUNTIME_SUCCESS)
      status =
          tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result,
                                "tileRuntimeDestroy: freeing an object", NULL);
  }
  if (runtime->context) {
    CUresult result =
        runtime->driver.cuDevicePrimaryCtxRelease(runtime->device);
    if (result != CUDA_SUCCESS && status == TILE_RUNTIME_SUCCESS)
      status = tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result,
                                     "cuDevicePrimaryCtxRelease", NULL);
  }
  tileDriverClose(&runtime->driver);
  free(runtime->unavailableMessage);
  free(runtime->message);
  free(runtime);
  return status;
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

const char *tileRuntimeGetLastError(TileRuntime handle) {
  TileRuntimeImpl *runtime = handle.ptr;
  return runtime ? runtime->message : nullRuntimeMessage;
}

int tileRuntimeGetLastDriverResult(TileRuntime handle) {
  TileRuntimeImpl *runtime = handle.ptr;
  return runtime ? runtime->lastDriverResult : CUDA_SUCCESS;
}

TileRuntimeStatus tileRuntimeSetErrorCallback(TileRuntime handle,
                                              TileRuntimeErrorCallback callback,
                                              void *userData) {
  TileRuntimeImpl *runtime = handle.ptr;
  if (!runtime)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  runtime->callback = callback;
  runtime->callbackUserData = userData;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileRuntimeGetDeviceInfo(TileRuntime handle,
                                           TileDeviceInfo *info) {
  TILE_RUNTIME_BEGIN(handle);
  if (!info)
    return tileRuntimeFailNull(runtime, "tileRuntimeGetDeviceInfo", "info",
                               "a TileDeviceInfo to fill");
  memset(info, 0, sizeof(*info));
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  memcpy(info->name, runtime->deviceName, sizeof(info->name));
  info->maxThreadsPerBlock = runtime->maxThreadsPerBlock;
  info->maxSharedBytesPerBlockOptin = runtime->maxSharedBytesPerBlockOptin;
  status = queryDeviceAttribute(
      runtime, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
      "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MAJOR)",
      &info->computeCapabilityMajor);
  if (status == TILE_RUNTIME_SUCCESS)
    status = queryDeviceAttribute(
        runtime, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
        "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MINOR)",
        &info->computeCapabilityMinor);
  if (status == TILE_RUNTIME_SUCCESS)
    status =
        queryDeviceAttribute(runtime, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                             "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)",
                             &info->multiprocessorCount);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  CUresult result = runtime->driver.cuDeviceTotalMem(&info->totalMemoryBytes,
                                                     runtime->device);
  status = tileRuntimeCheckDriver(runtime, result, "cuDeviceTotalMem", NULL);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  result = runtime->driver.cuDriverGetVersion(&info->driverVersion);
  return tileRuntimeCheckDriver(runtime, result, "cuDriverGetVersion", NULL);
}

TileRuntimeStatus tileRuntimeSynchronize(TileRuntime handle) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  CUresult result = runtime->driver.cuCtxSynchronize();
  return tileRuntimeCheckDriver(runtime, result, "cuCtxSynchronize",
                                "a kernel launched earlier faulted; run it "
                                "under compute-sanitizer to find where");
}
