/*===- reduce.c - tile.reduce: registers, then lanes, then warps ------------===*
 *
 * The operand layout says where the reduced axis lives. Its register bits
 * along the axis are combined inside each thread, its lane bits with one
 * `shfl.sync.bfly` per bit (after which every lane of the group holds the
 * total), and its warp bits through shared-memory scratch: one lane per
 * warp writes its partial for each output position, `barrier0`, and every
 * thread reads the partials of the outputs it owns and combines them in
 * warp order. Bits that only copy data (free variables of the layout) are
 * never combined, so a sum counts each element once.
 *
 * The combiner region is cloned onto scalars at every combining step, so
 * any associative combiner works, with any number of operands (value and
 * index for argmax). Results are scalars for 1-D operands (every thread
 * gets the value) or tensors whose layout is the slice of the operand's
 * along the axis: a result register is the group of operand registers
 * with the same coordinates off the axis.
 *
 * Layouts whose lane or warp bases move along the axis and another dim at
 * once are reported as not lowered yet.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/support.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdlib.h>
#include <string.h>

/* ---- Planning ----------------------------------------------------------- */

static int32_t popCount(uint32_t bits) {
  int32_t count = 0;
  for (; bits; bits &= bits - 1)
    ++count;
  return count;
}

static int32_t log2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

/* The bits of input `name` whose basis moves along `axis` (and nothing
 * else); false if one moves along the axis and another dim at once. */
static bool axisBits(const TileLinearLayout *layout, TileLayoutDimName name,
                     int32_t rank, int32_t axis, uint32_t freeBits, uint32_t *bits) {
  *bits = 0;
  for (int32_t bit = 0; bit < log2Size(layout, name); ++bit) {
    if ((freeBits >> bit) & 1)
      continue;
    int32_t basis[TILE_LAYOUT_MAX_RANK];
    tileLayoutBasis(layout, name, bit, rank, basis);
    bool offAxis = false;
    for (int32_t d = 0; d < rank; ++d)
      offAxis |= d != axis && basis[d] != 0;
    if (basis[axis] == 0)
      continue;
    if (offAxis)
      return false;
    *bits |= 1u << bit;
  }
  return true;
}

bool tileReducePlanGet(TileLowering *lowering, MlirOperation op,
                       TileReducePlan *plan) {
  memset(plan, 0, sizeof(*plan));
  intptr_t count = mlirOperationGetNumOperands(op);
  int64_t axis;
  if (!tileCombineOperandsCheck(lowering, op, "reductions", &axis, &plan->source))
    return false;
  MlirType sourceType = mlirValueGetType(mlirOperationGetOperand(op, 0));
  plan->numOperands = (int32_t)count;
  plan->axis = (int32_t)axis;
  plan->rank = (int32_t)tileRankOf(sourceType);
  plan->freeLanes = tileLayoutGetFreeVariableMask(&plan->source, TILE_LAYOUT_LANE);
  plan->freeWarps = tileLayoutGetFreeVariableMask(&plan->source, TILE_LAYOUT_WARP);
  if (!axisBits(&plan->source, TILE_LAYOUT_LANE, plan->rank, plan->axis,
                plan->freeLanes, &plan->shuffleLanes) ||
      !axisBits(&plan->source, TILE_LAYOUT_WARP, plan->rank, plan->axis,
                plan->freeWarps, &plan->crossWarps)) {
    tileLoweringError(op, "reducing a layout whose lanes or warps step along "
                          "the axis and another dim at once is not lowered "
                          "yet; convert the operand to a blocked layout first");
    return false;
  }
  plan->axisWarps = 1 << popCount(plan->crossWarps);
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  tileShapeOf(sourceType, shape, TILE_LAYOUT_MAX_RANK);
  plan->numOutputs = tileNumElementsOf(sourceType) / shape[axis];
  if (plan->crossWarps == 0)
    return true;
  plan->scratchBytes = tileCombineScratchLayout(op, plan->numOutputs * plan->axisWarps,
                                                plan->operandOffsets);
  return true;
}

/* ---- Lowering ----------------------------------------------------------- */

/* The result layout must be the operand's with the axis removed: same lane
 * and warp bases off the axis. */
static bool isSliceOfSource(const TileReducePlan *plan,
                            const TileLinearLayout *result) {
  static const TileLayoutDimName names[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 2; ++i)
    for (int32_t bit = 0; bit < log2Size(&plan->source, names[i]); ++bit) {
      int32_t source[TILE_LAYOUT_MAX_RANK], sliced[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(&plan->source, names[i], bit, plan->rank, source);
      tileLayoutBasis(result, names[i], bit, plan->rank - 1, sliced);
      for (int32_t d = 0, s = 0; d < plan->rank; ++d)
        if (d != plan->axis && source[d] != sliced[s++])
          return false;
    }
  return true;
}

/* Operand registers grouped by their coordinates off the axis. */
typedef struct RegisterGroups {
  int32_t count;
  int32_t representative[TILE_LOWERING_MAX_REGISTERS];
  int32_t key[TILE_LOWERING_MAX_REGISTERS][TILE_LAYOUT_MAX_RANK];
  MlirValue value[TILE_LOWERING_MAX_REGISTERS][TILE_COMBINE_MAX_OPERANDS];
} RegisterGroups;

static int32_t findGroup(const RegisterGroups *groups, const int32_t *key,
                         int32_t rank) {
  for (int32_t g = 0; g < groups->count; ++g)
    if (memcmp(groups->key[g], key, sizeof(int32_t) * (size_t)rank) == 0)
      return g;
  return -1;
}

static bool combineInThreads(TileLowering *lowering, MlirOperation op,
                             const TileReducePlan *plan, RegisterGroups *groups) {
  MlirLocation location = mlirOperationGetLocation(op);
  int32_t registers = tileLayoutGetNumRegisters(&plan->source);
  uint32_t copies = tileLayoutGetFreeVariableMask(&plan->source, TILE_LAYOUT_REGISTER);
  MlirValue *values = malloc(sizeof(MlirValue) * (size_t)registers * (size_t)plan->numOperands);
  if (!values) {
    tileLoweringError(op, "out of memory");
    return false;
  }
  for (int32_t n = 0; n < plan->numOperands; ++n)
    tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, n)),
                   registers, values + (size_t)n * (size_t)registers);
  groups->count = 0;
  bool ok = true;
  for (int32_t r = 0; r < registers && ok; ++r) {
    if ((uint32_t)r & copies)
      continue;
    int32_t key[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(&plan->source, plan->rank, r, key);
    key[plan->axis] = 0;
    MlirValue next[TILE_COMBINE_MAX_OPERANDS];
    for (int32_t n = 0; n < plan->numOperands; ++n)
      next[n] = values[(size_t)n * (size_t)registers + (size_t)r];
    int32_t g = findGroup(groups, key, plan->rank);
    if (g < 0) {
      g = groups->count++;
      groups->representative[g] = r;
      memcpy(groups->key[g], key, sizeof(key));
      memcpy(groups->value[g], next, sizeof(MlirValue) * (size_t)plan->numOperands);
      continue;
    }
    ok = tileEmitCombine(lowering, op, groups->value[g], next, groups->value[g]);
  }
  free(values);
  return ok;
}

static bool combineAcrossLanes(TileLowering *lowering, MlirOperation op,
                               const TileReducePlan *plan, RegisterGroups *groups) {
  MlirLocation location = mlirOperationGetLocation(op);
  for (int32_t bit = 0; bit < 5; ++bit) {
    if (!((plan->shuffleLanes >> bit) & 1))
      continue;
    for (int32_t g = 0; g < groups->count; ++g) {
      MlirValue other[TILE_COMBINE_MAX_OPERANDS];
      for (int32_t n = 0; n < plan->numOperands; ++n)
        other[n] = tileEmitShuffle(lowering, location, "bfly", groups->value[g][n], 1 << bit);
      if (!tileEmitCombine(lowering, op, groups->value[g], other, groups->value[g]))
        return false;
    }
  }
  return true;
}

/* One lane per warp and output writes the warp's partial to slot
 * output * axisWarps + (the warp's index along the axis). */
static void writeWarpPartials(TileLowering *lowering, MlirOperation op,
                              const TileReducePlan *plan, const RegisterGroups *groups,
                              MlirValue base, int64_t scratchOffset) {
  MlirLocation location = mlirOperationGetLocation(op);
  int32_t registers = tileLayoutGetNumRegisters(&plan->source);
  MlirValue *coordinates = malloc(sizeof(MlirValue) * (size_t)registers * (size_t)plan->rank);
  tileEmitCoordinates(lowering, location, &plan->source, plan->rank, coordinates);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirValue warpAlongAxis = tileEmitCompressBits(lowering, location, warp, (int32_t)plan->crossWarps);
  MlirValue writer = tileEmitBinary(
      lowering, location, "llvm.and",
      tileEmitBitsClear(lowering, location, lane, (int32_t)(plan->shuffleLanes | plan->freeLanes)),
      tileEmitBitsClear(lowering, location, warp, (int32_t)plan->freeWarps));
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  tileShapeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)), shape, TILE_LAYOUT_MAX_RANK);
  MlirOperation ifOp = tileEmitBeginIf(lowering, location, writer);
  for (int32_t g = 0; g < groups->count; ++g) {
    MlirValue output = tileEmitLinearIndex(
        lowering, location, plan->rank, shape,
        coordinates + (size_t)groups->representative[g] * (size_t)plan->rank, plan->axis);
    MlirValue slot = tileEmitBinary(
        lowering, location, "llvm.add",
        tileEmitBinary(lowering, location, "llvm.mul", output,
                       tileEmitI32(lowering, location, plan->axisWarps)),
        warpAlongAxis);
    for (int32_t n = 0; n < plan->numOperands; ++n) {
      int64_t bytes = tileSharedElementBytes(mlirValueGetType(groups->value[g][n]));
      MlirValue byteOffset = tileEmitBinary(
          lowering, location, "llvm.add",
          tileEmitBinary(lowering, location, "llvm.mul", slot,
                         tileEmitI32(lowering, location, bytes)),
          tileEmitI32(lowering, location, scratchOffset + plan->operandOffsets[n]));
      tileEmitSharedStore(lowering, location,
                          tileEmitSharedAddress(lowering, location, base, byteOffset),
                          groups->value[g][n], bytes);
    }
  }
  tileEmitEndIf(lowering, ifOp);
  free(coordinates);
}

/* Reads the axisWarps partials of output `output` (an i32 value) and
 * combines them in warp order. */
static bool readWarpPartials(TileLowering *lowering, MlirOperation op,
                             const TileReducePlan *plan, MlirValue base,
                             int64_t scratchOffset, MlirValue output,
                             const MlirType *types, MlirValue *combined) {
  MlirLocation location = mlirOperationGetLocation(op);
  for (int32_t w = 0; w < plan->axisWarps; ++w) {
    MlirValue slot = tileEmitBinary(
        lowering, location, "llvm.add",
        tileEmitBinary(lowering, location, "llvm.mul", output,
                       tileEmitI32(lowering, location, plan->axisWarps)),
        tileEmitI32(lowering, location, w));
    MlirValue partial[TILE_COMBINE_MAX_OPERANDS];
    for (int32_t n = 0; n < plan->numOperands; ++n) {
      int64_t bytes = tileSharedElementBytes(types[n]);
      MlirValue byteOffset = tileEmitBinary(
          lowering, location, "llvm.add",
          tileEmitBinary(lowering, location, "llvm.mul", slot,
                         tileEmitI32(lowering, location, bytes)),
          tileEmitI32(lowering, location, scratchOffset + plan->operandOffsets[n]));
      partial[n] = tileEmitSharedLoad(
          lowering, location, tileEmitSharedAddress(lowering, location, base, byteOffset),
          types[n], bytes);
    }
    if (w == 0)
      memcpy(combined, partial, sizeof(MlirValue) * (size_t)plan->numOperands);
    else if (!tileEmitCombine(lowering, op, combined, partial, combined))
      return false;
  }
  return true;
}

MlirLogicalResult tileLowerReduce(TileLowering *lowering, MlirOperation op) {
  TileReducePlan plan;
  if (!tileReducePlanGet(lowering, op, &plan))
    return mlirLogicalResultFailure();
  MlirLocation location = mlirOperationGetLocation(op);
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  bool scalarResult = !tileIsTensor(resultType);
  TileLinearLayout resultLayout;
  if (!scalarResult) {
    if (!tileLayoutOfTensor(lowering, op, resultType, &resultLayout))
      return mlirLogicalResultFailure();
    if (!isSliceOfSource(&plan, &resultLayout))
      return tileLoweringError(op, "the result layout is not the operand's "
                                   "layout sliced along axis %d; give the "
                                   "result a #tilegpu.slice layout",
                               plan.axis);
  }
  int64_t scratchOffset = 0;
  if (plan.crossWarps != 0 && !tileSharedOffsetOf(op, &scratchOffset))
    return mlirLogicalResultFailure();

  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  RegisterGroups *groups = malloc(sizeof(RegisterGroups));
  if (!groups)
    return tileLoweringError(op, "out of memory");
  MlirLogicalResult status = mlirLogicalResultFailure();
  if (!combineInThreads(lowering, op, &plan, groups) ||
      !combineAcrossLanes(lowering, op, &plan, groups))
    goto done;

  int32_t resultRegisters = scalarResult ? 1 : tileLayoutGetNumRegisters(&resultLayout);
  MlirValue (*outputs)[TILE_COMBINE_MAX_OPERANDS] =
      malloc(sizeof(*outputs) * (size_t)resultRegisters);
  if (!outputs) {
    tileLoweringError(op, "out of memory");
    goto done;
  }
  MlirType types[TILE_COMBINE_MAX_OPERANDS];
  for (int32_t n = 0; n < plan.numOperands; ++n)
    types[n] = mlirValueGetType(groups->value[0][n]);
  bool ok = true;
  if (plan.crossWarps == 0) {
    for (int32_t r = 0; r < resultRegisters && ok; ++r) {
      int32_t wanted[TILE_LAYOUT_MAX_RANK] = {0}, key[TILE_LAYOUT_MAX_RANK] = {0};
      if (!scalarResult)
        tileRegisterCoordinates(&resultLayout, plan.rank - 1, r, wanted);
      for (int32_t d = 0, s = 0; d < plan.rank; ++d)
        key[d] = d == plan.axis ? 0 : wanted[s++];
      int32_t g = findGroup(groups, key, plan.rank);
      if (g < 0) {
        tileLoweringError(op, "result register %d has no operand registers in "
                              "its thread",
                          r);
        ok = false;
      } else {
        memcpy(outputs[r], groups->value[g], sizeof(MlirValue) * (size_t)plan.numOperands);
      }
    }
  } else {
    MlirValue base = tileEmitSharedBase(lowering, location);
    writeWarpPartials(lowering, op, &plan, groups, base, scratchOffset);
    tileEmitBarrier(lowering, location);
    MlirValue *resultCoordinates = NULL;
    if (!scalarResult) {
      resultCoordinates =
          malloc(sizeof(MlirValue) * (size_t)resultRegisters * (size_t)(plan.rank - 1));
      tileEmitCoordinates(lowering, location, &resultLayout, plan.rank - 1, resultCoordinates);
    }
    int64_t shape[TILE_LAYOUT_MAX_RANK];
    tileShapeOf(resultType, shape, TILE_LAYOUT_MAX_RANK);
    for (int32_t r = 0; r < resultRegisters && ok; ++r) {
      MlirValue output =
          scalarResult ? tileEmitI32(lowering, location, 0)
                       : tileEmitLinearIndex(lowering, location, plan.rank - 1, shape,
                                             resultCoordinates + (size_t)r * (size_t)(plan.rank - 1),
                                             -1);
      ok = readWarpPartials(lowering, op, &plan, base, scratchOffset, output, types,
                            outputs[r]);
    }
    free(resultCoordinates);
  }
  if (ok) {
    MlirValue results[TILE_COMBINE_MAX_OPERANDS];
    for (int32_t n = 0; n < plan.numOperands && ok; ++n) {
      if (scalarResult) {
        results[n] = outputs[0][n];
        continue;
      }
      MlirType structType =
          tileLoweredType(lowering, op, mlirValueGetType(mlirOperationGetResult(op, n)));
      if (mlirTypeIsNull(structType)) {
        ok = false;
        break;
      }
      MlirValue column[TILE_LOWERING_MAX_REGISTERS];
      for (int32_t r = 0; r < resultRegisters; ++r)
        column[r] = outputs[r][n];
      results[n] = tileEmitPack(lowering, location, structType, resultRegisters, column);
    }
    if (ok) {
      tileReplaceOp(lowering, op, results);
      status = mlirLogicalResultSuccess();
    }
  }
  free(outputs);
done:
  free(groups);
  return status;
}
