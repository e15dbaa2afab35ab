/* Device memory, streams and timing events: thin checked wrappers over the
 * driver calls of the same names. Device memory is not tracked (a
 * TileDevicePtr is the raw address the driver returned); streams and events
 * are runtime objects, so tileRuntimeDestroy frees any left over. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

/* Copies and fills report faults of earlier kernels, which is where an
 * out-of-bounds store usually shows up. */
static const char asyncFaultHint[] =
    "if the error names an illegal address, a kernel launched earlier "
    "faulted; run it under compute-sanitizer";

/* Streams and events are created in three steps: check where the handle
 * goes and clear it, allocate the object, then register it if the driver
 * made its half. */
static TileRuntimeStatus beginCreate(TileRuntimeImpl *runtime, void **handle,
                                     const char *function, const char *name) {
  if (!handle) {
    char remedy[64];
    snprintf(remedy, sizeof(remedy), "where to store the new %s", name);
    return tileRuntimeFailNull(runtime, function, name, remedy);
  }
  *handle = NULL;
  return tileRuntimeEnter(runtime);
}

static void *allocateObject(TileRuntimeImpl *runtime, size_t size,
                            const char *what) {
  void *object = calloc(1, size);
  if (!object)
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                    "tile runtime: out of host memory creating %s", what);
  return object;
}

/* beginCreate, then a zeroed object of `size` bytes (`description` names it
 * in the out-of-memory message); null with `*status` set on failure. */
static void *beginObject(TileRuntimeImpl *runtime, void **handle, size_t size,
                         const char *function, const char *name, const char *description,
                         TileRuntimeStatus *status) {
  *status = beginCreate(runtime, handle, function, name);
  if (*status != TILE_RUNTIME_SUCCESS)
    return NULL;
  void *object = allocateObject(runtime, size, description);
  if (!object)
    *status = TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY;
  return object;
}

static TileRuntimeStatus finishCreate(TileRuntimeImpl *runtime,
                                      TileObject *object, TileObjectKind kind,
                                      CUresult result, const char *call,
                                      void **handle) {
  if (result != CUDA_SUCCESS) {
    free(object);
    return tileRuntimeCheckDriver(runtime, result, call, NULL);
  }
  tileRuntimeAddObject(runtime, object, kind);
  *handle = object;
  return TILE_RUNTIME_SUCCESS;
}

//===----------------------------------------------------------------------===//
// Device memory
//===----------------------------------------------------------------------===//

TileRuntimeStatus tileMemoryAllocate(TileRuntime handle, size_t bytes,
                                     TileDevicePtr *pointer) {
  TILE_RUNTIME_BEGIN(handle);
  if (!pointer)
    return tileRuntimeFailNull(runtime, "tileMemoryAllocate", "pointer",
                               "where to store the address");
  *pointer = 0;
  if (bytes == 0)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryAllocate: size is 0; "
                           "allocate at least one byte");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  CUdeviceptr address = 0;
  CUresult result = runtime->driver.cuMemAlloc(&address, bytes);
  if (result != CUDA_SUCCESS) {
    char call[64];
    snprintf(call, sizeof(call), "cuMemAlloc(%zu bytes)", bytes);
    return tileRuntimeCheckDriver(runtime, result, call,
                                  result == CUDA_ERROR_OUT_OF_MEMORY
                                      ? "free device memory or allocate less"
                                      : NULL);
  }
  *pointer = address;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileMemoryFree(TileRuntime handle, TileDevicePtr pointer) {
  TILE_RUNTIME_BEGIN(handle);
  if (!pointer)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryFree: the address is 0; "
                           "pass one from tileMemoryAllocate");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(
      runtime, runtime->driver.cuMemFree(pointer), "cuMemFree",
      "pass an address from tileMemoryAllocate, once");
}

TileRuntimeStatus tileMemoryCopyToDevice(TileRuntime handle,
                                         TileDevicePtr destination,
                                         const void *source, size_t bytes) {
  TILE_RUNTIME_BEGIN(handle);
  if (!destination || !source)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryCopyToDevice: the %s is "
                           "null; pass a device address and a host buffer",
                           destination ? "host source" : "device destination");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(
      runtime, runtime->driver.cuMemcpyHtoD(destination, source, bytes),
      "cuMemcpyHtoD", asyncFaultHint);
}

TileRuntimeStatus tileMemoryCopyToHost(TileRuntime handle, void *destination,
                                       TileDevicePtr source, size_t bytes) {
  TILE_RUNTIME_BEGIN(handle);
  if (!destination || !source)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryCopyToHost: the %s is "
                           "null; pass a host buffer and a device address",
                           destination ? "device source" : "host destination");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(
      runtime, runtime->driver.cuMemcpyDtoH(destination, source, bytes),
      "cuMemcpyDtoH", asyncFaultHint);
}

TileRuntimeStatus tileMemorySet(TileRuntime handle, TileDevicePtr destination,
                                uint8_t value, size_t bytes) {
  TILE_RUNTIME_BEGIN(handle);
  if (!destination)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemorySet: the device address "
                           "is 0; pass one from tileMemoryAllocate");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(
      runtime, runtime->driver.cuMemsetD8(destination, value, bytes),
      "cuMemsetD8", asyncFaultHint);
}

//===----------------------------------------------------------------------===//
// Streams
//===----------------------------------------------------------------------===//

CUstream tileStreamResolve(TileRuntimeImpl *runtime, TileStream stream,
                           const char *function, TileRuntimeStatus *status) {
  *status = TILE_RUNTIME_SUCCESS;
  if (!stream.ptr)
    return NULL;
  TileStreamImpl *impl = (TileStreamImpl *)tileRuntimeCheckObject(
      runtime, stream.ptr, TILE_OBJECT_STREAM, function, "stream");
  if (!impl) {
    *status = TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
    return NULL;
  }
  return impl->stream;
}

TileRuntimeStatus tileStreamCreate(TileRuntime handle, TileStream *stream) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status;
  TileStreamImpl *impl = beginObject(runtime, stream ? &stream->ptr : NULL, sizeof(*impl),
                                     "tileStreamCreate", "stream", "a stream", &status);
  if (!impl)
    return status;
  CUresult result =
      runtime->driver.cuStreamCreate(&impl->stream, CU_STREAM_NON_BLOCKING);
  return finishCreate(runtime, &impl->object, TILE_OBJECT_STREAM, result,
                      "cuStreamCreate", &stream->ptr);
}

TileRuntimeStatus tileStreamWrap(TileRuntime handle, void *cudaStream,
                                 TileStream *stream) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status;
  TileStreamImpl *impl = beginObject(runtime, stream ? &stream->ptr : NULL, sizeof(*impl),
                                     "tileStreamWrap", "stream", "a stream", &status);
  if (!impl)
    return status;
  impl->stream = (CUstream)cudaStream;
  impl->borrowed = 1;
  return finishCreate(runtime, &impl->object, TILE_OBJECT_STREAM, CUDA_SUCCESS,
                      "tileStreamWrap", &stream->ptr);
}

TileRuntimeStatus tileStreamDestroy(TileRuntime handle, TileStream stream) {
  TILE_RUNTIME_BEGIN(handle);
  return tileRuntimeDestroyObject(
      runtime,
      tileRuntimeCheckObject(runtime, stream.ptr, TILE_OBJECT_STREAM,
                             "tileStreamDestroy", "stream"),
      "cuStreamDestroy");
}

TileRuntimeStatus tileStreamSynchronize(TileRuntime handle, TileStream stream) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status;
  CUstream cuStream =
      tileStreamResolve(runtime, stream, "tileStreamSynchronize", &status);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(runtime,
                                runtime->driver.cuStreamSynchronize(cuStream),
                                "cuStreamSynchronize", asyncFaultHint);
}

//===----------------------------------------------------------------------===//
// Events
//===----------------------------------------------------------------------===//

static TileEventImpl *checkEvent(TileRuntimeImpl *runtime, TileEvent event,
                                 const char *function, const char *what) {
  return (TileEventImpl *)tileRuntimeCheckObject(
      runtime, event.ptr, TILE_OBJECT_EVENT, function, what);
}

TileRuntimeStatus tileEventCreate(TileRuntime handle, TileEvent *event) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status;
  TileEventImpl *impl = beginObject(runtime, event ? &event->ptr : NULL, sizeof(*impl),
                                    "tileEventCreate", "event", "an event", &status);
  if (!impl)
    return status;
  CUresult result =
      runtime->driver.cuEventCreate(&impl->event, CU_EVENT_DEFAULT);
  return finishCreate(runtime, &impl->object, TILE_OBJECT_EVENT, result,
                      "cuEventCreate", &event->ptr);
}

TileRuntimeStatus tileEventDestroy(TileRuntime handle, TileEvent event) {
  TILE_RUNTIME_BEGIN(handle);
  TileEventImpl *impl = checkEvent(runtime, event, "tileEventDestroy", "event");
  return tileRuntimeDestroyObject(runtime, impl ? &impl->object : NULL,
                                  "cuEventDestroy");
}

TileRuntimeStatus tileEventRecord(TileRuntime handle, TileEvent event,
                                  TileStream stream) {
  TILE_RUNTIME_BEGIN(handle);
  TileEventImpl *impl = checkEvent(runtime, event, "tileEventRecord", "event");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status;
  CUstream cuStream =
      tileStreamResolve(runtime, stream, "tileEventRecord", &status);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeCheckDriver(
      runtime, runtime->driver.cuEventRecord(impl->event, cuStream),
      "cuEventRecord", NULL);
  if (status == TILE_RUNTIME_SUCCESS)
    impl->recorded = 1;
  return status;
}

TileRuntimeStatus tileEventSynchronize(TileRuntime handle, TileEvent event) {
  TILE_RUNTIME_BEGIN(handle);
  TileEventImpl *impl =
      checkEvent(runtime, event, "tileEventSynchronize", "event");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(runtime,
                                runtime->driver.cuEventSynchronize(impl->event),
                                "cuEventSynchronize", asyncFaultHint);
}

TileRuntimeStatus tileEventElapsedMilliseconds(TileRuntime handle,
                                               TileEvent start, TileEvent end,
                                               float *milliseconds) {
  TILE_RUNTIME_BEGIN(handle);
  const char *function = "tileEventElapsedMilliseconds";
  if (!milliseconds)
    return tileRuntimeFailNull(runtime, function, "milliseconds",
                               "where to store the time");
  *milliseconds = 0.0f;
  TileEventImpl *startImpl = checkEvent(runtime, start, function, "start");
  if (!startImpl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileEventImpl *endImpl = checkEvent(runtime, end, function, "end");
  if (!endImpl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  if (!startImpl->recorded || !endImpl->recorded)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: %s: the %s event was never "
                           "recorded; call tileEventRecord on it first",
                           function, startImpl->recorded ? "end" : "start");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeCheckDriver(
      runtime, runtime->driver.cuEventSynchronize(endImpl->event),
      "cuEventSynchronize", asyncFaultHint);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileRuntimeCheckDriver(
      runtime,
      runtime->driver.cuEventElapsedTime(milliseconds, startImpl->event,
                                         endImpl->event),
      "cuEventElapsedTime", NULL);
}
