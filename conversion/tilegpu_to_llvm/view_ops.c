/*===- view_ops.c - splat and the ops that only re-index a tensor -----------===*
 *
 * broadcast, expand_dims, reshape, trans and convert_layout change which
 * coordinates name an element, not where it lives — as long as every
 * element a thread needs is already in that thread. Each such op has a
 * coordinate map f from result coordinates to source coordinates, linear
 * over GF(2) for power-of-two shapes (drop or zero a dim, permute dims,
 * re-split a row-major index). Applying f to the result layout's lane and
 * warp bases must give the source layout's: then the data stays in the
 * thread, and result register r is the source register holding
 * f(coordinates of r). Otherwise the op moves data between threads, which
 * needs shuffles or shared memory and is reported as not lowered yet.
 *
 * join and split work the same way with the last dim picking the operand
 * (join) or the result (split); that dim must live in registers. cat may
 * reorder, so it concatenates register lists.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/support.h"

#include "mlir-c/Dialect/LLVM.h"

#include <string.h>

typedef struct CoordinateMap {
  enum {
    MAP_IDENTITY,
    MAP_BROADCAST,
    MAP_EXPAND_DIMS,
    MAP_RESHAPE,
    MAP_TRANS,
    MAP_DROP_LAST,   /* join: the last result dim picks the operand */
    MAP_APPEND_ZERO, /* split: the result picks the last source dim */
  } kind;
  int32_t srcRank, dstRank;
  int64_t srcShape[TILE_LAYOUT_MAX_RANK], dstShape[TILE_LAYOUT_MAX_RANK];
  int64_t axis;                        /* expand_dims */
  int64_t order[TILE_LAYOUT_MAX_RANK]; /* trans: result dim i is source dim order[i] */
} CoordinateMap;

/* Source coordinates of result coordinates `dst`. */
static void mapCoordinates(const CoordinateMap *map, const int32_t *dst,
                           int32_t *src) {
  switch (map->kind) {
  case MAP_IDENTITY:
    memcpy(src, dst, sizeof(int32_t) * (size_t)map->dstRank);
    return;
  case MAP_BROADCAST:
    for (int32_t d = 0; d < map->dstRank; ++d)
      src[d] = map->srcShape[d] == 1 ? 0 : dst[d];
    return;
  case MAP_EXPAND_DIMS:
    for (int32_t d = 0, s = 0; d < map->dstRank; ++d)
      if (d != map->axis)
        src[s++] = dst[d];
    return;
  case MAP_TRANS:
    for (int32_t d = 0; d < map->dstRank; ++d)
      src[map->order[d]] = dst[d];
    return;
  case MAP_DROP_LAST:
    memcpy(src, dst, sizeof(int32_t) * (size_t)map->srcRank);
    return;
  case MAP_APPEND_ZERO:
    memcpy(src, dst, sizeof(int32_t) * (size_t)map->dstRank);
    src[map->dstRank] = 0;
    return;
  case MAP_RESHAPE: {
    int64_t flat = 0;
    for (int32_t d = 0; d < map->dstRank; ++d)
      flat = flat * map->dstShape[d] + dst[d];
    for (int32_t d = map->srcRank - 1; d >= 0; --d) {
      src[d] = (int32_t)(flat % map->srcShape[d]);
      flat /= map->srcShape[d];
    }
    return;
  }
  }
}

static bool sameCoordinates(const int32_t *a, const int32_t *b, int32_t rank) {
  return memcmp(a, b, sizeof(int32_t) * (size_t)rank) == 0;
}

/* True if f maps every lane and warp basis of `dst` onto the same basis of
 * `src`, i.e. every thread already holds the elements it needs. */
static bool threadsKeepTheirData(const CoordinateMap *map,
                                 const TileLinearLayout *src,
                                 const TileLinearLayout *dst) {
  static const TileLayoutDimName names[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 2; ++i) {
    int32_t bits = 0;
    while ((1 << bits) < tileLayoutGetInDimSize(dst, names[i]))
      ++bits;
    for (int32_t bit = 0; bit < bits; ++bit) {
      int32_t dstBasis[TILE_LAYOUT_MAX_RANK], mapped[TILE_LAYOUT_MAX_RANK],
          srcBasis[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(dst, names[i], bit, map->dstRank, dstBasis);
      tileLayoutBasis(src, names[i], bit, map->srcRank, srcBasis);
      mapCoordinates(map, dstBasis, mapped);
      if (!sameCoordinates(mapped, srcBasis, map->srcRank))
        return false;
    }
  }
  return true;
}

static bool buildMap(MlirOperation op, MlirType srcType, MlirType dstType,
                     CoordinateMap *map) {
  memset(map, 0, sizeof(*map));
  map->srcRank = (int32_t)tileShapeOf(srcType, map->srcShape, TILE_LAYOUT_MAX_RANK);
  map->dstRank = (int32_t)tileShapeOf(dstType, map->dstShape, TILE_LAYOUT_MAX_RANK);
  if (tileOpIs(op, "tile.broadcast"))
    map->kind = map->srcRank == map->dstRank ? MAP_BROADCAST : MAP_IDENTITY;
  else if (tileOpIs(op, "tile.expand_dims"))
    map->kind = MAP_EXPAND_DIMS;
  else if (tileOpIs(op, "tile.reshape"))
    map->kind = MAP_RESHAPE;
  else if (tileOpIs(op, "tile.trans"))
    map->kind = MAP_TRANS;
  else
    map->kind = MAP_IDENTITY;
  if (map->kind == MAP_EXPAND_DIMS && !tileGetIntAttr(op, "axis", &map->axis))
    return false;
  if (map->kind == MAP_TRANS &&
      tileGetI32ArrayAttr(op, "order", map->order, TILE_LAYOUT_MAX_RANK) != map->dstRank)
    return false;
  return map->kind != MAP_IDENTITY || map->srcRank == map->dstRank;
}

MlirLogicalResult tileLowerViewOp(TileLowering *lowering, MlirOperation op) {
  MlirValue source = mlirOperationGetOperand(op, 0);
  MlirType srcType = mlirValueGetType(source);
  MlirType dstType = mlirValueGetType(mlirOperationGetResult(op, 0));
  CoordinateMap map;
  if (!buildMap(op, srcType, dstType, &map))
    return tileLoweringError(op, "unexpected operand or attributes");
  TileLinearLayout srcLayout, dstLayout;
  if (!tileLayoutOfTensor(lowering, op, srcType, &srcLayout) ||
      !tileLayoutOfTensor(lowering, op, dstType, &dstLayout))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, dstType);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  if (!threadsKeepTheirData(&map, &srcLayout, &dstLayout)) {
    TileLayoutConversionKind kind = TILE_LAYOUT_CONVERSION_SHARED_MEMORY;
    if (map.kind == MAP_IDENTITY)
      tileLayoutClassifyConversion(&srcLayout, &dstLayout, &kind);
    return tileLoweringError(op, "this op moves data between threads (%s), "
                                 "which is not lowered yet",
                             tileLayoutConversionKindString(kind));
  }

  int32_t srcRegisters = tileLayoutGetNumRegisters(&srcLayout);
  int32_t dstRegisters = tileLayoutGetNumRegisters(&dstLayout);
  int32_t srcCoordinates[TILE_LOWERING_MAX_REGISTERS][TILE_LAYOUT_MAX_RANK];
  for (int32_t r = 0; r < srcRegisters; ++r)
    tileRegisterCoordinates(&srcLayout, map.srcRank, r, srcCoordinates[r]);

  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue srcValues[TILE_LOWERING_MAX_REGISTERS];
  MlirValue dstValues[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(source), srcRegisters, srcValues);
  for (int32_t r = 0; r < dstRegisters; ++r) {
    int32_t dstCoordinates[TILE_LAYOUT_MAX_RANK], wanted[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(&dstLayout, map.dstRank, r, dstCoordinates);
    mapCoordinates(&map, dstCoordinates, wanted);
    int32_t found = -1;
    for (int32_t s = 0; s < srcRegisters && found < 0; ++s)
      if (sameCoordinates(srcCoordinates[s], wanted, map.srcRank))
        found = s;
    if (found < 0)
      return tileLoweringError(op, "result register %d has no source register "
                                   "in the same thread",
                               r);
    dstValues[r] = srcValues[found];
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, dstRegisters, dstValues);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerSplat(TileLowering *lowering, MlirOperation op) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType structType = tileLoweredType(lowering, op, type);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  MlirValue scalar = tileLoweredValue(mlirOperationGetOperand(op, 0));
  intptr_t registers = mlirLLVMStructTypeGetNumElementTypes(structType);
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  for (intptr_t r = 0; r < registers; ++r)
    values[r] = scalar;
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue packed = tileEmitPack(lowering, mlirOperationGetLocation(op),
                                  structType, registers, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

/* Source register of every result register under `map`, where the last
 * result coordinate (join) or `appended` (split, >= 0) picks among sources;
 * `sourceOf[r]` is register + count * source. False after an error. */
static bool matchRegisters(TileLowering *lowering, MlirOperation op,
                           const CoordinateMap *map, const TileLinearLayout *src,
                           const TileLinearLayout *dst, int32_t appended,
                           int32_t *sourceOf) {
  if (!threadsKeepTheirData(map, src, dst)) {
    tileLoweringError(op, "the operand and result layouts put the two halves in "
                          "different threads, which is not lowered yet");
    return false;
  }
  int32_t srcRegisters = tileLayoutGetNumRegisters(src);
  int32_t dstRegisters = tileLayoutGetNumRegisters(dst);
  for (int32_t r = 0; r < dstRegisters; ++r) {
    int32_t coordinates[TILE_LAYOUT_MAX_RANK], wanted[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(dst, map->dstRank, r, coordinates);
    mapCoordinates(map, coordinates, wanted);
    int32_t which = 0;
    if (map->kind == MAP_DROP_LAST)
      which = coordinates[map->dstRank - 1];
    else
      wanted[map->srcRank - 1] = appended;
    sourceOf[r] = -1;
    for (int32_t s = 0; s < srcRegisters && sourceOf[r] < 0; ++s) {
      int32_t candidate[TILE_LAYOUT_MAX_RANK];
      tileRegisterCoordinates(src, map->srcRank, s, candidate);
      if (sameCoordinates(candidate, wanted, map->srcRank))
        sourceOf[r] = s + which * srcRegisters;
    }
    if (sourceOf[r] < 0) {
      tileLoweringError(op, "result register %d has no source register in the same "
                            "thread",
                        r);
      return false;
    }
  }
  return true;
}

/* The lane and warp bases of `layout` leave its last dim alone, so both
 * values of that dim live in the same thread. */
static bool lastDimInRegisters(const TileLinearLayout *layout, int32_t rank) {
  static const TileLayoutDimName names[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 2; ++i)
    for (int32_t bit = 0; (1 << bit) < tileLayoutGetInDimSize(layout, names[i]); ++bit) {
      int32_t basis[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(layout, names[i], bit, rank, basis);
      if (basis[rank - 1] != 0)
        return false;
    }
  return true;
}

/* The map, layouts and result struct type of a join or split (operand 0
 * and result 0 are the ones whose ranks differ). False after an error. */
static bool prepareJoinOrSplit(TileLowering *lowering, MlirOperation op, int kind,
                               CoordinateMap *map, TileLinearLayout *srcLayout,
                               TileLinearLayout *dstLayout, MlirType *structType) {
  MlirType srcType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType dstType = mlirValueGetType(mlirOperationGetResult(op, 0));
  memset(map, 0, sizeof(*map));
  map->kind = kind;
  map->srcRank = (int32_t)tileShapeOf(srcType, map->srcShape, TILE_LAYOUT_MAX_RANK);
  map->dstRank = (int32_t)tileShapeOf(dstType, map->dstShape, TILE_LAYOUT_MAX_RANK);
  if (!tileLayoutOfTensor(lowering, op, srcType, srcLayout) ||
      !tileLayoutOfTensor(lowering, op, dstType, dstLayout))
    return false;
  *structType = tileLoweredType(lowering, op, dstType);
  return !mlirTypeIsNull(*structType);
}

MlirLogicalResult tileLowerJoin(TileLowering *lowering, MlirOperation op) {
  CoordinateMap map;
  TileLinearLayout srcLayout, dstLayout;
  MlirType structType;
  if (!prepareJoinOrSplit(lowering, op, MAP_DROP_LAST, &map, &srcLayout, &dstLayout,
                          &structType))
    return mlirLogicalResultFailure();
  if (!lastDimInRegisters(&dstLayout, map.dstRank))
    return tileLoweringError(op, "the result layout spreads the joined dim over lanes "
                                 "or warps, which is not lowered yet");
  int32_t srcRegisters = tileLayoutGetNumRegisters(&srcLayout);
  int32_t dstRegisters = tileLayoutGetNumRegisters(&dstLayout);
  int32_t sourceOf[TILE_LOWERING_MAX_REGISTERS];
  if (!matchRegisters(lowering, op, &map, &srcLayout, &dstLayout, -1, sourceOf))
    return mlirLogicalResultFailure();
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue sources[2 * TILE_LOWERING_MAX_REGISTERS], values[TILE_LOWERING_MAX_REGISTERS];
  for (int32_t i = 0; i < 2; ++i)
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, i)),
                   srcRegisters, sources + i * srcRegisters);
  for (int32_t r = 0; r < dstRegisters; ++r)
    values[r] = sources[sourceOf[r]];
  MlirValue packed = tileEmitPack(lowering, location, structType, dstRegisters, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerSplit(TileLowering *lowering, MlirOperation op) {
  CoordinateMap map;
  TileLinearLayout srcLayout, dstLayout;
  MlirType structType;
  if (!prepareJoinOrSplit(lowering, op, MAP_APPEND_ZERO, &map, &srcLayout, &dstLayout,
                          &structType))
    return mlirLogicalResultFailure();
  int32_t srcRegisters = tileLayoutGetNumRegisters(&srcLayout);
  int32_t dstRegisters = tileLayoutGetNumRegisters(&dstLayout);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue sources[TILE_LOWERING_MAX_REGISTERS], values[TILE_LOWERING_MAX_REGISTERS];
  MlirValue results[2];
  tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, 0)),
                 srcRegisters, sources);
  for (int32_t half = 0; half < 2; ++half) {
    int32_t sourceOf[TILE_LOWERING_MAX_REGISTERS];
    if (!matchRegisters(lowering, op, &map, &srcLayout, &dstLayout, half, sourceOf))
      return mlirLogicalResultFailure();
    for (int32_t r = 0; r < dstRegisters; ++r)
      values[r] = sources[sourceOf[r]];
    results[half] = tileEmitPack(lowering, location, structType, dstRegisters, values);
  }
  tileReplaceOp(lowering, op, results);
  return mlirLogicalResultSuccess();
}

/* tile.cat may reorder elements, so the result is the operands' registers
 * back to back when the result layout has exactly that many. */
MlirLogicalResult tileLowerCat(TileLowering *lowering, MlirOperation op) {
  MlirType srcType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType dstType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType srcStruct = tileLoweredType(lowering, op, srcType);
  MlirType dstStruct = tileLoweredType(lowering, op, dstType);
  if (mlirTypeIsNull(srcStruct) || mlirTypeIsNull(dstStruct))
    return mlirLogicalResultFailure();
  intptr_t srcRegisters = mlirLLVMStructTypeGetNumElementTypes(srcStruct);
  intptr_t dstRegisters = mlirLLVMStructTypeGetNumElementTypes(dstStruct);
  if (dstRegisters != 2 * srcRegisters)
    return tileLoweringError(op, "the result layout holds %d registers per thread, not "
                                 "the operands' %d + %d; not lowered yet",
                             (int)dstRegisters, (int)srcRegisters, (int)srcRegisters);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  for (int32_t i = 0; i < 2; ++i)
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, i)),
                   srcRegisters, values + i * srcRegisters);
  MlirValue packed = tileEmitPack(lowering, location, dstStruct, dstRegisters, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
