/* Device memory, streams and timing events: thin checked wrappers over the
 * driver calls of the same names. Device memory is not tracked (a
 * TileDevicePtr is the raw address the driver returned); streams and events
 * are runtime objects, so tileRuntimeDestroy frees any left over. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

/* Every call here starts the same way: a live runtime, no stale error. */
#define TILE_BEGIN(handle)                                                     \
  TileRuntimeImpl *runtime = (handle).ptr;                                     \
  if (!runtime)                                                                \
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;                                \
  tileRuntimeClearError(runtime)

static TileRuntimeStatus checkDriverResult(TileRuntimeImpl *runtime,
                                           CUresult result, const char *call,
                                           const char *hint) {
  if (result == CUDA_SUCCESS)
    return TILE_RUNTIME_SUCCESS;
  return tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result, call,
                               hint);
}

/* Copies and fills report faults of earlier kernels, which is where an
 * out-of-bounds store usually shows up. */
static const char asyncFaultHint[] =
    "if the error names an illegal address, a kernel launched earlier "
    "faulted; run it under compute-sanitizer";

//===----------------------------------------------------------------------===//
// Device memory
//===----------------------------------------------------------------------===//

TileRuntimeStatus tileMemoryAllocate(TileRuntime handle, size_t bytes,
                                     TileDevicePtr *pointer) {
  TILE_BEGIN(handle);
  if (!pointer)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryAllocate: pointer is "
                           "NULL; pass where to store the address");
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
    return checkDriverResult(runtime, result, call,
                             result == CUDA_ERROR_OUT_OF_MEMORY
                                 ? "free device memory or allocate less"
                                 : NULL);
  }
  *pointer = address;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileMemoryFree(TileRuntime handle, TileDevicePtr pointer) {
  TILE_BEGIN(handle);
  if (!pointer)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryFree: the address is 0; "
                           "pass one from tileMemoryAllocate");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime, runtime->driver.cuMemFree(pointer),
                           "cuMemFree",
                           "pass an address from tileMemoryAllocate, once");
}

TileRuntimeStatus tileMemoryCopyToDevice(TileRuntime handle,
                                         TileDevicePtr destination,
                                         const void *source, size_t bytes) {
  TILE_BEGIN(handle);
  if (!destination || !source)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryCopyToDevice: the %s is "
                           "null; pass a device address and a host buffer",
                           destination ? "host source" : "device destination");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(
      runtime, runtime->driver.cuMemcpyHtoD(destination, source, bytes),
      "cuMemcpyHtoD", asyncFaultHint);
}

TileRuntimeStatus tileMemoryCopyToHost(TileRuntime handle, void *destination,
                                       TileDevicePtr source, size_t bytes) {
  TILE_BEGIN(handle);
  if (!destination || !source)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemoryCopyToHost: the %s is "
                           "null; pass a host buffer and a device address",
                           destination ? "device source" : "host destination");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(
      runtime, runtime->driver.cuMemcpyDtoH(destination, source, bytes),
      "cuMemcpyDtoH", asyncFaultHint);
}

TileRuntimeStatus tileMemorySet(TileRuntime handle, TileDevicePtr destination,
                                uint8_t value, size_t bytes) {
  TILE_BEGIN(handle);
  if (!destination)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileMemorySet: the device address "
                           "is 0; pass one from tileMemoryAllocate");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(
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

CUresult tileStreamFree(TileStreamImpl *stream, int release) {
  CUresult result = CUDA_SUCCESS;
  if (release)
    result = stream->object.runtime->driver.cuStreamDestroy(stream->stream);
  tileRuntimeRemoveObject(&stream->object);
  free(stream);
  return result;
}

TileRuntimeStatus tileStreamCreate(TileRuntime handle, TileStream *stream) {
  TILE_BEGIN(handle);
  if (!stream)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileStreamCreate: stream is NULL; "
                           "pass where to store the new stream");
  stream->ptr = NULL;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  TileStreamImpl *impl = calloc(1, sizeof(*impl));
  if (!impl)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                           "tile runtime: out of host memory creating a "
                           "stream");
  CUresult result =
      runtime->driver.cuStreamCreate(&impl->stream, CU_STREAM_NON_BLOCKING);
  if (result != CUDA_SUCCESS) {
    free(impl);
    return checkDriverResult(runtime, result, "cuStreamCreate", NULL);
  }
  tileRuntimeAddObject(runtime, &impl->object, TILE_OBJECT_STREAM);
  stream->ptr = impl;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileStreamDestroy(TileRuntime handle, TileStream stream) {
  TILE_BEGIN(handle);
  TileStreamImpl *impl = (TileStreamImpl *)tileRuntimeCheckObject(
      runtime, stream.ptr, TILE_OBJECT_STREAM, "tileStreamDestroy", "stream");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  CUresult result = tileStreamFree(impl, status == TILE_RUNTIME_SUCCESS);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime, result, "cuStreamDestroy", NULL);
}

TileRuntimeStatus tileStreamSynchronize(TileRuntime handle, TileStream stream) {
  TILE_BEGIN(handle);
  TileRuntimeStatus status;
  CUstream cuStream =
      tileStreamResolve(runtime, stream, "tileStreamSynchronize", &status);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime,
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

CUresult tileEventFree(TileEventImpl *event, int release) {
  CUresult result = CUDA_SUCCESS;
  if (release)
    result = event->object.runtime->driver.cuEventDestroy(event->event);
  tileRuntimeRemoveObject(&event->object);
  free(event);
  return result;
}

TileRuntimeStatus tileEventCreate(TileRuntime handle, TileEvent *event) {
  TILE_BEGIN(handle);
  if (!event)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileEventCreate: event is NULL; "
                           "pass where to store the new event");
  event->ptr = NULL;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  TileEventImpl *impl = calloc(1, sizeof(*impl));
  if (!impl)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                           "tile runtime: out of host memory creating an "
                           "event");
  CUresult result =
      runtime->driver.cuEventCreate(&impl->event, CU_EVENT_DEFAULT);
  if (result != CUDA_SUCCESS) {
    free(impl);
    return checkDriverResult(runtime, result, "cuEventCreate", NULL);
  }
  tileRuntimeAddObject(runtime, &impl->object, TILE_OBJECT_EVENT);
  event->ptr = impl;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileEventDestroy(TileRuntime handle, TileEvent event) {
  TILE_BEGIN(handle);
  TileEventImpl *impl = checkEvent(runtime, event, "tileEventDestroy", "event");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  CUresult result = tileEventFree(impl, status == TILE_RUNTIME_SUCCESS);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime, result, "cuEventDestroy", NULL);
}

TileRuntimeStatus tileEventRecord(TileRuntime handle, TileEvent event,
                                  TileStream stream) {
  TILE_BEGIN(handle);
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
  status = checkDriverResult(
      runtime, runtime->driver.cuEventRecord(impl->event, cuStream),
      "cuEventRecord", NULL);
  if (status == TILE_RUNTIME_SUCCESS)
    impl->recorded = 1;
  return status;
}

TileRuntimeStatus tileEventSynchronize(TileRuntime handle, TileEvent event) {
  TILE_BEGIN(handle);
  TileEventImpl *impl =
      checkEvent(runtime, event, "tileEventSynchronize", "event");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime,
                           runtime->driver.cuEventSynchronize(impl->event),
                           "cuEventSynchronize", asyncFaultHint);
}

TileRuntimeStatus tileEventElapsedMilliseconds(TileRuntime handle,
                                               TileEvent start, TileEvent end,
                                               float *milliseconds) {
  TILE_BEGIN(handle);
  const char *function = "tileEventElapsedMilliseconds";
  if (!milliseconds)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: %s: milliseconds is NULL; pass "
                           "where to store the time",
                           function);
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
  status = checkDriverResult(runtime,
                             runtime->driver.cuEventSynchronize(endImpl->event),
                             "cuEventSynchronize", asyncFaultHint);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return checkDriverResult(runtime,
                           runtime->driver.cuEventElapsedTime(
                               milliseconds, startImpl->event, endImpl->event),
                           "cuEventElapsedTime", NULL);
}
