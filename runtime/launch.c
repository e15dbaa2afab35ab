/* Kernel argument lists and the launch itself.
 *
 * An argument list copies each value into its own storage at the value's
 * alignment and keeps a pointer to it, which is the `kernelParams` array
 * cuLaunchKernel wants; the storage never moves, so the pointers stay valid
 * until the list is cleared or destroyed. A launch checks everything the
 * host can know (shape, argument count and sizes, threads and shared memory
 * per block) before the driver sees it, because a wrong argument list does
 * not fail in the driver: the kernel silently reads garbage. */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits of the launch shape from the CUDA programming guide's table of
 * technical specifications; they hold for every architecture we target. */
#define TILE_MAX_GRID_X 2147483647u
#define TILE_MAX_GRID_YZ 65535u
#define TILE_MAX_BLOCK_XY 1024u
#define TILE_MAX_BLOCK_Z 64u

//===----------------------------------------------------------------------===//
// Argument lists
//===----------------------------------------------------------------------===//

static TileKernelArgsImpl *
checkArgs(TileRuntimeImpl *runtime, TileKernelArgs args, const char *function) {
  return (TileKernelArgsImpl *)tileRuntimeCheckObject(
      runtime, args.ptr, TILE_OBJECT_KERNEL_ARGS, function, "args");
}

TileRuntimeStatus tileKernelArgsCreate(TileRuntime handle,
                                       TileKernelArgs *argsOut) {
  TILE_RUNTIME_BEGIN(handle);
  if (!argsOut)
    return tileRuntimeFailNull(runtime, "tileKernelArgsCreate", "args",
                               "where to store the new list");
  argsOut->ptr = NULL;
  /* sizeof is a multiple of the 128-byte alignment, as aligned_alloc needs. */
  TileKernelArgsImpl *args =
      aligned_alloc(_Alignof(TileKernelArgsImpl), sizeof(TileKernelArgsImpl));
  if (!args)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                           "tile runtime: out of host memory creating an "
                           "argument list");
  args->usedBytes = 0;
  args->count = 0;
  tileRuntimeAddObject(runtime, &args->object, TILE_OBJECT_KERNEL_ARGS);
  argsOut->ptr = args;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelArgsDestroy(TileRuntime handle,
                                        TileKernelArgs args) {
  TILE_RUNTIME_BEGIN(handle);
  TileKernelArgsImpl *impl = checkArgs(runtime, args, "tileKernelArgsDestroy");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  tileRuntimeFreeObject(&impl->object, 0);
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelArgsClear(TileRuntime handle, TileKernelArgs args) {
  TILE_RUNTIME_BEGIN(handle);
  TileKernelArgsImpl *impl = checkArgs(runtime, args, "tileKernelArgsClear");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  impl->usedBytes = 0;
  impl->count = 0;
  return TILE_RUNTIME_SUCCESS;
}

int tileKernelArgsGetCount(TileRuntime handle, TileKernelArgs args) {
  TileKernelArgsImpl *impl = args.ptr;
  if (!handle.ptr || !impl || impl->object.magic != TILE_OBJECT_MAGIC ||
      impl->object.kind != TILE_OBJECT_KERNEL_ARGS)
    return 0;
  return impl->count;
}

/* Copies one value into the list; every Add* call ends here. */
static TileRuntimeStatus appendValue(TileRuntime handle, TileKernelArgs args,
                                     const char *function, const void *data,
                                     size_t size, size_t alignment) {
  TILE_RUNTIME_BEGIN(handle);
  TileKernelArgsImpl *impl = checkArgs(runtime, args, function);
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  if (impl->count == TILE_KERNEL_ARGS_MAX_COUNT)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: %s: too many arguments: the list "
                           "already holds %d, the most one launch takes; pass "
                           "large data through device memory",
                           function, TILE_KERNEL_ARGS_MAX_COUNT);
  size_t offset = (impl->usedBytes + alignment - 1) & ~(alignment - 1);
  if (offset + size > TILE_KERNEL_ARGS_MAX_BYTES)
    return tileRuntimeFail(
        runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
        "tile runtime: %s: too many argument bytes: "
        "argument %d (%zu bytes) would end at byte %zu, past "
        "the %d-byte kernel parameter limit; pass large data "
        "through device memory",
        function, impl->count, size, offset + size, TILE_KERNEL_ARGS_MAX_BYTES);
  memcpy(impl->storage + offset, data, size);
  impl->pointers[impl->count] = impl->storage + offset;
  impl->sizes[impl->count] = (uint32_t)size;
  impl->count++;
  impl->usedBytes = offset + size;
  return TILE_RUNTIME_SUCCESS;
}

/* The scalar Add* calls differ only in the value's type, whose size is also
 * its alignment. */
#define TILE_DEFINE_ADD_SCALAR(suffix, Type)                                   \
  TileRuntimeStatus tileKernelArgsAdd##suffix(                                 \
      TileRuntime handle, TileKernelArgs args, Type value) {                   \
    return appendValue(handle, args, "tileKernelArgsAdd" #suffix, &value,      \
                       sizeof(value), sizeof(value));                          \
  }

TILE_DEFINE_ADD_SCALAR(Pointer, TileDevicePtr)
TILE_DEFINE_ADD_SCALAR(I32, int32_t)
TILE_DEFINE_ADD_SCALAR(I64, int64_t)
TILE_DEFINE_ADD_SCALAR(F32, float)
TILE_DEFINE_ADD_SCALAR(F64, double)

#undef TILE_DEFINE_ADD_SCALAR

TileRuntimeStatus tileKernelArgsAddBlob(TileRuntime handle, TileKernelArgs args,
                                        const void *data, size_t size,
                                        size_t alignment) {
  TILE_RUNTIME_BEGIN(handle);
  if (!data || size == 0)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelArgsAddBlob: the blob is "
                           "empty; pass its bytes and their count");
  if (alignment == 0 || alignment > 128 || (alignment & (alignment - 1)))
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelArgsAddBlob: alignment "
                           "%zu is not a power of two from 1 to 128",
                           alignment);
  return appendValue(handle, args, "tileKernelArgsAddBlob", data, size,
                     alignment);
}

TileRuntimeStatus tileKernelArgsAddTensorMap(TileRuntime handle,
                                             TileKernelArgs args,
                                             const TileTensorMap *map) {
  TILE_RUNTIME_BEGIN(handle);
  if (!map)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelArgsAddTensorMap: map is "
                           "NULL; encode one with tileTensorMapEncodeTiled");
  return appendValue(handle, args, "tileKernelArgsAddTensorMap", map,
                     sizeof(*map), _Alignof(TileTensorMap));
}

//===----------------------------------------------------------------------===//
// Launch
//===----------------------------------------------------------------------===//

static TileRuntimeStatus checkShape(TileRuntimeImpl *runtime, TileDim3 grid,
                                    TileDim3 block, size_t dynamicSharedBytes) {
  if (!grid.x || !grid.y || !grid.z)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch: the grid is "
                           "%ux%ux%u blocks; every extent must be at least 1 "
                           "(skip the launch when there is no work)",
                           grid.x, grid.y, grid.z);
  if (!block.x || !block.y || !block.z)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch: the block is "
                           "%ux%ux%u threads; every extent must be at least 1",
                           block.x, block.y, block.z);
  if (grid.x > TILE_MAX_GRID_X || grid.y > TILE_MAX_GRID_YZ ||
      grid.z > TILE_MAX_GRID_YZ)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch: the grid is "
                           "%ux%ux%u blocks; the limits are %ux%ux%u, so put "
                           "the large extent in x",
                           grid.x, grid.y, grid.z, TILE_MAX_GRID_X,
                           TILE_MAX_GRID_YZ, TILE_MAX_GRID_YZ);
  unsigned long long threads = (unsigned long long)block.x * block.y * block.z;
  if (block.x > TILE_MAX_BLOCK_XY || block.y > TILE_MAX_BLOCK_XY ||
      block.z > TILE_MAX_BLOCK_Z || threads > TILE_MAX_BLOCK_XY)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch: the block is "
                           "%ux%ux%u threads; a block holds at most %u "
                           "threads (x, y <= %u, z <= %u)",
                           block.x, block.y, block.z, TILE_MAX_BLOCK_XY,
                           TILE_MAX_BLOCK_XY, TILE_MAX_BLOCK_Z);
  if (dynamicSharedBytes > UINT_MAX)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT,
                           "tile runtime: tileKernelLaunch: %zu bytes of "
                           "dynamic shared memory is more than any GPU has",
                           dynamicSharedBytes);
  return TILE_RUNTIME_SUCCESS;
}

/* Compares the argument list with the parameters the driver reported. */
static TileRuntimeStatus checkArguments(TileRuntimeImpl *runtime,
                                        const TileKernelImpl *kernel,
                                        const TileKernelArgsImpl *args) {
  int given = args ? args->count : 0;
  if (kernel->parameterCount < 0)
    return TILE_RUNTIME_SUCCESS;
  if (given != kernel->parameterCount)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch(%s): the kernel "
                           "takes %d parameters but %d arguments were given",
                           kernel->name, kernel->parameterCount, given);
  for (int index = 0; index < given; ++index) {
    if (args->sizes[index] != kernel->parameterSizes[index])
      return tileRuntimeFail(
          runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
          "tile runtime: tileKernelLaunch(%s): argument %d is %u bytes but "
          "the kernel's parameter %d is %u bytes; add it with the "
          "tileKernelArgsAdd* call of the parameter's type",
          kernel->name, index, args->sizes[index], index,
          kernel->parameterSizes[index]);
  }
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelLaunch(TileRuntime handle, TileKernel kernel,
                                   TileStream stream, TileDim3 grid,
                                   TileDim3 block, size_t dynamicSharedBytes,
                                   TileKernelArgs args) {
  TILE_RUNTIME_BEGIN(handle);
  TileRuntimeStatus status =
      checkShape(runtime, grid, block, dynamicSharedBytes);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  TileKernelArgsImpl *argsImpl = NULL;
  if (args.ptr && !(argsImpl = checkArgs(runtime, args, "tileKernelLaunch")))
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileKernelImpl *impl = tileKernelCheck(runtime, kernel, "tileKernelLaunch");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  status = checkArguments(runtime, impl, argsImpl);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  unsigned threads = block.x * block.y * block.z;
  if (threads > (unsigned)impl->maxThreadsPerBlock)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelLaunch(%s): the block has "
                           "%u threads but the kernel runs at most %d per "
                           "block (its .maxntid or register use); launch "
                           "fewer threads or compile for more",
                           impl->name, threads, impl->maxThreadsPerBlock);
  status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  if (dynamicSharedBytes > impl->dynamicSharedAllowed) {
    status = tileKernelRaiseDynamicShared(runtime, impl, dynamicSharedBytes);
    if (status != TILE_RUNTIME_SUCCESS)
      return status;
  }
  CUstream cuStream =
      tileStreamResolve(runtime, stream, "tileKernelLaunch", &status);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  void *noArguments[1] = {NULL};
  CUresult result = runtime->driver.cuLaunchKernel(
      impl->function, grid.x, grid.y, grid.z, block.x, block.y, block.z,
      (unsigned)dynamicSharedBytes, cuStream,
      argsImpl ? argsImpl->pointers : noArguments, NULL);
  if (result != CUDA_SUCCESS) {
    char call[160];
    snprintf(call, sizeof(call), "cuLaunchKernel(%s)", impl->name);
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result, call,
                                 NULL);
  }
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelCheckDivisibility(TileRuntime handle, const char *kernelName,
                                              int index, int64_t value, int64_t divisibility,
                                              int isAddress) {
  TILE_RUNTIME_BEGIN(handle);
  if (divisibility <= 1 || value % divisibility == 0)
    return TILE_RUNTIME_SUCCESS;
  const char *name = kernelName ? kernelName : "the kernel";
  if (isAddress)
    return tileRuntimeFail(
        runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
        "tile runtime: %s: argument %d is the address 0x%llx, not %lld-byte aligned, "
        "which the kernel was compiled to assume (tile.divisibility = %lld); pass an "
        "aligned buffer or use a kernel compiled without the hint",
        name, index, (unsigned long long)value, (long long)divisibility,
        (long long)divisibility);
  return tileRuntimeFail(
      runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
      "tile runtime: %s: argument %d is %lld, not a multiple of %lld, which the kernel "
      "was compiled to assume (tile.divisibility = %lld); pass such a value or use a "
      "kernel compiled without the hint",
      name, index, (long long)value, (long long)divisibility, (long long)divisibility);
}
