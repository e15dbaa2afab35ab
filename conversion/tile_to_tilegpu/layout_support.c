/*===- layout_support.c - build blocked layouts and laid-out tensors -------===*
 *
 * See layout_support.h. The thread and warp assignment follows Triton's
 * BlockedEncodingAttr::get exactly, so layouts printed by tile and by Triton
 * for the same shape and launch shape agree.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"

#include "dialects/builder.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <string.h>

static unsigned clampUnsigned(int64_t value, unsigned low, unsigned high) {
  if (value < (int64_t)low)
    return low;
  if (value > (int64_t)high)
    return high;
  return (unsigned)value;
}

static unsigned maxUnsigned(unsigned a, unsigned b) { return a > b ? a : b; }

MlirAttribute tileBlockedLayoutForShape(MlirContext context, intptr_t rank,
                                        const int64_t *shape,
                                        const unsigned *sizePerThread,
                                        const unsigned *order,
                                        unsigned numWarps,
                                        unsigned threadsPerWarp) {
  if (rank <= 0 || rank > TILE_BLOCKED_MAX_RANK)
    return (MlirAttribute){NULL};
  unsigned lanes[TILE_BLOCKED_MAX_RANK];
  unsigned warps[TILE_BLOCKED_MAX_RANK];
  unsigned remainingLanes = threadsPerWarp;
  unsigned remainingThreads = numWarps * threadsPerWarp;
  unsigned remainingWarps = numWarps;
  unsigned lanesSoFar = 1;
  unsigned warpsSoFar = 1;
  /* From the fastest dimension on, give each dimension as many threads as
   * it has elements left after sizePerThread, lanes first. */
  for (intptr_t d = 0; d < rank - 1; ++d) {
    unsigned dim = order[d];
    int64_t elementsPerThreadRow = shape[dim] / (int64_t)sizePerThread[dim];
    unsigned threadsHere = clampUnsigned(
        remainingThreads, 1, maxUnsigned(1, clampUnsigned(elementsPerThreadRow, 1, 1u << 30)));
    lanes[dim] = clampUnsigned(threadsHere, 1, remainingLanes);
    warps[dim] = clampUnsigned(threadsHere / lanes[dim], 1, remainingWarps);
    remainingWarps /= warps[dim];
    remainingLanes /= lanes[dim];
    remainingThreads /= threadsHere;
    lanesSoFar *= lanes[dim];
    warpsSoFar *= warps[dim];
  }
  /* The slowest dimension takes every lane and warp that is left. */
  unsigned slowest = order[rank - 1];
  lanes[slowest] = threadsPerWarp / lanesSoFar;
  warps[slowest] = numWarps / warpsSoFar;
  return tilegpuBlockedLayoutAttrGet(context, rank, sizePerThread, lanes, warps,
                                     order);
}

MlirAttribute tileDefaultBlockedLayout(MlirContext context, intptr_t rank,
                                       const int64_t *shape, unsigned numWarps,
                                       unsigned threadsPerWarp) {
  if (rank <= 0 || rank > TILE_BLOCKED_MAX_RANK)
    return (MlirAttribute){NULL};
  unsigned sizePerThread[TILE_BLOCKED_MAX_RANK];
  unsigned order[TILE_BLOCKED_MAX_RANK];
  for (intptr_t d = 0; d < rank; ++d) {
    sizePerThread[d] = 1;
    order[d] = (unsigned)(rank - 1 - d);
  }
  return tileBlockedLayoutForShape(context, rank, shape, sizePerThread, order,
                                   numWarps, threadsPerWarp);
}

MlirType tileTensorTypeWithLayout(MlirType tensorType, MlirAttribute layout) {
  intptr_t rank = mlirShapedTypeGetRank(tensorType);
  int64_t shape[TILE_BLOCKED_MAX_RANK];
  for (intptr_t d = 0; d < rank && d < TILE_BLOCKED_MAX_RANK; ++d)
    shape[d] = mlirShapedTypeGetDimSize(tensorType, d);
  return mlirRankedTensorTypeGet(rank, shape,
                                 mlirShapedTypeGetElementType(tensorType), layout);
}

static bool readModuleInt(MlirOperation module, const char *name,
                          unsigned *value) {
  MlirAttribute attr =
      mlirOperationGetAttributeByName(module, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsAInteger(attr))
    return false;
  int64_t number = mlirIntegerAttrGetValueInt(attr);
  if (number <= 0)
    return false;
  *value = (unsigned)number;
  return true;
}

bool tileGetLaunchShape(MlirOperation op, unsigned *numWarps,
                        unsigned *threadsPerWarp) {
  MlirStringRef moduleName = mlirStringRefCreateFromCString("builtin.module");
  MlirOperation module = op;
  while (!mlirOperationIsNull(module) &&
         !mlirStringRefEqual(mlirIdentifierStr(mlirOperationGetName(module)), moduleName))
    module = mlirOperationGetParentOperation(module);
  if (mlirOperationIsNull(module))
    return false;
  return readModuleInt(module, "tilegpu.num-warps", numWarps) &&
         readModuleInt(module, "tilegpu.threads-per-warp", threadsPerWarp);
}

MlirValue tileBuildConvertLayout(MlirRewriterBase rewriter,
                                 MlirLocation location, MlirValue value,
                                 MlirAttribute layout) {
  MlirType type = tileTensorTypeWithLayout(mlirValueGetType(value), layout);
  return tileBuildUnary(rewriter, "tilegpu.convert_layout", location, value, type);
}

bool tileOperationIsNamed(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(op));
  return opName.length == strlen(name) && memcmp(opName.data, name, opName.length) == 0;
}

MlirOperation tileDefiningOp(MlirValue value) {
  return mlirValueIsAOpResult(value) ? mlirOpResultGetOwner(value)
                                     : (MlirOperation){NULL};
}

MlirAttribute tileLayoutOf(MlirValue value) {
  MlirType type = mlirValueGetType(value);
  return mlirTypeIsARankedTensor(type) ? mlirRankedTensorTypeGetEncoding(type)
                                       : (MlirAttribute){NULL};
}
