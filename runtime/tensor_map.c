/* TMA descriptors: checks a TileTensorMapDesc against the limits the CUDA
 * driver documents for cuTensorMapEncodeTiled, then encodes it. The driver
 * answers a bad field only with CUDA_ERROR_INVALID_VALUE, so every check
 * here exists to name the field that is wrong; the driver still has the
 * last word. The public enums carry the driver's values unchanged. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define TILE_TENSOR_MAP_MAX_RANK 5u
#define TILE_TENSOR_MAP_MAX_BOX 256u
#define TILE_TENSOR_MAP_MAX_ELEMENT_STRIDE 8u
#define TILE_TENSOR_MAP_MAX_GLOBAL_DIM (1ull << 32)
#define TILE_TENSOR_MAP_MAX_GLOBAL_STRIDE (1ull << 40)

/* Returns the element size in bytes, or 0 for an unknown type. */
static unsigned elementBytes(TileTensorMapDataType type) {
  switch (type) {
  case TILE_TENSOR_MAP_UINT8:
    return 1;
  case TILE_TENSOR_MAP_UINT16:
  case TILE_TENSOR_MAP_FLOAT16:
  case TILE_TENSOR_MAP_BFLOAT16:
    return 2;
  case TILE_TENSOR_MAP_UINT32:
  case TILE_TENSOR_MAP_INT32:
  case TILE_TENSOR_MAP_FLOAT32:
  case TILE_TENSOR_MAP_FLOAT32_FTZ:
  case TILE_TENSOR_MAP_TFLOAT32:
  case TILE_TENSOR_MAP_TFLOAT32_FTZ:
    return 4;
  case TILE_TENSOR_MAP_UINT64:
  case TILE_TENSOR_MAP_INT64:
  case TILE_TENSOR_MAP_FLOAT64:
    return 8;
  }
  return 0;
}

/* Returns the bytes one swizzle pattern spans along dimension 0. */
static unsigned swizzleSpanBytes(TileTensorMapSwizzle swizzle) {
  switch (swizzle) {
  case TILE_TENSOR_MAP_SWIZZLE_32B:
    return 32;
  case TILE_TENSOR_MAP_SWIZZLE_64B:
    return 64;
  case TILE_TENSOR_MAP_SWIZZLE_128B:
    return 128;
  case TILE_TENSOR_MAP_SWIZZLE_NONE:
    return 0;
  }
  return 0;
}

#define TILE_TENSOR_MAP_FAIL(...)                                              \
  tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,                \
                  "tile runtime: tileTensorMapEncodeTiled: " __VA_ARGS__)

static TileRuntimeStatus checkEnums(TileRuntimeImpl *runtime,
                                    const TileTensorMapDesc *desc) {
  if (!elementBytes(desc->dataType))
    return TILE_TENSOR_MAP_FAIL("dataType %d is not a TileTensorMapDataType",
                                (int)desc->dataType);
  if ((unsigned)desc->interleave > TILE_TENSOR_MAP_INTERLEAVE_32B)
    return TILE_TENSOR_MAP_FAIL("interleave %d is not a "
                                "TileTensorMapInterleave",
                                (int)desc->interleave);
  if ((unsigned)desc->swizzle > TILE_TENSOR_MAP_SWIZZLE_128B)
    return TILE_TENSOR_MAP_FAIL("swizzle %d is not a TileTensorMapSwizzle",
                                (int)desc->swizzle);
  if ((unsigned)desc->l2Promotion > TILE_TENSOR_MAP_L2_PROMOTION_256B)
    return TILE_TENSOR_MAP_FAIL("l2Promotion %d is not a "
                                "TileTensorMapL2Promotion",
                                (int)desc->l2Promotion);
  return TILE_RUNTIME_SUCCESS;
}

static TileRuntimeStatus checkGlobal(TileRuntimeImpl *runtime,
                                     const TileTensorMapDesc *desc) {
  uint64_t addressAlignment =
      desc->interleave == TILE_TENSOR_MAP_INTERLEAVE_32B ? 32 : 16;
  if (!desc->globalAddress || desc->globalAddress % addressAlignment)
    return TILE_TENSOR_MAP_FAIL("globalAddress 0x%llx is not a nonzero "
                                "multiple of %llu bytes",
                                (unsigned long long)desc->globalAddress,
                                (unsigned long long)addressAlignment);
  for (unsigned dim = 0; dim < desc->rank; ++dim) {
    uint64_t extent = desc->globalDim[dim];
    if (extent == 0 || extent > TILE_TENSOR_MAP_MAX_GLOBAL_DIM)
      return TILE_TENSOR_MAP_FAIL("globalDim[%u] is %llu; each extent must be "
                                  "1 to 2^32",
                                  dim, (unsigned long long)extent);
  }
  uint64_t strideAlignment = addressAlignment;
  for (unsigned dim = 0; dim + 1 < desc->rank; ++dim) {
    uint64_t stride = desc->globalStrides[dim];
    if (stride == 0 || stride % strideAlignment ||
        stride >= TILE_TENSOR_MAP_MAX_GLOBAL_STRIDE)
      return TILE_TENSOR_MAP_FAIL(
          "globalStrides[%u] (the byte stride of dimension %u) is %llu; it "
          "must be a nonzero multiple of %llu below 2^40 (pad the rows)",
          dim, dim + 1, (unsigned long long)stride,
          (unsigned long long)strideAlignment);
  }
  return TILE_RUNTIME_SUCCESS;
}

static TileRuntimeStatus checkBox(TileRuntimeImpl *runtime,
                                  const TileTensorMapDesc *desc) {
  for (unsigned dim = 0; dim < desc->rank; ++dim) {
    if (desc->boxDim[dim] == 0 || desc->boxDim[dim] > TILE_TENSOR_MAP_MAX_BOX)
      return TILE_TENSOR_MAP_FAIL("boxDim[%u] is %u; each box extent must be "
                                  "1 to %u",
                                  dim, desc->boxDim[dim],
                                  TILE_TENSOR_MAP_MAX_BOX);
    if (desc->elementStrides[dim] > TILE_TENSOR_MAP_MAX_ELEMENT_STRIDE)
      return TILE_TENSOR_MAP_FAIL("elementStrides[%u] is %u; each must be 1 "
                                  "to %u (0 means 1)",
                                  dim, desc->elementStrides[dim],
                                  TILE_TENSOR_MAP_MAX_ELEMENT_STRIDE);
  }
  if (desc->interleave != TILE_TENSOR_MAP_INTERLEAVE_NONE) {
    if (desc->rank < 3)
      return TILE_TENSOR_MAP_FAIL("an interleaved tensor map needs rank 3 or "
                                  "more, not %u",
                                  desc->rank);
    if (desc->interleave == TILE_TENSOR_MAP_INTERLEAVE_32B &&
        desc->swizzle != TILE_TENSOR_MAP_SWIZZLE_32B)
      return TILE_TENSOR_MAP_FAIL("32-byte interleave needs swizzle "
                                  "TILE_TENSOR_MAP_SWIZZLE_32B");
    return TILE_RUNTIME_SUCCESS;
  }
  unsigned rowBytes = desc->boxDim[0] * elementBytes(desc->dataType);
  if (rowBytes % 16)
    return TILE_TENSOR_MAP_FAIL("the inner box row is %u bytes (boxDim[0] = "
                                "%u); it must be a multiple of 16 bytes",
                                rowBytes, desc->boxDim[0]);
  unsigned span = swizzleSpanBytes(desc->swizzle);
  if (span && rowBytes > span)
    return TILE_TENSOR_MAP_FAIL("the inner box row is %u bytes but the "
                                "swizzle spans %u; make boxDim[0] at most %u",
                                rowBytes, span,
                                span / elementBytes(desc->dataType));
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileTensorMapEncodeTiled(TileRuntime handle,
                                           const TileTensorMapDesc *desc,
                                           TileTensorMap *map) {
  TILE_RUNTIME_BEGIN(handle);
  if (!desc || !map)
    return TILE_TENSOR_MAP_FAIL("%s is NULL", desc ? "map" : "desc");
  memset(map, 0, sizeof(*map));
  if (desc->rank == 0 || desc->rank > TILE_TENSOR_MAP_MAX_RANK)
    return TILE_TENSOR_MAP_FAIL("rank is %u; it must be 1 to %u", desc->rank,
                                TILE_TENSOR_MAP_MAX_RANK);
  TileRuntimeStatus status = checkEnums(runtime, desc);
  if (status == TILE_RUNTIME_SUCCESS)
    status = checkGlobal(runtime, desc);
  if (status == TILE_RUNTIME_SUCCESS)
    status = checkBox(runtime, desc);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  if (!runtime->driver.cuTensorMapEncodeTiled)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_UNSUPPORTED,
                           "tile runtime: tileTensorMapEncodeTiled: the "
                           "driver has no cuTensorMapEncodeTiled; TMA needs a "
                           "CUDA 12 driver or newer");
  uint32_t elementStrides[TILE_TENSOR_MAP_MAX_RANK];
  for (unsigned dim = 0; dim < desc->rank; ++dim)
    elementStrides[dim] =
        desc->elementStrides[dim] ? desc->elementStrides[dim] : 1;
  CUresult result = runtime->driver.cuTensorMapEncodeTiled(
      map, (int)desc->dataType, desc->rank,
      (void *)(uintptr_t)desc->globalAddress, desc->globalDim,
      desc->globalStrides, desc->boxDim, elementStrides, (int)desc->interleave,
      (int)desc->swizzle, (int)desc->l2Promotion, desc->oobFillNaN ? 1 : 0);
  if (result != CUDA_SUCCESS) {
    char call[96];
    snprintf(call, sizeof(call), "cuTensorMapEncodeTiled(rank %u)", desc->rank);
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result, call,
                                 "the descriptor passed the documented checks; "
                                 "compare it with the cuTensorMapEncodeTiled "
                                 "requirements for this driver");
  }
  return TILE_RUNTIME_SUCCESS;
}
