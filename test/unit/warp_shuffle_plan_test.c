/* Replays the warp-shuffle plan of a layout conversion
 * (conversion/tilegpu_to_llvm/warp_shuffle_plan.c) on the CPU: every
 * source register holds the index of its element; in each round each lane
 * sends the register the plan picks by its own lane, and receives from the
 * lane the plan computes, as `shfl.sync.idx` does; the receiver files the
 * value under its rotated register. Every destination register must end up
 * with the element its layout says it holds, in every warp, with one round
 * per destination register that is not a copy (times 2^s for s split lane
 * bits).
 *
 * Cases: the blocked and linear pairs of the lit tests, runs of 4 into
 * runs of 1 (every lane bit needs a rotation), a 2-D transpose inside a
 * warp on 4 warps, broadcast layouts (copies in lanes and registers), 64
 * random pairs of bijective layouts, random pairs with copies, and
 * conversions across warps (no plan).
 */
#include "conversion/tilegpu_to_llvm/warp_shuffle_plan.h"
#include "test/unit/check.h"

#include <stdlib.h>
#include <string.h>

enum { LANES = 32, MAX_REGS = 1024 };

/* A rank-1 layout of `size` elements from bases given as element offsets:
 * registers, lanes (5) and warps. */
static void buildLayout(TileLinearLayout *layout, int32_t size, int32_t registerBits,
                        const int32_t *registers, const int32_t *lanes, int32_t warpBits,
                        const int32_t *warps) {
  TileLayoutDimName dim0 = TILE_LAYOUT_DIM0;
  CHECK_OK(tileLayoutInit(layout, 1, &dim0, &size));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_REGISTER));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_LANE));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_WARP));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_BLOCK));
  for (int32_t i = 0; i < registerBits; ++i)
    CHECK_OK(tileLayoutAppendBasis(layout, TILE_LAYOUT_REGISTER, &registers[i]));
  for (int32_t i = 0; i < 5; ++i)
    CHECK_OK(tileLayoutAppendBasis(layout, TILE_LAYOUT_LANE, &lanes[i]));
  for (int32_t i = 0; i < warpBits; ++i)
    CHECK_OK(tileLayoutAppendBasis(layout, TILE_LAYOUT_WARP, &warps[i]));
}

/* The flat element (row-major) that (register, lane, warp) holds. */
static int32_t elementOf(const TileLinearLayout *layout, int32_t reg, int32_t lane,
                         int32_t warp) {
  int32_t in[TILE_LAYOUT_MAX_DIMS] = {0}, out[TILE_LAYOUT_MAX_DIMS] = {0};
  for (int32_t i = 0; i < layout->numInDims; ++i)
    in[i] = layout->inNames[i] == TILE_LAYOUT_REGISTER ? reg
            : layout->inNames[i] == TILE_LAYOUT_LANE   ? lane
            : layout->inNames[i] == TILE_LAYOUT_WARP   ? warp
                                                       : 0;
  CHECK_OK(tileLayoutApply(layout, in, out));
  int32_t flat = 0;
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    flat = (flat << layout->outLog2Sizes[o]) | out[o];
  return flat;
}

/* Runs the plan and checks every destination register; returns the
 * number of shuffle rounds. */
static int32_t replay(const TileLinearLayout *src, const TileLinearLayout *dst) {
  TileWarpShufflePlan plan;
  CHECK(tileWarpShufflePlanGet(src, dst, &plan));
  static int32_t source[LANES][MAX_REGS], received[LANES][MAX_REGS];
  int32_t rounds = 0;
  for (int32_t warp = 0; warp < tileLayoutGetInDimSize(dst, TILE_LAYOUT_WARP); ++warp) {
    for (int32_t lane = 0; lane < LANES; ++lane)
      for (int32_t reg = 0; reg < plan.srcRegisters; ++reg)
        source[lane][reg] = elementOf(src, reg, lane, warp);
    rounds = 0;
    for (int32_t t = 0; t < plan.dstRegisters; t = tileWarpShuffleNextRegister(&plan, t))
      for (int32_t v = 0; v < LANES; v = tileWarpShuffleNextSplit(&plan, v)) {
        ++rounds;
        int32_t laneOffset, base, sent[LANES];
        tileWarpShuffleRoundOf(&plan, t, v, &laneOffset, &base);
        for (int32_t lane = 0; lane < LANES; ++lane) {
          int32_t reg =
              base ^ tileWarpShuffleApply(lane, plan.laneBits, plan.senderLaneToRegister);
          CHECK(reg >= 0 && reg < plan.srcRegisters);
          sent[lane] = source[lane][reg];
        }
        for (int32_t lane = 0; lane < LANES; ++lane) {
          int32_t from =
              laneOffset ^ tileWarpShuffleApply(lane, plan.laneBits, plan.laneToSourceLane);
          CHECK(from >= 0 && from < LANES);
          received[lane][tileWarpShuffleRoundIndex(&plan, t, v)] = sent[from];
        }
      }
    for (int32_t lane = 0; lane < LANES; ++lane)
      for (int32_t reg = 0; reg < plan.dstRegisters; ++reg) {
        int32_t round = (int32_t)((uint32_t)reg & ~plan.copyRegisters) ^
                        tileWarpShuffleApply(lane, plan.laneBits, plan.laneToRotation);
        CHECK_EQ(tileWarpShuffleNextRegister(&plan, round - 1), round);
        int32_t split = (int32_t)((uint32_t)lane & plan.splitLanes);
        CHECK_EQ(received[lane][tileWarpShuffleRoundIndex(&plan, round, split)],
                 elementOf(dst, reg, lane, warp));
      }
  }
  return rounds;
}

static void checkLitCases(void) {
  /* sizePerThread [2] into registers [1, 64], lanes [4, 2, 8, 16, 32]. */
  TileLinearLayout src, dst;
  buildLayout(&src, 128, 2, (int32_t[]){1, 64}, (int32_t[]){2, 4, 8, 16, 32}, 0, NULL);
  buildLayout(&dst, 128, 2, (int32_t[]){1, 64}, (int32_t[]){4, 2, 8, 16, 32}, 0, NULL);
  CHECK_EQ(replay(&src, &dst), 4);
  /* 16 elements over 32 lanes into 2 per thread over 8 lanes. */
  buildLayout(&src, 16, 0, NULL, (int32_t[]){1, 2, 4, 8, 0}, 0, NULL);
  buildLayout(&dst, 16, 1, (int32_t[]){1}, (int32_t[]){2, 4, 8, 0, 0}, 0, NULL);
  CHECK_EQ(replay(&src, &dst), 2);
  /* And back, a gather: lanes 2i and 2i + 1 want both registers of lane i,
   * so a split lane bit and two rounds. */
  CHECK_EQ(replay(&dst, &src), 2);
  /* Copies in the destination's registers. */
  buildLayout(&dst, 16, 2, (int32_t[]){1, 0}, (int32_t[]){2, 4, 8, 0, 0}, 0, NULL);
  CHECK_EQ(replay(&src, &dst), 2);
}

static void checkRunsOfFourIntoOne(void) {
  /* sizePerThread [4] (element 4 * lane + reg) into [1] (lane + 32 * reg):
   * receivers of one sender want different registers unless rotated. */
  TileLinearLayout src, dst;
  buildLayout(&src, 128, 2, (int32_t[]){1, 2}, (int32_t[]){4, 8, 16, 32, 64}, 0, NULL);
  buildLayout(&dst, 128, 2, (int32_t[]){32, 64}, (int32_t[]){1, 2, 4, 8, 16}, 0, NULL);
  CHECK_EQ(replay(&src, &dst), 4);
  CHECK_EQ(replay(&dst, &src), 4);
}

static void checkTransposeInWarp(void) {
  /* A 128x32 tile (flat index 32 * row + col) on 4 warps, each warp a
   * 32x32 block (warps step rows 32 and 64 in both): rows of 4 columns per
   * thread, threads [4, 8], into columns of 4 rows, threads [8, 4]. */
  TileLinearLayout src, dst;
  int32_t warps[2] = {1024, 2048};
  buildLayout(&src, 4096, 5, (int32_t[]){1, 2, 128, 256, 512}, (int32_t[]){4, 8, 16, 32, 64},
              2, warps);
  buildLayout(&dst, 4096, 5, (int32_t[]){32, 64, 4, 8, 16}, (int32_t[]){128, 256, 512, 1, 2},
              2, warps);
  CHECK_EQ(replay(&src, &dst), 32);
  CHECK_EQ(replay(&dst, &src), 32);
}

/* A random invertible n x n matrix over GF(2) as n column vectors. */
static void randomInvertible(int32_t n, int32_t *columns) {
  for (;;) {
    int32_t rank = 0, echelon[16] = {0};
    for (int32_t i = 0; i < n; ++i) {
      columns[i] = rand() & ((1 << n) - 1);
      int32_t v = columns[i];
      for (int32_t bit = n - 1; bit >= 0; --bit)
        if (((v >> bit) & 1) && echelon[bit])
          v ^= echelon[bit];
      for (int32_t bit = n - 1; bit >= 0 && v; --bit)
        if ((v >> bit) & 1) {
          echelon[bit] = v;
          ++rank;
          break;
        }
    }
    if (rank == n)
      return;
  }
}

static void checkRandomBijections(void) {
  srand(7);
  for (int32_t trial = 0; trial < 64; ++trial) {
    int32_t registerBits = trial % 4, n = registerBits + 5;
    int32_t a[16], b[16];
    randomInvertible(n, a);
    randomInvertible(n, b);
    TileLinearLayout src, dst;
    buildLayout(&src, 1 << n, registerBits, a, a + registerBits, 0, NULL);
    buildLayout(&dst, 1 << n, registerBits, b, b + registerBits, 0, NULL);
    TileLayoutConversionKind kind;
    CHECK_OK(tileLayoutClassifyConversion(&src, &dst, &kind));
    if (kind == TILE_LAYOUT_CONVERSION_WARP_SHUFFLE)
      CHECK_EQ(replay(&src, &dst), 1 << registerBits);
  }
}

/* Columns of a random rank-n map onto n bits spread over `slots` input
 * bits, the others zero (copies). */
static void randomWithCopies(int32_t n, int32_t slots, int32_t *columns) {
  int32_t full[16];
  randomInvertible(n, full);
  for (int32_t i = 0; i < slots; ++i)
    columns[i] = 0;
  for (int32_t placed = 0; placed < n;) {
    int32_t slot = rand() % slots;
    if (columns[slot] == 0)
      columns[slot] = full[placed++];
  }
}

static void checkRandomCopies(void) {
  srand(11);
  int32_t planned = 0;
  for (int32_t trial = 0; trial < 256; ++trial) {
    int32_t n = 3 + trial % 5, srcBits = rand() % 3, dstBits = rand() % 3;
    if (srcBits + 5 < n || dstBits + 5 < n)
      continue;
    int32_t a[16], b[16];
    randomWithCopies(n, srcBits + 5, a);
    randomWithCopies(n, dstBits + 5, b);
    TileLinearLayout src, dst;
    TileWarpShufflePlan plan;
    buildLayout(&src, 1 << n, srcBits, a, a + srcBits, 0, NULL);
    buildLayout(&dst, 1 << n, dstBits, b, b + dstBits, 0, NULL);
    if (tileWarpShufflePlanGet(&src, &dst, &plan)) {
      replay(&src, &dst);
      ++planned;
    }
  }
  /* Most such pairs need at most two split lane bits. */
  CHECK(planned > 128);
}

static void checkAcrossWarpsHasNoPlan(void) {
  TileLinearLayout src, dst;
  TileWarpShufflePlan plan;
  buildLayout(&src, 64, 0, NULL, (int32_t[]){1, 2, 4, 8, 16}, 1, (int32_t[]){32});
  buildLayout(&dst, 64, 0, NULL, (int32_t[]){2, 4, 8, 16, 32}, 1, (int32_t[]){1});
  CHECK(!tileWarpShufflePlanGet(&src, &dst, &plan));
  /* Registers only: no plan either (view_ops.c renumbers them). */
  buildLayout(&src, 64, 1, (int32_t[]){1}, (int32_t[]){2, 4, 8, 16, 32}, 0, NULL);
  CHECK(!tileWarpShufflePlanGet(&src, &src, &plan));
}

int main(void) {
  checkLitCases();
  checkRunsOfFourIntoOne();
  checkTransposeInWarp();
  checkRandomBijections();
  checkRandomCopies();
  checkAcrossWarpsHasNoPlan();
  printf("warp_shuffle_plan_test: %d checks passed\n", checksPassed);
  return 0;
}
