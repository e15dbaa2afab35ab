/*===- axis_info.c - how wide a load or store may be -----------------------===*
 *
 * A vector access of w elements needs w consecutive addresses (contiguity),
 * a first address aligned to the vector (divisibility), and one mask bit for
 * all w (constancy of the mask). This is Triton's axis analysis, kept small:
 * it walks the def chain of a pointer or mask once, before any op is
 * lowered, with Triton's transfer rules for the ops that build addresses
 * (make_range, splat, broadcast, expand_dims, addi/subi/muli, addptr, cmpi,
 * andi, select, casts). Function arguments contribute their
 * `tile.divisibility` hint; anything unknown is contiguity 1, divisibility
 * 1, constancy 1, which is always safe. Values are per tensor dim; a
 * scalar has rank 0 and only a divisibility.
 *
 * The result for each tile.load / tile.store is a discardable attribute
 * (per dim: the widest vector the addresses and mask allow) that
 * load_store.c combines with the layout's own contiguity.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"

static const char widthsAttributeName[] = "tile_lowering.access_widths";

enum {
  MAX_DEPTH = 48,
};
static const int64_t maxDivisibility = (int64_t)1 << 30;

typedef struct AxisInfo {
  int32_t rank;
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  int64_t contiguity[TILE_LAYOUT_MAX_RANK];
  int64_t divisibility[TILE_LAYOUT_MAX_RANK]; /* [0] for a scalar */
  int64_t constancy[TILE_LAYOUT_MAX_RANK];
} AxisInfo;

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int64_t largestPowerOfTwoDividing(int64_t value) {
  if (value == 0)
    return maxDivisibility;
  int64_t power = 1;
  while (power < maxDivisibility && (value % (power * 2)) == 0)
    power *= 2;
  return power;
}

/* Nothing known: every element on its own. */
static AxisInfo unknownInfo(MlirType type) {
  AxisInfo info;
  info.rank = (int32_t)tileShapeOf(type, info.shape, TILE_LAYOUT_MAX_RANK);
  for (int32_t d = 0; d < TILE_LAYOUT_MAX_RANK; ++d) {
    info.contiguity[d] = 1;
    info.divisibility[d] = 1;
    info.constancy[d] = 1;
  }
  return info;
}

/* Every element equal to a value of divisibility `divisibility`. */
static AxisInfo uniformInfo(MlirType type, int64_t divisibility) {
  AxisInfo info = unknownInfo(type);
  for (int32_t d = 0; d < TILE_LAYOUT_MAX_RANK; ++d) {
    info.divisibility[d] = divisibility;
    info.constancy[d] = d < info.rank ? info.shape[d] : 1;
  }
  return info;
}

static AxisInfo analyze(MlirValue value, int32_t depth);

static AxisInfo argumentInfo(MlirValue argument) {
  MlirType type = mlirValueGetType(argument);
  MlirBlock block = mlirBlockArgumentGetOwner(argument);
  MlirOperation parent = mlirBlockGetParentOperation(block);
  if (!tileOpIs(parent, "func.func") ||
      !mlirBlockEqual(block, mlirRegionGetFirstBlock(mlirOperationGetRegion(parent, 0))))
    return unknownInfo(type);
  MlirAttribute all =
      mlirOperationGetAttributeByName(parent, mlirStringRefCreateFromCString("arg_attrs"));
  intptr_t index = mlirBlockArgumentGetArgNumber(argument);
  if (mlirAttributeIsNull(all) || index >= mlirArrayAttrGetNumElements(all))
    return unknownInfo(type);
  MlirAttribute hint = mlirDictionaryAttrGetElementByName(
      mlirArrayAttrGetElement(all, index),
      mlirStringRefCreateFromCString("tile.divisibility"));
  if (mlirAttributeIsNull(hint) || !mlirAttributeIsAInteger(hint))
    return unknownInfo(type);
  return uniformInfo(type, largestPowerOfTwoDividing(mlirIntegerAttrGetValueInt(hint)));
}

static AxisInfo constantInfo(MlirOperation op, MlirType type) {
  MlirAttribute value =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsADenseElements(value) && mlirDenseElementsAttrIsSplat(value))
    value = mlirDenseElementsAttrGetSplatValue(value);
  if (!mlirAttributeIsAInteger(value))
    return uniformInfo(type, 1);
  return uniformInfo(type, largestPowerOfTwoDividing(mlirIntegerAttrGetValueInt(value)));
}

/* The divisibility of a scalar (or of every element of a tensor's dim 0). */
static int64_t scalarDivisibility(const AxisInfo *info) { return info->divisibility[0]; }

/* a + b (also addptr, with the offset scaled to bytes): a run of
 * consecutive values stays one if the other side is constant over it. */
static AxisInfo addInfo(MlirType type, const AxisInfo *a, const AxisInfo *b) {
  AxisInfo info = unknownInfo(type);
  for (int32_t d = 0; d < TILE_LAYOUT_MAX_RANK; ++d) {
    int32_t da = a->rank ? d : 0, db = b->rank ? d : 0;
    int64_t ca = a->rank ? a->contiguity[d] : 1, cb = b->rank ? b->contiguity[d] : 1;
    int64_t ka = a->rank ? a->constancy[d] : (d < info.rank ? info.shape[d] : 1);
    int64_t kb = b->rank ? b->constancy[d] : (d < info.rank ? info.shape[d] : 1);
    info.contiguity[d] = max64(min64(ca, kb), min64(ka, cb));
    info.divisibility[d] = min64(a->divisibility[da], b->divisibility[db]);
    info.constancy[d] = min64(ka, kb);
  }
  return info;
}

static AxisInfo addPtrInfo(MlirOperation op, MlirType type, int32_t depth) {
  AxisInfo pointer = analyze(mlirOperationGetOperand(op, 0), depth);
  AxisInfo offset = analyze(mlirOperationGetOperand(op, 1), depth);
  unsigned bits = tileBitWidthOf(tilePointerTypeGetPointeeType(tileElementTypeOf(type)));
  int64_t bytes = bits < 8 ? 1 : bits / 8;
  for (int32_t d = 0; d < TILE_LAYOUT_MAX_RANK; ++d)
    offset.divisibility[d] = min64(offset.divisibility[d] * bytes, maxDivisibility);
  return addInfo(type, &pointer, &offset);
}

static AxisInfo binaryInfo(MlirOperation op, MlirType type, int32_t depth) {
  AxisInfo a = analyze(mlirOperationGetOperand(op, 0), depth);
  AxisInfo b = analyze(mlirOperationGetOperand(op, 1), depth);
  if (tileOpIs(op, "arith.addi"))
    return addInfo(type, &a, &b);
  AxisInfo info = unknownInfo(type);
  for (int32_t d = 0; d < TILE_LAYOUT_MAX_RANK; ++d) {
    int64_t ka = a.rank ? a.constancy[d] : 1, kb = b.rank ? b.constancy[d] : 1;
    info.constancy[d] = info.rank ? min64(ka, kb) : 1;
    if (tileOpIs(op, "arith.subi")) {
      info.contiguity[d] = min64(a.contiguity[d], kb);
      info.divisibility[d] = min64(a.divisibility[d], b.divisibility[d]);
    } else if (tileOpIs(op, "arith.muli")) {
      info.divisibility[d] = min64(a.divisibility[d] * b.divisibility[d], maxDivisibility);
    } else if (tileOpIs(op, "arith.cmpi") && info.rank) {
      /* x < n over a run of x that starts at a multiple of g and is constant
       * in n, with g dividing n, flips only at multiples of g (Triton). */
      if (b.constancy[d] > 1 && a.contiguity[d] > 1)
        info.constancy[d] = max64(info.constancy[d],
                                  min64(min64(a.contiguity[d], b.constancy[d]),
                                        min64(a.divisibility[d], b.divisibility[d])));
      if (a.constancy[d] > 1 && b.contiguity[d] > 1)
        info.constancy[d] = max64(info.constancy[d],
                                  min64(min64(b.contiguity[d], a.constancy[d]),
                                        min64(a.divisibility[d], b.divisibility[d])));
    }
  }
  return info;
}

static AxisInfo analyzeOp(MlirOperation op, MlirType type, int32_t depth) {
  if (tileOpIs(op, "arith.constant"))
    return constantInfo(op, type);
  if (tileOpIs(op, "tile.make_range")) {
    int64_t start = 0, end = 0;
    tileGetIntAttr(op, "start", &start);
    tileGetIntAttr(op, "end", &end);
    AxisInfo info = unknownInfo(type);
    info.contiguity[0] = end - start;
    info.divisibility[0] = largestPowerOfTwoDividing(start);
    return info;
  }
  if (tileOpIs(op, "tile.splat")) {
    AxisInfo scalar = analyze(mlirOperationGetOperand(op, 0), depth);
    return uniformInfo(type, scalarDivisibility(&scalar));
  }
  if (tileOpIs(op, "tile.addptr"))
    return addPtrInfo(op, type, depth);
  if (tileOpIs(op, "arith.addi") || tileOpIs(op, "arith.subi") ||
      tileOpIs(op, "arith.muli") || tileOpIs(op, "arith.cmpi") ||
      tileOpIs(op, "arith.andi"))
    return binaryInfo(op, type, depth);
  if (tileOpIs(op, "arith.extsi") || tileOpIs(op, "arith.extui") ||
      tileOpIs(op, "arith.trunci") || tileOpIs(op, "tilegpu.convert_layout"))
    return analyze(mlirOperationGetOperand(op, 0), depth);
  if (tileOpIs(op, "arith.select")) {
    AxisInfo condition = analyze(mlirOperationGetOperand(op, 0), depth);
    AxisInfo a = analyze(mlirOperationGetOperand(op, 1), depth);
    AxisInfo b = analyze(mlirOperationGetOperand(op, 2), depth);
    AxisInfo info = unknownInfo(type);
    for (int32_t d = 0; d < info.rank; ++d) {
      int64_t kc = condition.rank ? condition.constancy[d] : info.shape[d];
      info.constancy[d] = min64(kc, min64(a.constancy[d], b.constancy[d]));
      info.divisibility[d] = min64(a.divisibility[d], b.divisibility[d]);
    }
    return info;
  }
  if (tileOpIs(op, "tile.broadcast")) {
    AxisInfo source = analyze(mlirOperationGetOperand(op, 0), depth);
    AxisInfo info = unknownInfo(type);
    for (int32_t d = 0; d < info.rank && d < source.rank; ++d) {
      bool broadcast = source.shape[d] == 1 && info.shape[d] > 1;
      info.contiguity[d] = broadcast ? 1 : source.contiguity[d];
      info.divisibility[d] = source.divisibility[d];
      info.constancy[d] = broadcast ? info.shape[d] : source.constancy[d];
    }
    return info;
  }
  if (tileOpIs(op, "tile.expand_dims")) {
    AxisInfo source = analyze(mlirOperationGetOperand(op, 0), depth);
    int64_t axis = 0;
    tileGetIntAttr(op, "axis", &axis);
    AxisInfo info = unknownInfo(type);
    int64_t smallest = maxDivisibility;
    for (int32_t s = 0; s < source.rank; ++s)
      smallest = min64(smallest, source.divisibility[s]);
    for (int32_t d = 0, s = 0; d < info.rank; ++d) {
      if (d == axis) {
        info.divisibility[d] = smallest;
        continue;
      }
      info.contiguity[d] = source.contiguity[s];
      info.divisibility[d] = source.divisibility[s];
      info.constancy[d] = source.constancy[s];
      ++s;
    }
    return info;
  }
  return unknownInfo(type);
}

static AxisInfo analyze(MlirValue value, int32_t depth) {
  MlirType type = mlirValueGetType(value);
  if (depth >= MAX_DEPTH)
    return unknownInfo(type);
  if (mlirValueIsABlockArgument(value))
    return argumentInfo(value);
  return analyzeOp(mlirOpResultGetOwner(value), type, depth + 1);
}

static int64_t floorPowerOfTwo(int64_t value) {
  int64_t power = 1;
  while (power * 2 <= value)
    power *= 2;
  return power;
}

static void annotate(MlirOperation op) {
  MlirValue pointer = mlirOperationGetOperand(op, 0);
  MlirType pointerType = mlirValueGetType(pointer);
  if (!tileIsTensor(pointerType))
    return;
  intptr_t maskIndex = -1;
  if (tileOpIs(op, "tile.store")) {
    if (mlirOperationGetNumOperands(op) > 2)
      maskIndex = 2;
  } else {
    intptr_t start, size;
    if (tileOperandSegment(op, 1, &start, &size) && size == 1)
      maskIndex = start;
  }
  AxisInfo info = analyze(pointer, 0);
  AxisInfo mask;
  if (maskIndex >= 0)
    mask = analyze(mlirOperationGetOperand(op, maskIndex), 0);
  unsigned bits =
      tileBitWidthOf(tilePointerTypeGetPointeeType(tileElementTypeOf(pointerType)));
  int64_t bytes = bits < 8 ? 1 : bits / 8;
  int32_t widths[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < info.rank; ++d) {
    int64_t width = min64(info.contiguity[d], max64(1, info.divisibility[d] / bytes));
    if (maskIndex >= 0)
      width = min64(width, mask.rank ? mask.constancy[d] : info.shape[d]);
    widths[d] = (int32_t)floorPowerOfTwo(max64(width, 1));
  }
  MlirContext context = mlirOperationGetContext(op);
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString(widthsAttributeName),
                                  mlirDenseI32ArrayGet(context, info.rank, widths));
}

static MlirWalkResult annotateAccess(MlirOperation op, void *userData) {
  if (tileOpIs(op, "tile.load") || tileOpIs(op, "tile.store"))
    annotate(op);
  return MlirWalkResultAdvance;
}

void tileAnnotateAccessWidths(TileLowering *lowering, MlirOperation module) {
  mlirOperationWalk(module, annotateAccess, NULL, MlirWalkPreOrder);
}

int32_t tileAccessWidth(MlirOperation op, int32_t dim) {
  MlirAttribute widths = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString(widthsAttributeName));
  if (mlirAttributeIsNull(widths) || dim >= mlirDenseArrayGetNumElements(widths))
    return 1;
  return mlirDenseI32ArrayGetElement(widths, dim);
}
