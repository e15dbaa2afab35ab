/*===- warp_shuffle_plan.h - a layout conversion as warp shuffles -*- C -*-===*
 *
 * The bookkeeping of convert_layout_shuffle.c, kept free of MLIR so a unit
 * test can replay it on the CPU (test/unit/warp_shuffle_plan_test.c).
 *
 * T = invertAndCompose(dst, src) sends each destination (register, lane) to
 * a source (register, lane) that holds the same element, and is linear over
 * GF(2). In a round each lane receives the element of its destination
 * register t ^ P(lane), where P is a linear map from lane bits to register
 * bits chosen so that all lanes reading from one source lane in one round
 * want the same source register. The sender can then pick that register
 * itself, one shuffle serves the whole warp, and the receiver files the
 * value under register t ^ P(lane).
 *
 * A P exists whenever T is a bijection (the destination registers and T's
 * preimage of the source registers are subspaces of one dimension, and two
 * such have a common complement); it is chosen greedily, lane bit by lane
 * bit. With copies in the layouts a lane bit may have none: two lanes that
 * differ in it want different registers of one source lane (a gather, say
 * 16 elements held as 2 per lane, wanted one per lane). Such "split" lane
 * bits get rounds of their own: round (t, v) serves the lanes whose split
 * bits are v. That is what the data needs too (one source lane can send
 * one value per shuffle); more than TILE_SHUFFLE_MAX_SPLIT_BITS of them and
 * the conversion goes through shared memory instead.
 *
 * With the plan's maps (each given by the images of its input bits and
 * applied by XOR), in round (t, v), for t a register without copyRegisters
 * bits and v a subset of splitLanes (tileWarpShuffleRoundOf):
 *   lane l reads from lane   sourceLane ^ L'(l),
 *   lane s sends register    sentRegister ^ F(s),
 * and lane l takes the value as its register t ^ P(l) if its split bits
 * are v. A register with copy bits copies the one without them.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_WARP_SHUFFLE_PLAN_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_WARP_SHUFFLE_PLAN_H

#include "passes/layout/linear_layout.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TILE_SHUFFLE_MAX_REGISTER_BITS = 10, /* 1024 registers, and rounds */
  TILE_SHUFFLE_MAX_LANE_BITS = 5,
  TILE_SHUFFLE_MAX_SPLIT_BITS = 2,
};

typedef struct TileWarpShufflePlan {
  int32_t srcRegisters, dstRegisters;
  int32_t registerBits, laneBits; /* of the destination */
  /* Destination register bits that T sends to nothing. */
  uint32_t copyRegisters;
  /* Lane bits served by rounds of their own. */
  uint32_t splitLanes;
  /* Destination register bit b: Rr and Lr, source register and lane. */
  int32_t registerToRegister[TILE_SHUFFLE_MAX_REGISTER_BITS];
  int32_t registerToLane[TILE_SHUFFLE_MAX_REGISTER_BITS];
  /* Lane bit i: L' = Ll ^ Lr P (the source lane once P is applied) and P;
   * zero for split lanes. */
  int32_t laneToSourceLane[TILE_SHUFFLE_MAX_LANE_BITS];
  int32_t laneToRotation[TILE_SHUFFLE_MAX_LANE_BITS];
  /* Split lane bit i: Ll and Rl; zero for the other lanes. */
  int32_t splitLaneToLane[TILE_SHUFFLE_MAX_LANE_BITS];
  int32_t splitLaneToRegister[TILE_SHUFFLE_MAX_LANE_BITS];
  /* Source lane bit j: F, with F o L' = Rl ^ Rr P on the other lanes. */
  int32_t senderLaneToRegister[TILE_SHUFFLE_MAX_LANE_BITS];
} TileWarpShufflePlan;

/// Plans converting `src` into `dst` with shuffles; false when the
/// conversion moves data between warps (or not between lanes at all) or
/// would need more rounds than the plan allows.
bool tileWarpShufflePlanGet(const TileLinearLayout *src, const TileLinearLayout *dst,
                            TileWarpShufflePlan *plan);
/// XOR of images[i] over the set bits i < bits of `index`.
int32_t tileWarpShuffleApply(int32_t index, int32_t bits, const int32_t *images);
/// The register after `reg` without copy bits (dstRegisters after the last).
int32_t tileWarpShuffleNextRegister(const TileWarpShufflePlan *plan, int32_t reg);
/// The subset of splitLanes after `split` (1 << laneBits after the last).
int32_t tileWarpShuffleNextSplit(const TileWarpShufflePlan *plan, int32_t split);
/// A dense index of round (reg, split), below dstRegisters << (split bits).
int32_t tileWarpShuffleRoundIndex(const TileWarpShufflePlan *plan, int32_t reg,
                                  int32_t split);
/// The constant parts of round (reg, split): the source lane before
/// L'(lane) and the sent register before F(lane).
void tileWarpShuffleRoundOf(const TileWarpShufflePlan *plan, int32_t reg, int32_t split,
                            int32_t *sourceLane, int32_t *sentRegister);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_WARP_SHUFFLE_PLAN_H */
