/*===- combiner.c - what tile.reduce and tile.scan lower alike ------------===*
 *
 * Both ops take 1 to TILE_COMBINE_MAX_OPERANDS operands of one layout, an
 * `axis`, and a combiner region that the lowerings clone onto scalars at
 * every combining step. The checks and the cloning live here once, so the
 * two lowerings accept the same ops and report them in the same words.
 *
 * Invariant: a cloned combiner maps each block argument and each value it
 * defines to its scalar copy; values captured from outside the region map
 * to their lowered values.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/support.h"

bool tileCombineOperandsCheck(TileLowering *lowering, MlirOperation op,
                              const char *opsName, int64_t *axis,
                              TileLinearLayout *layout) {
  intptr_t count = mlirOperationGetNumOperands(op);
  if (count < 1 || count > TILE_COMBINE_MAX_OPERANDS) {
    tileLoweringError(op, "%s of 1 to %d operands are lowered, not %ld", opsName,
                      TILE_COMBINE_MAX_OPERANDS, (long)count);
    return false;
  }
  if (!tileGetIntAttr(op, "axis", axis)) {
    tileLoweringError(op, "has no axis");
    return false;
  }
  if (!tileLayoutOfTensor(lowering, op, mlirValueGetType(mlirOperationGetOperand(op, 0)),
                          layout))
    return false;
  for (intptr_t i = 1; i < count; ++i) {
    TileLinearLayout other;
    if (!tileLayoutOfTensor(lowering, op, mlirValueGetType(mlirOperationGetOperand(op, i)),
                            &other))
      return false;
    if (!tileLayoutEqual(&other, layout)) {
      tileLoweringError(op, "operand %ld has another layout than operand 0; "
                            "convert the operands to one layout first",
                        (long)i);
      return false;
    }
  }
  return true;
}

int64_t tileCombineScratchLayout(MlirOperation op, int64_t slotsPerOperand,
                                 int64_t *operandOffsets) {
  int64_t offset = 0;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    int64_t bytes = tileSharedElementBytes(
        tileLoweredElementType(mlirValueGetType(mlirOperationGetOperand(op, i))));
    offset = (offset + bytes - 1) / bytes * bytes;
    operandOffsets[i] = offset;
    offset += slotsPerOperand * bytes;
  }
  return offset;
}

/* Values defined by a cloned combiner, looked up by the originals. */
enum { MAX_COMBINER_VALUES = 256 };

typedef struct ValueMap {
  MlirValue from[MAX_COMBINER_VALUES];
  MlirValue to[MAX_COMBINER_VALUES];
  int32_t count;
} ValueMap;

static MlirValue lookUp(const ValueMap *map, MlirValue value) {
  for (int32_t i = 0; i < map->count; ++i)
    if (mlirValueEqual(map->from[i], value))
      return map->to[i];
  return tileLoweredValue(value); /* captured from outside the combiner */
}

static bool addMapping(ValueMap *map, MlirValue from, MlirValue to) {
  if (map->count == MAX_COMBINER_VALUES)
    return false;
  map->from[map->count] = from;
  map->to[map->count++] = to;
  return true;
}

static MlirWalkResult remapOperands(MlirOperation op, void *userData) {
  const ValueMap *map = userData;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirValue mapped = lookUp(map, operand);
    if (!mlirValueEqual(mapped, operand))
      mlirOperationSetOperand(op, i, mapped);
  }
  return MlirWalkResultAdvance;
}

/* `inner` lowered on its mapped operands when a copy of it would not do
 * (libdevice math such as math.exp, which NVPTX cannot select); null when
 * a copy does. */
static MlirValue emitExpanded(TileLowering *lowering, MlirOperation inner,
                              const ValueMap *map) {
  enum { MAX_SCALAR_OPERANDS = 4 };
  intptr_t count = mlirOperationGetNumOperands(inner);
  if (mlirOperationGetNumResults(inner) != 1 || mlirOperationGetNumRegions(inner) != 0 ||
      count > MAX_SCALAR_OPERANDS)
    return (MlirValue){NULL};
  MlirValue operands[MAX_SCALAR_OPERANDS];
  for (intptr_t i = 0; i < count; ++i)
    operands[i] = lookUp(map, mlirOperationGetOperand(inner, i));
  return tileEmitElementwiseScalar(
      lowering, inner, count, operands,
      tileLoweredElementType(mlirValueGetType(mlirOperationGetResult(inner, 0))));
}

bool tileEmitCombine(TileLowering *lowering, MlirOperation op,
                     const MlirValue *accumulated, const MlirValue *next,
                     MlirValue *results) {
  intptr_t count = mlirOperationGetNumOperands(op);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  if (mlirBlockIsNull(body) || mlirBlockGetNumArguments(body) != 2 * count) {
    tileLoweringError(op, "the combiner must take %ld arguments", (long)(2 * count));
    return false;
  }
  ValueMap map = {.count = 0};
  for (intptr_t i = 0; i < count; ++i) {
    addMapping(&map, mlirBlockGetArgument(body, i), accumulated[i]);
    addMapping(&map, mlirBlockGetArgument(body, count + i), next[i]);
  }
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (MlirOperation inner = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(inner);
       inner = mlirOperationGetNextInBlock(inner)) {
    if (mlirOperationEqual(inner, terminator)) {
      for (intptr_t i = 0; i < count; ++i)
        results[i] = lookUp(&map, mlirOperationGetOperand(inner, i));
      return true;
    }
    MlirValue expanded = emitExpanded(lowering, inner, &map);
    MlirOperation clone = (MlirOperation){NULL};
    if (mlirValueIsNull(expanded)) {
      clone = mlirOperationClone(inner);
      mlirRewriterBaseInsert(lowering->rewriter, clone);
      mlirOperationWalk(clone, remapOperands, &map, MlirWalkPreOrder);
    }
    for (intptr_t i = 0; i < mlirOperationGetNumResults(inner); ++i)
      if (!addMapping(&map, mlirOperationGetResult(inner, i),
                      mlirValueIsNull(expanded) ? mlirOperationGetResult(clone, i)
                                                : expanded)) {
        tileLoweringError(op, "the combiner defines more than %d values",
                          MAX_COMBINER_VALUES);
        return false;
      }
  }
  tileLoweringError(op, "the combiner has no terminator");
  return false;
}
