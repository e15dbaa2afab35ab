/*===- convert_layout.c - convert_layout through shared memory --------------===*
 *
 * A conversion whose threads keep their data (the lane and warp bases of
 * both layouts agree: a no-op or a renumbering of registers) is view_ops.c's
 * work. Any other one goes through shared memory: every thread stores its
 * registers where a shared layout puts their coordinates, `barrier0`, and
 * every thread loads the coordinates its destination registers hold. Data
 * that only moves between lanes of a warp moves with shuffles instead
 * (convert_layout_shuffle.c) when one shuffle per register can do it.
 *
 * The shared layout is a swizzled one, chosen by tileLayoutGetSharedAccessCost
 * among a few vector widths and phase counts (the source's fastest dim
 * contiguous): the fewest wavefronts for the store plus the load, then the
 * fewest instructions. The hardware index -> offset maps are linear, so a
 * register's offset is a constant XOR the thread's lane/warp part; runs of
 * registers at consecutive, aligned offsets move as one vector access of at
 * most 16 bytes. Copies of an element held by several threads (free lane or
 * warp bits of the source) are stored by one of them only.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/local_memory.h"
#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "conversion/tilegpu_to_llvm/warp_shuffle_plan.h"
#include "dialects/support.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <string.h>

enum { MAX_ACCESS_BYTES = 16 };

static int32_t log2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

/* True when every lane and warp basis of the two layouts agree. */
static bool threadsKeepTheirData(const TileLinearLayout *src,
                                 const TileLinearLayout *dst, int32_t rank) {
  static const TileLayoutDimName names[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 2; ++i) {
    if (log2Size(src, names[i]) != log2Size(dst, names[i]))
      return false;
    for (int32_t bit = 0; bit < log2Size(src, names[i]); ++bit) {
      int32_t a[TILE_LAYOUT_MAX_RANK], b[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(src, names[i], bit, rank, a);
      tileLayoutBasis(dst, names[i], bit, rank, b);
      if (memcmp(a, b, sizeof(int32_t) * (size_t)rank) != 0)
        return false;
    }
  }
  return true;
}

typedef struct Conversion {
  int32_t rank;
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  MlirType element; /* lowered element type */
  int64_t elementBytes;
  TileLinearLayout src, dst;
} Conversion;

static bool conversionOf(TileLowering *lowering, MlirOperation op, Conversion *conversion) {
  MlirType srcType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType dstType = mlirValueGetType(mlirOperationGetResult(op, 0));
  conversion->rank = (int32_t)tileShapeOf(srcType, conversion->shape, TILE_LAYOUT_MAX_RANK);
  conversion->element = tileLoweredElementType(srcType);
  conversion->elementBytes = tileSharedElementBytes(conversion->element);
  return tileLayoutOfTensor(lowering, op, srcType, &conversion->src) &&
         tileLayoutOfTensor(lowering, op, dstType, &conversion->dst);
}

int64_t tileConvertLayoutScratchBytes(TileLowering *lowering, MlirOperation op) {
  Conversion conversion;
  TileWarpShufflePlan shuffles;
  if (!conversionOf(lowering, op, &conversion))
    return -1;
  if (threadsKeepTheirData(&conversion.src, &conversion.dst, conversion.rank) ||
      tileWarpShufflePlanGet(&conversion.src, &conversion.dst, &shuffles))
    return 0;
  return tileNumElementsOf(mlirValueGetType(mlirOperationGetOperand(op, 0))) *
         conversion.elementBytes;
}

/* ---- Choosing the shared layout ----------------------------------------- */

/* Dims from fastest to slowest as `layout` walks them: the order in which
 * register, then lane, then warp bases first step along each. */
static void fastestDimsOf(const TileLinearLayout *layout, int32_t rank, int32_t *order) {
  static const TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                             TILE_LAYOUT_WARP};
  bool placed[TILE_LAYOUT_MAX_RANK] = {false};
  int32_t count = 0;
  for (int32_t i = 0; i < 3; ++i)
    for (int32_t bit = 0; bit < log2Size(layout, names[i]); ++bit) {
      int32_t basis[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(layout, names[i], bit, rank, basis);
      for (int32_t d = 0; d < rank; ++d)
        if (basis[d] != 0 && !placed[d]) {
          placed[d] = true;
          order[count++] = d;
        }
    }
  for (int32_t d = rank - 1; d >= 0; --d)
    if (!placed[d])
      order[count++] = d;
}

static bool isBijective(const TileLinearLayout *layout) {
  return tileLayoutIsInjective(layout) && tileLayoutIsSurjective(layout);
}

/* ---- Emitting the round trip -------------------------------------------- */

/* Registers a thread moves with one access (see tileSharedAccessWidth). */
static int32_t vectorWidth(const Conversion *conversion, const TileLinearLayout *toOffset) {
  return tileSharedAccessWidth(conversion->element, conversion->elementBytes, toOffset);
}

/* Wavefronts of one direction of the round trip through `shared`, with the
 * vector width the emitted code will really use. */
static bool accessCost(const Conversion *conversion, const TileLinearLayout *distributed,
                       const TileLinearLayout *shared, int64_t *wavefronts,
                       int64_t *accesses) {
  TileLinearLayout toOffset;
  if (tileLayoutInvertAndCompose(&toOffset, distributed, shared) != TILE_LAYOUT_OK)
    return false;
  int32_t elementBits = (int32_t)conversion->elementBytes * 8;
  TileLayoutSharedAccessCost cost;
  if (tileLayoutGetSharedAccessCost(distributed, shared, elementBits,
                                    vectorWidth(conversion, &toOffset) * elementBits,
                                    &cost) != TILE_LAYOUT_OK)
    return false;
  *wavefronts += cost.wavefronts;
  *accesses += cost.accessesPerThread;
  return true;
}

/* Picks the swizzled layout (the source's fastest dim contiguous) with the
 * fewest wavefronts for the store plus the load, then the fewest accesses. */
static bool chooseSharedLayout(const Conversion *conversion, TileLinearLayout *best) {
  TileSwizzledSharedEncoding encoding;
  memset(&encoding, 0, sizeof(encoding));
  fastestDimsOf(&conversion->src, conversion->rank, encoding.order);
  int64_t bestCost = -1, bestAccesses = 0;
  for (int32_t vec = 1; vec * conversion->elementBytes <= MAX_ACCESS_BYTES; vec *= 2)
    for (int32_t perPhase = 1; perPhase <= 8; perPhase *= 2)
      for (int32_t maxPhase = 1; maxPhase <= 8; maxPhase *= 2) {
        encoding.vec = vec;
        encoding.perPhase = perPhase;
        encoding.maxPhase = maxPhase;
        TileLinearLayout shared;
        int64_t cost = 0, accesses = 0;
        if (tileLayoutFromSwizzledShared(&shared, &encoding, conversion->rank,
                                         conversion->shape) != TILE_LAYOUT_OK ||
            !isBijective(&shared) ||
            !accessCost(conversion, &conversion->src, &shared, &cost, &accesses) ||
            !accessCost(conversion, &conversion->dst, &shared, &cost, &accesses))
          continue;
        if (bestCost < 0 || cost < bestCost ||
            (cost == bestCost && accesses < bestAccesses)) {
          bestCost = cost;
          bestAccesses = accesses;
          *best = shared;
        }
      }
  return bestCost >= 0;
}

/* The address of register `reg`'s element: base + scratch + (thread part
 * XOR register part) * bytes. */
static MlirValue emitRegisterAddress(TileLowering *lowering, MlirLocation location,
                                     const Conversion *conversion,
                                     const TileLinearLayout *toOffset, MlirValue base,
                                     int64_t scratchOffset, MlirValue threadOffset,
                                     int32_t reg) {
  MlirValue element = tileEmitRegisterOffset(lowering, location, toOffset, threadOffset, reg, 0);
  MlirValue bytes = tileEmitBinary(
      lowering, location, "llvm.add",
      tileEmitBinary(lowering, location, "llvm.mul", element,
                     tileEmitI32(lowering, location, conversion->elementBytes)),
      tileEmitI32(lowering, location, scratchOffset));
  return tileEmitSharedAddress(lowering, location, base, bytes);
}

static void storeRegisters(TileLowering *lowering, MlirLocation location,
                           const Conversion *conversion, const TileLinearLayout *toOffset,
                           MlirValue base, int64_t scratchOffset, MlirValue lane,
                           MlirValue warp, const MlirValue *values) {
  int32_t width = vectorWidth(conversion, toOffset);
  int32_t registers = tileLayoutGetNumRegisters(&conversion->src);
  uint32_t copies = tileLayoutGetFreeVariableMask(&conversion->src, TILE_LAYOUT_REGISTER);
  MlirValue threadOffset = tileEmitThreadOffset(lowering, location, toOffset, lane, warp);
  for (int32_t reg = 0; reg < registers; reg += width) {
    if ((uint32_t)reg & copies)
      continue;
    MlirValue address = emitRegisterAddress(lowering, location, conversion, toOffset, base,
                                            scratchOffset, threadOffset, reg);
    tileEmitSharedStoreRun(lowering, location, address, conversion->element,
                           conversion->elementBytes, width, values + reg);
  }
}

static void loadRegisters(TileLowering *lowering, MlirLocation location,
                          const Conversion *conversion, const TileLinearLayout *toOffset,
                          MlirValue base, int64_t scratchOffset, MlirValue lane,
                          MlirValue warp, MlirValue *values) {
  int32_t width = vectorWidth(conversion, toOffset);
  int32_t registers = tileLayoutGetNumRegisters(&conversion->dst);
  MlirValue threadOffset = tileEmitThreadOffset(lowering, location, toOffset, lane, warp);
  for (int32_t reg = 0; reg < registers; reg += width) {
    MlirValue address = emitRegisterAddress(lowering, location, conversion, toOffset, base,
                                            scratchOffset, threadOffset, reg);
    tileEmitSharedLoadRun(lowering, location, address, conversion->element,
                          conversion->elementBytes, width, values + reg);
  }
}

MlirLogicalResult tileLowerConvertLayout(TileLowering *lowering, MlirOperation op) {
  Conversion conversion;
  if (!conversionOf(lowering, op, &conversion))
    return mlirLogicalResultFailure();
  if (threadsKeepTheirData(&conversion.src, &conversion.dst, conversion.rank))
    return tileLowerViewOp(lowering, op);
  TileWarpShufflePlan shuffles;
  if (tileWarpShufflePlanGet(&conversion.src, &conversion.dst, &shuffles))
    return tileLowerWarpShuffleConversion(lowering, op, &shuffles);
  int64_t scratchOffset;
  if (!tileSharedOffsetOf(op, &scratchOffset))
    return mlirLogicalResultFailure();
  TileLinearLayout shared, srcToOffset, dstToOffset;
  if (!chooseSharedLayout(&conversion, &shared) ||
      tileLayoutInvertAndCompose(&srcToOffset, &conversion.src, &shared) != TILE_LAYOUT_OK ||
      tileLayoutInvertAndCompose(&dstToOffset, &conversion.dst, &shared) != TILE_LAYOUT_OK)
    return tileLoweringError(op, "no shared-memory layout fits this conversion; "
                                 "this shape is not lowered yet");
  MlirType structType =
      tileLoweredType(lowering, op, mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();

  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue srcValues[TILE_LOWERING_MAX_REGISTERS], dstValues[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, 0)),
                 tileLayoutGetNumRegisters(&conversion.src), srcValues);
  MlirValue base = tileEmitSharedBase(lowering, location);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirOperation ifOp = tileEmitBeginOwnerIf(lowering, location, &conversion.src, lane, warp);
  storeRegisters(lowering, location, &conversion, &srcToOffset, base, scratchOffset, lane,
                 warp, srcValues);
  if (!mlirOperationIsNull(ifOp))
    tileEmitEndIf(lowering, ifOp);
  tileEmitBarrier(lowering, location);
  loadRegisters(lowering, location, &conversion, &dstToOffset, base, scratchOffset, lane,
                warp, dstValues);
  MlirValue packed = tileEmitPack(lowering, location, structType,
                                  tileLayoutGetNumRegisters(&conversion.dst), dstValues);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
