/*===- warp_shuffle_plan.c - a layout conversion as warp shuffles ---------===*
 *
 * The plan warp_shuffle_plan.h describes: T's bases read off, then P chosen
 * greedily and F read off the pairs (L'(lane bit), R'(lane bit)).
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/warp_shuffle_plan.h"

#include <string.h>

static int32_t log2Of(int32_t size) {
  int32_t bits = 0;
  while ((1 << bits) < size)
    ++bits;
  return bits;
}

int32_t tileWarpShuffleApply(int32_t index, int32_t bits, const int32_t *images) {
  int32_t value = 0;
  for (int32_t bit = 0; bit < bits; ++bit)
    if ((index >> bit) & 1)
      value ^= images[bit];
  return value;
}

/* The value along output dim `out` of input bit `bit` of `in` in T. */
static int32_t basisOf(const TileLinearLayout *map, TileLayoutDimName in, int32_t bit,
                       TileLayoutDimName out) {
  int32_t i = tileLayoutFindInDim(map, in), o = tileLayoutFindOutDim(map, out);
  if (i < 0 || o < 0 || bit >= map->inLog2Sizes[i])
    return 0;
  return map->bases[i][bit][o];
}

/* Pairs (source lane, source register) in echelon form on the lane part,
 * each pivot the highest set bit of its lane: a linear map on the span of
 * the lanes, and the test of whether a new pair keeps it one. */
typedef struct PairBasis {
  int32_t count;
  int32_t lanes[TILE_SHUFFLE_MAX_LANE_BITS], registers[TILE_SHUFFLE_MAX_LANE_BITS];
} PairBasis;

/* Reduces (lane, reg) by the basis; the register part becomes F applied to
 * the lane's part in the span (F is zero off it). */
static void reducePair(const PairBasis *basis, int32_t *lane, int32_t *reg) {
  for (int32_t k = 0; k < basis->count; ++k) {
    int32_t pivot = log2Of(basis->lanes[k] + 1) - 1;
    if ((*lane >> pivot) & 1) {
      *lane ^= basis->lanes[k];
      *reg ^= basis->registers[k];
    }
  }
}

/* Adds the pair if it keeps the lanes -> registers relation a function:
 * a lane outside the span, or one inside whose register agrees. */
static bool addPair(PairBasis *basis, int32_t lane, int32_t reg) {
  reducePair(basis, &lane, &reg);
  if (lane == 0)
    return reg == 0;
  /* Keep the pivots in decreasing order so reducePair's single pass is
   * exact. */
  int32_t k = basis->count++;
  while (k > 0 && basis->lanes[k - 1] < lane) {
    basis->lanes[k] = basis->lanes[k - 1];
    basis->registers[k] = basis->registers[k - 1];
    --k;
  }
  basis->lanes[k] = lane;
  basis->registers[k] = reg;
  return true;
}

/* The next index after `index` with no bit in `mask`. */
static int32_t nextOutside(int32_t index, uint32_t mask) {
  do
    ++index;
  while ((uint32_t)index & mask);
  return index;
}

static int32_t popcount(uint32_t bits) {
  int32_t count = 0;
  for (; bits; bits &= bits - 1)
    ++count;
  return count;
}

int32_t tileWarpShuffleNextRegister(const TileWarpShufflePlan *plan, int32_t reg) {
  return nextOutside(reg, plan->copyRegisters);
}

int32_t tileWarpShuffleNextSplit(const TileWarpShufflePlan *plan, int32_t split) {
  /* The next subset of splitLanes in increasing order; 1 << laneBits after
   * the last. */
  if ((uint32_t)split == plan->splitLanes)
    return 1 << plan->laneBits;
  return (int32_t)(((uint32_t)split - plan->splitLanes) & plan->splitLanes);
}

int32_t tileWarpShuffleRoundIndex(const TileWarpShufflePlan *plan, int32_t reg,
                                  int32_t split) {
  int32_t index = 0, position = 0;
  for (int32_t bit = 0; bit < plan->laneBits; ++bit)
    if ((plan->splitLanes >> bit) & 1)
      index |= ((split >> bit) & 1) << position++;
  return (index << plan->registerBits) | reg;
}

void tileWarpShuffleRoundOf(const TileWarpShufflePlan *plan, int32_t reg, int32_t split,
                            int32_t *sourceLane, int32_t *sentRegister) {
  *sourceLane = tileWarpShuffleApply(reg, plan->registerBits, plan->registerToLane) ^
                tileWarpShuffleApply(split, plan->laneBits, plan->splitLaneToLane);
  *sentRegister = tileWarpShuffleApply(reg, plan->registerBits, plan->registerToRegister) ^
                  tileWarpShuffleApply(split, plan->laneBits, plan->splitLaneToRegister) ^
                  tileWarpShuffleApply(*sourceLane, plan->laneBits,
                                       plan->senderLaneToRegister);
}

/* Greedy P: for each lane bit the first rotation (a register without copy
 * bits; none first) that keeps source lane -> source register a function.
 * A lane bit with none becomes a split lane. */
static void chooseRotations(TileWarpShufflePlan *plan, const TileLinearLayout *map) {
  PairBasis pairs = {0};
  for (int32_t bit = 0; bit < plan->laneBits; ++bit) {
    int32_t lane = basisOf(map, TILE_LAYOUT_LANE, bit, TILE_LAYOUT_LANE);
    int32_t reg = basisOf(map, TILE_LAYOUT_LANE, bit, TILE_LAYOUT_REGISTER);
    bool found = false;
    for (int32_t p = 0; p < plan->dstRegisters && !found;
         p = nextOutside(p, plan->copyRegisters)) {
      int32_t rotatedLane =
          lane ^ tileWarpShuffleApply(p, plan->registerBits, plan->registerToLane);
      int32_t rotatedReg =
          reg ^ tileWarpShuffleApply(p, plan->registerBits, plan->registerToRegister);
      PairBasis tried = pairs;
      if (addPair(&tried, rotatedLane, rotatedReg)) {
        pairs = tried;
        plan->laneToSourceLane[bit] = rotatedLane;
        plan->laneToRotation[bit] = p;
        found = true;
      }
    }
    if (!found) {
      plan->splitLanes |= 1u << bit;
      plan->splitLaneToLane[bit] = lane;
      plan->splitLaneToRegister[bit] = reg;
    }
  }
  for (int32_t bit = 0; bit < plan->laneBits; ++bit) {
    int32_t lane = 1 << bit, reg = 0;
    reducePair(&pairs, &lane, &reg);
    plan->senderLaneToRegister[bit] = reg;
  }
}

bool tileWarpShufflePlanGet(const TileLinearLayout *src, const TileLinearLayout *dst,
                            TileWarpShufflePlan *plan) {
  TileLayoutConversionKind kind;
  TileLinearLayout map;
  if (tileLayoutClassifyConversion(src, dst, &kind) != TILE_LAYOUT_OK ||
      kind != TILE_LAYOUT_CONVERSION_WARP_SHUFFLE ||
      tileLayoutInvertAndCompose(&map, dst, src) != TILE_LAYOUT_OK)
    return false;
  memset(plan, 0, sizeof(*plan));
  plan->srcRegisters = tileLayoutGetNumRegisters(src);
  plan->dstRegisters = tileLayoutGetNumRegisters(dst);
  plan->registerBits = log2Of(plan->dstRegisters);
  plan->laneBits = log2Of(tileLayoutGetInDimSize(dst, TILE_LAYOUT_LANE));
  if (plan->registerBits > TILE_SHUFFLE_MAX_REGISTER_BITS ||
      plan->laneBits > TILE_SHUFFLE_MAX_LANE_BITS ||
      tileLayoutGetInDimSize(src, TILE_LAYOUT_LANE) != 1 << plan->laneBits)
    return false;
  for (int32_t bit = 0; bit < plan->registerBits; ++bit) {
    plan->registerToRegister[bit] =
        basisOf(&map, TILE_LAYOUT_REGISTER, bit, TILE_LAYOUT_REGISTER);
    plan->registerToLane[bit] = basisOf(&map, TILE_LAYOUT_REGISTER, bit, TILE_LAYOUT_LANE);
    if (plan->registerToRegister[bit] == 0 && plan->registerToLane[bit] == 0)
      plan->copyRegisters |= 1u << bit;
  }
  chooseRotations(plan, &map);
  int32_t splitBits = popcount(plan->splitLanes);
  return splitBits <= TILE_SHUFFLE_MAX_SPLIT_BITS &&
         plan->dstRegisters << splitBits <= 1 << TILE_SHUFFLE_MAX_REGISTER_BITS;
}
