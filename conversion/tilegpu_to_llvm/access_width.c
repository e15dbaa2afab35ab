/*===- access_width.c - how wide a load or store may be --------------------===*
 *
 * A vector access of w elements needs w consecutive addresses (contiguity),
 * a first address aligned to the vector (divisibility), and one mask bit for
 * all w (constancy of the mask). passes/axis_info.c answers those per value
 * (Triton's AxisInfo); this file asks it once per function, before any op
 * is lowered and the IR it reasons about is gone, and records the answer
 * for each tile.load / tile.store / tilegpu.async_copy_global_to_local
 * (cp.async) as discardable attributes (per tensor
 * dim: the widest vector the addresses allow, and how many consecutive
 * elements share one mask bit) that load_store.c combines with the
 * layout's own contiguity.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/support.h"
#include "passes/axis_info.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"

static const char widthsAttributeName[] = "tile_lowering.address_widths";
static const char maskAttributeName[] = "tile_lowering.mask_constancy";

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int64_t floorPowerOfTwo(int64_t value) {
  int64_t power = 1;
  while (power * 2 <= value)
    power *= 2;
  return power;
}

static void annotate(const TileAxisInfoAnalysis *analysis, MlirOperation op) {
  MlirValue pointer = mlirOperationGetOperand(op, 0);
  MlirType pointerType = mlirValueGetType(pointer);
  if (!tileIsTensor(pointerType))
    return;
  intptr_t maskIndex = -1;
  if (tileOpIs(op, "tile.store")) {
    if (mlirOperationGetNumOperands(op) > 2)
      maskIndex = 2;
  } else if (tileOpIs(op, "tilegpu.async_copy_global_to_local")) {
    intptr_t start, size;
    if (tileOperandSegment(op, 2, &start, &size) && size == 1)
      maskIndex = start;
  } else {
    intptr_t start, size;
    if (tileOperandSegment(op, 1, &start, &size) && size == 1)
      maskIndex = start;
  }
  const TileAxisInfo *info = tileAxisInfoLookup(analysis, pointer);
  const TileAxisInfo *mask =
      maskIndex >= 0 ? tileAxisInfoLookup(analysis, mlirOperationGetOperand(op, maskIndex))
                     : NULL;
  intptr_t rank = tileRankOf(pointerType);
  if (!info || info->rank != rank || rank > TILE_LAYOUT_MAX_RANK ||
      (maskIndex >= 0 && (!mask || mask->rank != rank)))
    return;
  unsigned bits =
      tileBitWidthOf(tilePointerTypeGetPointeeType(tileElementTypeOf(pointerType)));
  int64_t bytes = bits < 8 ? 1 : bits / 8;
  int32_t widths[TILE_LAYOUT_MAX_RANK], runs[TILE_LAYOUT_MAX_RANK];
  for (intptr_t d = 0; d < rank; ++d) {
    int64_t width = min64(info->contiguity[d], max64(1, info->divisibility[d] / bytes));
    widths[d] = (int32_t)floorPowerOfTwo(max64(width, 1));
    if (mask)
      runs[d] = (int32_t)floorPowerOfTwo(max64(min64(mask->constancy[d], 1 << 30), 1));
  }
  MlirContext context = mlirOperationGetContext(op);
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString(widthsAttributeName),
                                  mlirDenseI32ArrayGet(context, rank, widths));
  if (mask)
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString(maskAttributeName),
                                    mlirDenseI32ArrayGet(context, rank, runs));
}

static MlirWalkResult annotateAccess(MlirOperation op, void *userData) {
  if (tileOpIs(op, "tile.load") || tileOpIs(op, "tile.store") ||
      tileOpIs(op, "tilegpu.async_copy_global_to_local"))
    annotate(userData, op);
  return MlirWalkResultAdvance;
}

void tileAnnotateAccessWidths(TileLowering *lowering, MlirOperation module) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!tileOpIs(op, "func.func"))
      continue;
    /* Without an analysis (out of memory) every access stays scalar. */
    TileAxisInfoAnalysis *analysis = tileAxisInfoAnalyze(op);
    if (!analysis)
      continue;
    mlirOperationWalk(op, annotateAccess, analysis, MlirWalkPreOrder);
    tileAxisInfoDestroy(analysis);
  }
}

static int32_t recordedWidth(MlirOperation op, const char *name, int32_t dim,
                             int32_t fallback) {
  MlirAttribute widths =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(widths) || dim >= mlirDenseArrayGetNumElements(widths))
    return fallback;
  return mlirDenseI32ArrayGetElement(widths, dim);
}

int32_t tileAccessWidth(MlirOperation op, int32_t dim) {
  return recordedWidth(op, widthsAttributeName, dim, 1);
}

int32_t tileMaskConstancy(MlirOperation op, int32_t dim) {
  return recordedWidth(op, maskAttributeName, dim, 1);
}
