/* Checks that the shared layout tilegpu-reduce-data-duplication picks for an
 * mma operand (passes/reduce_data_duplication.h) is free of bank conflicts
 * on both sides, with the linear-layout library's cost model:
 *
 *   the store: the coalesced blocked layout (16-byte vectors along the
 *   contiguous dim) writing the tile;
 *   the load: one ldmatrix.x4, i.e. 32 lanes each reading a 16-byte row of
 *   an 8x8 matrix (8 rows along the strided dim, 4 matrices), which is the
 *   same access for the plain and the .trans form;
 *
 * and that without the swizzle the load conflicts (so the swizzle is what
 * makes it clean), and that the operand's register layout is ldmatrix
 * eligible where K is contiguous. Cases: f16 A 64x32 and B 32x64 in both
 * orders, as in test/Pass/tilegpu-reduce-data-duplication.mlir.
 */
#include "linear_layout.h"
#include "passes/reduce_data_duplication.h"
#include "test/unit/check.h"
#include "test/unit/layout_test_support.h"

#include <stdlib.h>

/* One dot operand staged through shared memory. */
typedef struct OperandCase {
  const char *name;
  int32_t opIdx;
  int64_t shape[2];
  int32_t fastestDim; /* the contiguous dim of the source and the buffer */
  int32_t expectedVec, expectedPerPhase, expectedMaxPhase;
} OperandCase;

/* The coalesced blocked layout: 8 f16 (16 bytes) per thread along the
 * fastest dim, lanes fill that dim first, 4 warps along the other. */
static void coalescedLayout(const OperandCase *c, TileLinearLayout *layout) {
  int32_t fast = c->fastestDim, slow = 1 - fast;
  int32_t lanesFast = (int32_t)(c->shape[fast] / 8);
  if (lanesFast > 32)
    lanesFast = 32;
  TileLayoutEncoding blocked = {.kind = TILE_LAYOUT_ENCODING_BLOCKED};
  blocked.u.blocked.sizePerThread[fast] = 8;
  blocked.u.blocked.sizePerThread[slow] = 1;
  blocked.u.blocked.threadsPerWarp[fast] = lanesFast;
  blocked.u.blocked.threadsPerWarp[slow] = 32 / lanesFast;
  blocked.u.blocked.warpsPerCTA[fast] = 1;
  blocked.u.blocked.warpsPerCTA[slow] = 4;
  blocked.u.blocked.order[0] = fast;
  blocked.u.blocked.order[1] = slow;
  CHECK_OK(tileLayoutFromEncoding(layout, &blocked, 2, c->shape));
}

/* ldmatrix.x4 as 32 lanes reading 16-byte rows: registers walk 8 elements
 * of a row (contiguous dim), lanes 0-7 pick the row (strided dim), lanes
 * 8-31 the four matrices. */
static void ldmatrixAccess(const OperandCase *c, TileLinearLayout *layout) {
  TileLayoutDimName names[2] = {TILE_LAYOUT_DIM0, TILE_LAYOUT_DIM1};
  int32_t sizes[2] = {(int32_t)c->shape[0], (int32_t)c->shape[1]};
  int32_t fast = c->fastestDim, slow = 1 - fast;
  CHECK_OK(tileLayoutInit(layout, 2, names, sizes));
  for (int32_t bit = 0; bit < 3; ++bit) {
    int32_t basis[2] = {0, 0};
    basis[fast] = 1 << bit;
    CHECK_OK(tileLayoutAppendBasis(layout, TILE_LAYOUT_REGISTER, basis));
  }
  for (int32_t bit = 0; bit < 5; ++bit) {
    int32_t basis[2] = {0, 0};
    if (bit < 3)
      basis[slow] = 1 << bit;
    else if (bit == 3)
      basis[fast] = 8;
    else
      basis[slow] = 8;
    CHECK_OK(tileLayoutAppendBasis(layout, TILE_LAYOUT_LANE, basis));
  }
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_WARP));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_BLOCK));
}

static void sharedLayout(const OperandCase *c, int32_t vec, int32_t perPhase,
                         int32_t maxPhase, TileLinearLayout *layout) {
  TileLayoutEncoding shared = {.kind = TILE_LAYOUT_ENCODING_SWIZZLED_SHARED};
  shared.u.swizzledShared.vec = vec;
  shared.u.swizzledShared.perPhase = perPhase;
  shared.u.swizzledShared.maxPhase = maxPhase;
  shared.u.swizzledShared.order[0] = c->fastestDim;
  shared.u.swizzledShared.order[1] = 1 - c->fastestDim;
  CHECK_OK(tileLayoutFromEncoding(layout, &shared, 2, c->shape));
}

static int32_t conflicts(const TileLinearLayout *distributed,
                         const TileLinearLayout *shared, int32_t accessBits) {
  TileLayoutSharedAccessCost cost;
  CHECK_OK(tileLayoutGetSharedAccessCost(distributed, shared, 16, accessBits, &cost));
  return cost.bankConflicts;
}

static void checkCase(const OperandCase *c) {
  TileMmaOperandSwizzle swizzle = tileMmaOperandSwizzleGet(
      c->opIdx, 2, 16, 2, c->fastestDim, c->shape[c->fastestDim]);
  CHECK(swizzle.vec == c->expectedVec);
  CHECK(swizzle.perPhase == c->expectedPerPhase);
  CHECK(swizzle.maxPhase == c->expectedMaxPhase);

  TileLinearLayout source, load, swizzled, plain;
  coalescedLayout(c, &source);
  ldmatrixAccess(c, &load);
  sharedLayout(c, swizzle.vec, swizzle.perPhase, swizzle.maxPhase, &swizzled);
  sharedLayout(c, 1, 1, 1, &plain);
  CHECK(conflicts(&source, &swizzled, 128) == 0);
  CHECK(conflicts(&load, &swizzled, 128) == 0);
  /* Rows shorter than 128 bytes share banks every 128 / rowBytes rows. */
  CHECK(conflicts(&load, &plain, 128) > 0);

  /* Where K is contiguous the operand's own registers are the ldmatrix
   * fragment (non-transposed); otherwise the lowering uses .trans. */
  int32_t kDim = c->opIdx == 0 ? 1 : 0;
  TileLayoutEncoding mma = mmaEncoding(2, 2, 2, 16, 8, 0);
  TileLayoutEncoding dot = dotOperandEncoding(c->opIdx, 2, &mma);
  TileLinearLayout operand;
  CHECK_OK(tileLayoutFromEncoding(&operand, &dot, 2, c->shape));
  bool eligible = false;
  int32_t matrices = 0;
  CHECK_OK(tileLayoutIsLdmatrixEligible(&operand, &swizzled, 16, &eligible, &matrices));
  CHECK(eligible == (c->fastestDim == kDim));
  if (eligible)
    CHECK(matrices == 4);
  printf("%s: vec %d perPhase %d maxPhase %d, store and ldmatrix conflict-free%s\n",
         c->name, swizzle.vec, swizzle.perPhase, swizzle.maxPhase,
         eligible ? ", ldmatrix eligible" : ", ldmatrix.trans");
}

int main(void) {
  static const OperandCase cases[] = {
      {"f16 A 64x32, K contiguous", 0, {64, 32}, 1, 8, 2, 4},
      {"f16 A 64x32, M contiguous", 0, {64, 32}, 0, 8, 1, 8},
      {"f16 B 32x64, N contiguous", 1, {32, 64}, 1, 8, 1, 8},
      {"f16 B 32x64, K contiguous", 1, {32, 64}, 0, 8, 2, 4},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i)
    checkCase(&cases[i]);
  printf("mma_operand_swizzle_test: %d checks passed\n", checksPassed);
  return 0;
}
