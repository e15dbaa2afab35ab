/* Replays the Volta tensor-core lowering's register bookkeeping
 * (conversion/tilegpu_to_llvm/mma_v1_fragments.c) on the CPU:
 *
 *   every thread's registers of a, b and c are filled from matrices through
 *   the version 1 dot_operand and mma linear layouts; each planned
 *   mma.m8n8k4 then gathers, for each warp and each of its four quad-pairs
 *   (lanes 4p..4p+3 and 16+4p..16+4p+3), the 8x4 A, 4x8 B and 8x8 C
 *   fragments by the PTX ISA's tables (written out here independently, per
 *   lane), multiplies them and scatters the result back; the accumulator
 *   registers must end up holding c + a * b at their coordinates. Cases:
 *   the 128x128x32 tile of examples/matmul.mlir on 8 warps (Volta's
 *   warpsPerCTA [8, 1]), 2x2 and 1x4 warps, and tiles narrower than the
 *   warps (copies of quad-pairs and warps).
 *
 *   Volta has no ldmatrix: the operand layouts must never look eligible
 *   for it against the swizzles tilegpu-reduce-data-duplication picks, so
 *   local_load takes the per-register path.
 */
#include "conversion/tilegpu_to_llvm/mma_fragments.h"
#include "conversion/tilegpu_to_llvm/mma_v1_fragments.h"
#include "passes/reduce_data_duplication.h"
#include "test/unit/check.h"
#include "test/unit/layout_test_support.h"

#include <stdlib.h>
#include <string.h>

enum { LANES = 32, MAX_REGS = 1024, MAX_WARPS = 8 };

typedef struct VoltaCase {
  const char *name;
  int64_t m, n, k;
  int32_t warps[2];
} VoltaCase;

static void buildLayouts(const VoltaCase *c, TileLinearLayout *a, TileLinearLayout *b,
                         TileLinearLayout *acc) {
  TileLayoutEncoding mma = mmaEncoding(1, c->warps[0], c->warps[1], 16, 16, 0);
  TileLayoutEncoding operand = dotOperandEncoding(0, 2, &mma);
  int64_t shapeA[2] = {c->m, c->k}, shapeB[2] = {c->k, c->n}, shapeC[2] = {c->m, c->n};
  CHECK_OK(tileLayoutFromEncoding(a, &operand, 2, shapeA));
  operand.u.dotOperand.opIdx = 1;
  CHECK_OK(tileLayoutFromEncoding(b, &operand, 2, shapeB));
  CHECK_OK(tileLayoutFromEncoding(acc, &mma, 2, shapeC));
}

/* Matrix element value from its coordinates: small integers, exact in f16
 * and f32. */
static int64_t valueAt(const int32_t *at, int32_t salt) {
  return ((salt * 31 + at[0]) * 37 + at[1] * 5) % 9 - 4;
}

/* PTX ISA m8n8k4 fragments inside a quad-pair, h = lane >= 16. */
static int32_t aRow(int32_t lane) { return lane % 4 + 4 * (lane >= 16); }
static int32_t bCol(int32_t lane) { return lane % 4 + 4 * (lane >= 16); }
static int32_t cRow(int32_t lane, int32_t i) {
  return lane >= 16 ? (lane & 1) + (i & 2) + 4 : (lane & 1) + (i & 2);
}
static int32_t cCol(int32_t lane, int32_t i) { return (i & 4) + (lane & 2) + (i & 1); }

/* The lanes of quad-pair p: 4p..4p+3 (low group), 16+4p..16+4p+3 (high). */
static int32_t laneOfQuadPair(int32_t p, int32_t index) {
  return index < 4 ? 4 * p + index : 16 + 4 * p + (index - 4);
}

static int64_t ra[MAX_WARPS][LANES][MAX_REGS], rb[MAX_WARPS][LANES][MAX_REGS],
    rc[MAX_WARPS][LANES][MAX_REGS];

/* Runs one instruction of one quad-pair of warp `w` as the PTX ISA
 * defines it. */
static void runQuadPair(const TileMmaV1Instruction *instruction, int32_t w, int32_t p) {
  int64_t fa[8][4], fb[4][8], fc[8][8];
  int32_t seenA[8][4] = {{0}}, seenB[4][8] = {{0}}, seenC[8][8] = {{0}};
  for (int32_t index = 0; index < 8; ++index) {
    int32_t l = laneOfQuadPair(p, index);
    for (int32_t j = 0; j < 4; ++j) {
      fa[aRow(l)][j] = ra[w][l][instruction->a[j]];
      ++seenA[aRow(l)][j];
      fb[j][bCol(l)] = rb[w][l][instruction->b[j]];
      ++seenB[j][bCol(l)];
    }
    for (int32_t i = 0; i < 8; ++i) {
      fc[cRow(l, i)][cCol(l, i)] = rc[w][l][instruction->c[i]];
      ++seenC[cRow(l, i)][cCol(l, i)];
    }
  }
  int64_t d[8][8];
  for (int32_t row = 0; row < 8; ++row)
    for (int32_t col = 0; col < 8; ++col) {
      CHECK(seenC[row][col] == 1);
      d[row][col] = fc[row][col];
      for (int32_t kk = 0; kk < 4; ++kk) {
        CHECK(seenA[row][kk] == 1 && seenB[kk][col] == 1);
        d[row][col] += fa[row][kk] * fb[kk][col];
      }
    }
  for (int32_t index = 0; index < 8; ++index) {
    int32_t l = laneOfQuadPair(p, index);
    for (int32_t i = 0; i < 8; ++i)
      rc[w][l][instruction->c[i]] = d[cRow(l, i)][cCol(l, i)];
  }
}

static void checkCase(const VoltaCase *c) {
  TileLinearLayout a, b, acc;
  buildLayouts(c, &a, &b, &acc);
  TileMmaV1Plan plan;
  const char *reason = NULL;
  bool planned = tileMmaV1PlanGet(&a, &b, &acc, &plan, &reason);
  if (!planned)
    fprintf(stderr, "%s: %s\n", c->name, reason);
  CHECK(planned);
  int32_t warps = c->warps[0] * c->warps[1];
  int32_t regsA = tileLayoutGetNumRegisters(&a), regsB = tileLayoutGetNumRegisters(&b);
  int32_t regsC = tileLayoutGetNumRegisters(&acc);
  CHECK(warps <= MAX_WARPS && regsA <= MAX_REGS && regsB <= MAX_REGS && regsC <= MAX_REGS);
  CHECK(plan.numInstructions == regsC / 8 * (int32_t)(c->k / 4));
  for (int32_t w = 0; w < warps; ++w)
    for (int32_t l = 0; l < LANES; ++l) {
      int32_t at[2];
      for (int32_t r = 0; r < regsA; ++r)
        coordinatesOf(&a, r, l, w, at), ra[w][l][r] = valueAt(at, 1);
      for (int32_t r = 0; r < regsB; ++r)
        coordinatesOf(&b, r, l, w, at), rb[w][l][r] = valueAt(at, 2);
      for (int32_t r = 0; r < regsC; ++r)
        coordinatesOf(&acc, r, l, w, at), rc[w][l][r] = valueAt(at, 3);
    }
  for (int32_t i = 0; i < plan.numInstructions; ++i)
    for (int32_t w = 0; w < warps; ++w)
      for (int32_t p = 0; p < 4; ++p)
        runQuadPair(&plan.instructions[i], w, p);
  /* Every accumulator register now holds c + a * b at its coordinates. */
  for (int32_t w = 0; w < warps; ++w)
    for (int32_t l = 0; l < LANES; ++l)
      for (int32_t r = 0; r < regsC; ++r) {
        int32_t at[2];
        coordinatesOf(&acc, r, l, w, at);
        int64_t expected = valueAt(at, 3);
        for (int32_t kk = 0; kk < c->k; ++kk) {
          int32_t atA[2] = {at[0], kk}, atB[2] = {kk, at[1]};
          expected += valueAt(atA, 1) * valueAt(atB, 2);
        }
        CHECK(rc[w][l][r] == expected);
      }
  printf("mma.m8n8k4 %-32s %3d per thread: ok\n", c->name, plan.numInstructions);
  tileMmaV1PlanDestroy(&plan);
}

/* A layout that is not the Volta one must be refused with a reason. */
static void checkRefusesAmpereLayouts(void) {
  TileLayoutEncoding mma = mmaEncoding(2, 1, 1, 16, 8, 0);
  TileLayoutEncoding operand = dotOperandEncoding(0, 2, &mma);
  int64_t shapeA[2] = {16, 16}, shapeB[2] = {16, 8}, shapeC[2] = {16, 8};
  TileLinearLayout a, b, c;
  CHECK_OK(tileLayoutFromEncoding(&a, &operand, 2, shapeA));
  operand.u.dotOperand.opIdx = 1;
  CHECK_OK(tileLayoutFromEncoding(&b, &operand, 2, shapeB));
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shapeC));
  TileMmaV1Plan plan;
  const char *reason = NULL;
  CHECK(!tileMmaV1PlanGet(&a, &b, &c, &plan, &reason));
  CHECK(reason != NULL && plan.instructions == NULL);
  printf("mma.m8n8k4 refuses mma v2 layouts: ok\n");
}

static void checkNoLdmatrix(int32_t opIdx, int64_t rows, int64_t cols, int32_t fastestDim) {
  TileLayoutEncoding mma = mmaEncoding(1, 2, 2, 16, 16, 0);
  TileLayoutEncoding operand = dotOperandEncoding(opIdx, 2, &mma);
  int64_t shape[2] = {rows, cols};
  TileMmaOperandSwizzle swizzle =
      tileMmaOperandSwizzleGet(opIdx, 2, 16, 2, fastestDim, shape[fastestDim]);
  TileLayoutEncoding shared = {.kind = TILE_LAYOUT_ENCODING_SWIZZLED_SHARED};
  shared.u.swizzledShared.vec = swizzle.vec;
  shared.u.swizzledShared.perPhase = swizzle.perPhase;
  shared.u.swizzledShared.maxPhase = swizzle.maxPhase;
  shared.u.swizzledShared.order[0] = fastestDim;
  shared.u.swizzledShared.order[1] = 1 - fastestDim;
  TileLinearLayout distributed, buffer, toOffset;
  CHECK_OK(tileLayoutFromEncoding(&distributed, &operand, 2, shape));
  CHECK_OK(tileLayoutFromEncoding(&buffer, &shared, 2, shape));
  CHECK_OK(tileLayoutInvertAndCompose(&toOffset, &distributed, &buffer));
  TileLdmatrixPlan plan;
  CHECK(!tileLdmatrixPlanGet(&distributed, &buffer, &toOffset, 16, &plan));
  printf("no ldmatrix for Volta %s %lldx%lld, dim %d fastest: ok\n", opIdx ? "B" : "A",
         (long long)rows, (long long)cols, fastestDim);
}

int main(void) {
  static const VoltaCase cases[] = {
      {"matmul f16 128x128x32 w8x1", 128, 128, 32, {8, 1}},
      {"f16 64x64x32 w2x2", 64, 64, 32, {2, 2}},
      {"f16 32x64x16 w1x4", 32, 64, 16, {1, 4}},
      {"f16 64x32x8 w4x1", 64, 32, 8, {4, 1}},
      {"f16 16x8x4 w2x2 (copies)", 16, 8, 4, {2, 2}},
      {"f16 32x16x4 w1x1", 32, 16, 4, {1, 1}},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i)
    checkCase(&cases[i]);
  checkRefusesAmpereLayouts();
  checkNoLdmatrix(0, 128, 32, 1);
  checkNoLdmatrix(0, 64, 32, 0);
  checkNoLdmatrix(1, 32, 128, 1);
  checkNoLdmatrix(1, 32, 64, 0);
  printf("%d checks passed\n", checksPassed);
  return 0;
}
