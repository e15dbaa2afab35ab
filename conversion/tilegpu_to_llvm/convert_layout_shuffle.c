/*===- convert_layout_shuffle.c - convert_layout with warp shuffles --------===*
 *
 * A conversion whose warps keep their elements (tileLayoutClassifyConversion
 * says "warp shuffle": only lanes and registers differ) runs as rounds of
 * `shfl.sync.idx` instead of a shared-memory round trip and a barrier, as
 * warp_shuffle_plan.h plans them: the sender picks the register to send
 * with selects on its own lane bits, the receiver files what it got with
 * selects on its own. This is the idea of Triton's transferWithinWarp.
 *
 * Cost: one shuffle per distinct destination register (two for 64-bit
 * elements; narrower ones travel as i32), times 2^s for s split lane bits,
 * which is what the data needs, and at most 2^k - 1 selects per register
 * on each side, k the rank of the lane-dependent part (usually 0 to 2).
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "conversion/tilegpu_to_llvm/warp_shuffle_plan.h"

enum { MAX_SPAN = 1 << TILE_SHUFFLE_MAX_LANE_BITS };

/* ---- Emitting the rounds -------------------------------------------------- */

/* The lane-dependent value XOR(images[i] for set bits i of `lane`), i32. */
static MlirValue emitApplyBits(TileLowering *lowering, MlirLocation location,
                               MlirValue lane, int32_t bits, const int32_t *images) {
  MlirValue value = tileEmitI32(lowering, location, 0);
  for (int32_t bit = 0; bit < bits; ++bit) {
    if (images[bit] == 0)
      continue;
    MlirValue one = tileEmitBitOf(lowering, location, lane, bit);
    value = tileEmitBinary(lowering, location, "llvm.xor", value,
                           tileEmitBinary(lowering, location, "llvm.mul", one,
                                          tileEmitI32(lowering, location, images[bit])));
  }
  return value;
}

/* The values a lane-dependent offset can take (the span of its images,
 * 0 first) and, for each but 0, the i1 "this lane's offset is that one". */
typedef struct OffsetChoice {
  int32_t count;
  int32_t values[MAX_SPAN];
  MlirValue isValue[MAX_SPAN];
} OffsetChoice;

static void emitOffsetChoice(TileLowering *lowering, MlirLocation location, MlirValue lane,
                             int32_t bits, const int32_t *images, OffsetChoice *choice) {
  choice->count = 1;
  choice->values[0] = 0;
  for (int32_t bit = 0; bit < bits; ++bit) {
    bool inSpan = false;
    for (int32_t k = 0; k < choice->count; ++k)
      inSpan |= choice->values[k] == images[bit];
    if (inSpan)
      continue;
    for (int32_t k = 0, count = choice->count; k < count; ++k)
      choice->values[choice->count++] = choice->values[k] ^ images[bit];
  }
  if (choice->count == 1)
    return;
  MlirValue offset = emitApplyBits(lowering, location, lane, bits, images);
  for (int32_t k = 1; k < choice->count; ++k)
    choice->isValue[k] = tileEmitCompare(lowering, location, "eq", offset,
                                         tileEmitI32(lowering, location, choice->values[k]));
}

/* values[base ^ offset] for this lane's offset. */
static MlirValue emitSelectByOffset(TileLowering *lowering, MlirLocation location,
                                    const OffsetChoice *choice, const MlirValue *values,
                                    int32_t base) {
  MlirValue value = values[base];
  for (int32_t k = 1; k < choice->count; ++k)
    value = tileEmitSelect(lowering, location, choice->isValue[k],
                           values[base ^ choice->values[k]], value);
  return value;
}

MlirLogicalResult tileLowerWarpShuffleConversion(TileLowering *lowering, MlirOperation op,
                                                 const TileWarpShufflePlan *plan) {
  MlirType structType =
      tileLoweredType(lowering, op, mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();

  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue srcValues[TILE_LOWERING_MAX_REGISTERS], dstValues[TILE_LOWERING_MAX_REGISTERS];
  MlirValue received[1 << TILE_SHUFFLE_MAX_REGISTER_BITS];
  tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, 0)),
                 plan->srcRegisters, srcValues);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  OffsetChoice sent, rotation;
  emitOffsetChoice(lowering, location, lane, plan->laneBits, plan->senderLaneToRegister, &sent);
  emitOffsetChoice(lowering, location, lane, plan->laneBits, plan->laneToRotation, &rotation);
  MlirValue laneTerm =
      emitApplyBits(lowering, location, lane, plan->laneBits, plan->laneToSourceLane);

  /* Lanes whose split bits are not the first subset's: i1 per subset. */
  MlirValue splitOfLane = tileEmitBinary(lowering, location, "llvm.and", lane,
                                         tileEmitI32(lowering, location,
                                                     (int32_t)plan->splitLanes));
  for (int32_t reg = 0; reg < plan->dstRegisters;
       reg = tileWarpShuffleNextRegister(plan, reg))
    for (int32_t split = 0; split < 1 << plan->laneBits;
         split = tileWarpShuffleNextSplit(plan, split)) {
      int32_t laneOffset, base;
      tileWarpShuffleRoundOf(plan, reg, split, &laneOffset, &base);
      MlirValue value = emitSelectByOffset(lowering, location, &sent, srcValues, base);
      MlirValue sourceLane =
          laneOffset == 0 ? laneTerm
                          : tileEmitBinary(lowering, location, "llvm.xor", laneTerm,
                                           tileEmitI32(lowering, location, laneOffset));
      received[tileWarpShuffleRoundIndex(plan, reg, split)] =
          tileEmitShuffleFromLane(lowering, location, value, sourceLane);
    }
  for (int32_t r = 0; r < plan->dstRegisters; ++r) {
    if ((uint32_t)r & plan->copyRegisters) {
      dstValues[r] = dstValues[(uint32_t)r & ~plan->copyRegisters];
      continue;
    }
    dstValues[r] = emitSelectByOffset(lowering, location, &rotation, received, r);
    for (int32_t split = tileWarpShuffleNextSplit(plan, 0); split < 1 << plan->laneBits;
         split = tileWarpShuffleNextSplit(plan, split)) {
      MlirValue isSplit = tileEmitCompare(lowering, location, "eq", splitOfLane,
                                          tileEmitI32(lowering, location, split));
      MlirValue value = emitSelectByOffset(lowering, location, &rotation,
                                           received + tileWarpShuffleRoundIndex(plan, 0, split),
                                           r);
      dstValues[r] = tileEmitSelect(lowering, location, isSplit, value, dstValues[r]);
    }
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, plan->dstRegisters, dstValues);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
