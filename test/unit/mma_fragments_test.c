/* Replays the tensor-core lowering's register bookkeeping
 * (conversion/tilegpu_to_llvm/mma_fragments.c) on the CPU:
 *
 *   mma.sync: every thread's registers of a, b and c are filled from
 *   matrices through the dot_operand and mma linear layouts; each planned
 *   instruction then gathers each warp's fragments by the PTX ISA's
 *   fragment tables (written out here independently, per lane), multiplies
 *   them and scatters the result back; the accumulator registers must end
 *   up holding c + a * b at their coordinates. Cases: f16/bf16 (kWidth 2),
 *   tf32 (1) and i8/fp8 (4), the 128x128x32 tile of examples/matmul.mlir
 *   and the 128x128x64 one of examples/gemm_fp8.mlir on 8 warps, tiles
 *   smaller than the warps, and a batched dot. (fp8's m16n8k32 fragments
 *   are i8's; the values here, small integers, are exact in e4m3 and e5m2.)
 *
 *   ldmatrix: a buffer with the swizzle tilegpu-reduce-data-duplication
 *   picks holds each element's coordinates; each planned ldmatrix is
 *   executed as the PTX ISA defines it (lane 8j + r addresses row r of
 *   matrix j; thread 4g + t receives (g, 2t), (g, 2t + 1) of each matrix,
 *   or (2t, g), (2t + 1, g) with .trans), and every register must receive
 *   the element its layout says it holds. A and B in both buffer orders;
 *   8-bit operands (i8, fp8) with K contiguous, where each thread receives
 *   four bytes of a row per matrix (the b16 pairs (g, 2t), (g, 2t + 1)),
 *   and none with K strided (.trans would move byte pairs).
 */
#include "conversion/tilegpu_to_llvm/mma_fragments.h"
#include "passes/reduce_data_duplication.h"
#include "test/unit/check.h"
#include "test/unit/layout_test_support.h"

#include <stdlib.h>
#include <string.h>

enum { LANES = 32, MAX_REGS = 1024, MAX_WARPS = 8 };

/* ---- mma.sync ----------------------------------------------------------- */

typedef struct MmaCase {
  const char *name;
  int32_t rank;
  int64_t batch, m, n, k;
  int32_t warps[3]; /* warpsPerCTA, rank entries */
  int32_t kWidth;
} MmaCase;

static void buildLayouts(const MmaCase *c, TileLinearLayout *a, TileLinearLayout *b,
                         TileLinearLayout *acc) {
  TileLayoutEncoding mma = mmaEncoding(2, c->warps[0], c->warps[1], 16, 8, 0);
  mma.u.mma.warpsPerCTA[2] = c->warps[2];
  TileLayoutEncoding operand = dotOperandEncoding(0, c->kWidth, &mma);
  int64_t shapeA[3], shapeB[3], shapeC[3];
  int32_t at = 0;
  if (c->rank == 3)
    shapeA[0] = shapeB[0] = shapeC[0] = c->batch, at = 1;
  shapeA[at] = c->m, shapeA[at + 1] = c->k;
  shapeB[at] = c->k, shapeB[at + 1] = c->n;
  shapeC[at] = c->m, shapeC[at + 1] = c->n;
  CHECK_OK(tileLayoutFromEncoding(a, &operand, c->rank, shapeA));
  operand.u.dotOperand.opIdx = 1;
  CHECK_OK(tileLayoutFromEncoding(b, &operand, c->rank, shapeB));
  CHECK_OK(tileLayoutFromEncoding(acc, &mma, c->rank, shapeC));
}

/* Matrix element value from its coordinates: small integers, exact in
 * every format. */
static int64_t valueAt(const int32_t *at, int32_t rank, int32_t salt) {
  int64_t hash = salt;
  for (int32_t d = 0; d < rank; ++d)
    hash = hash * 131 + at[d] * 7 + 3;
  return hash % 7 - 3;
}

static void checkMmaCase(const MmaCase *c) {
  TileLinearLayout a, b, acc;
  buildLayouts(c, &a, &b, &acc);
  TileMmaPlan plan;
  const char *reason = NULL;
  bool planned = tileMmaPlanGet(&a, &b, &acc, c->rank, c->kWidth, &plan, &reason);
  if (!planned)
    fprintf(stderr, "%s: %s\n", c->name, reason);
  CHECK(planned);
  int32_t warps = tileLayoutGetInDimSize(&acc, TILE_LAYOUT_WARP);
  int32_t regsA = tileLayoutGetNumRegisters(&a), regsB = tileLayoutGetNumRegisters(&b);
  int32_t regsC = tileLayoutGetNumRegisters(&acc);
  CHECK(warps <= MAX_WARPS && regsA <= MAX_REGS && regsB <= MAX_REGS && regsC <= MAX_REGS);
  CHECK(plan.numInstructions == regsC / 4 * (int32_t)(c->k / (8 * c->kWidth)));
  static int64_t ra[MAX_WARPS][LANES][MAX_REGS], rb[MAX_WARPS][LANES][MAX_REGS],
      rc[MAX_WARPS][LANES][MAX_REGS];
  int32_t bdim = c->rank == 3 ? 1 : 0;
  for (int32_t w = 0; w < warps; ++w)
    for (int32_t l = 0; l < LANES; ++l) {
      int32_t at[3];
      for (int32_t r = 0; r < regsA; ++r)
        coordinatesOf(&a, r, l, w, at), ra[w][l][r] = valueAt(at, c->rank, 1);
      for (int32_t r = 0; r < regsB; ++r)
        coordinatesOf(&b, r, l, w, at), rb[w][l][r] = valueAt(at, c->rank, 2);
      for (int32_t r = 0; r < regsC; ++r)
        coordinatesOf(&acc, r, l, w, at), rc[w][l][r] = valueAt(at, c->rank, 3);
    }
  int32_t kw = c->kWidth, instrK = 8 * kw;
  for (int32_t i = 0; i < plan.numInstructions; ++i) {
    const TileMmaInstruction *instruction = &plan.instructions[i];
    for (int32_t w = 0; w < warps; ++w) {
      int64_t fa[16][32], fb[32][8], fc[16][8];
      int32_t seenA[16][32] = {{0}}, seenB[32][8] = {{0}}, seenC[16][8] = {{0}};
      for (int32_t l = 0; l < LANES; ++l) {
        int32_t g = l >> 2, t = l & 3;
        for (int32_t e = 0; e < 4 * kw; ++e) { /* PTX: A register e / kw */
          int32_t reg = e / kw, j = e % kw;
          int32_t row = g + 8 * (reg & 1), col = kw * t + j + 4 * kw * (reg >> 1);
          fa[row][col] = ra[w][l][instruction->a[e]];
          ++seenA[row][col];
        }
        for (int32_t e = 0; e < 2 * kw; ++e) { /* PTX: B register e / kw */
          int32_t reg = e / kw, j = e % kw;
          int32_t row = kw * t + j + 4 * kw * reg, col = g;
          fb[row][col] = rb[w][l][instruction->b[e]];
          ++seenB[row][col];
        }
        for (int32_t e = 0; e < 4; ++e) { /* PTX: C element e */
          int32_t row = g + 8 * (e >> 1), col = 2 * t + (e & 1);
          fc[row][col] = rc[w][l][instruction->c[e]];
          ++seenC[row][col];
        }
      }
      for (int32_t row = 0; row < 16; ++row)
        for (int32_t col = 0; col < instrK; ++col)
          CHECK(seenA[row][col] == 1);
      int64_t d[16][8];
      for (int32_t row = 0; row < 16; ++row)
        for (int32_t col = 0; col < 8; ++col) {
          CHECK(seenC[row][col] == 1);
          d[row][col] = fc[row][col];
          for (int32_t kk = 0; kk < instrK; ++kk) {
            CHECK(seenB[kk][col] == 1);
            d[row][col] += fa[row][kk] * fb[kk][col];
          }
        }
      for (int32_t l = 0; l < LANES; ++l)
        for (int32_t e = 0; e < 4; ++e)
          rc[w][l][instruction->c[e]] = d[(l >> 2) + 8 * (e >> 1)][2 * (l & 3) + (e & 1)];
    }
  }
  /* Every accumulator register now holds c + a * b at its coordinates. */
  for (int32_t w = 0; w < warps; ++w)
    for (int32_t l = 0; l < LANES; ++l)
      for (int32_t r = 0; r < regsC; ++r) {
        int32_t at[3], atA[3], atB[3];
        coordinatesOf(&acc, r, l, w, at);
        int64_t expected = valueAt(at, c->rank, 3);
        memcpy(atA, at, sizeof(at));
        memcpy(atB, at, sizeof(at));
        for (int32_t kk = 0; kk < c->k; ++kk) {
          atA[bdim + 1] = kk;
          atB[bdim] = kk;
          expected += valueAt(atA, c->rank, 1) * valueAt(atB, c->rank, 2);
        }
        CHECK(rc[w][l][r] == expected);
      }
  printf("mma %-30s %3d mma.sync per thread: ok\n", c->name, plan.numInstructions);
  tileMmaPlanDestroy(&plan);
}

/* ---- ldmatrix ----------------------------------------------------------- */

typedef struct LdmatrixCase {
  const char *name;
  int32_t opIdx;
  int64_t shape[2];
  int32_t fastestDim;
  int32_t warps[2];
  int32_t elementBits; /* 16, or 8 */
  bool expectPlan;
  bool expectTransposed;
} LdmatrixCase;

static void checkLdmatrixCase(const LdmatrixCase *c) {
  TileLayoutEncoding mma = mmaEncoding(2, c->warps[0], c->warps[1], 16, 8, 0);
  int32_t kWidth = 32 / c->elementBits;          /* elements per 32-bit word */
  int32_t rowElements = 128 / c->elementBits;     /* one 16-byte matrix row */
  TileLayoutEncoding operand = dotOperandEncoding(c->opIdx, kWidth, &mma);
  TileMmaOperandSwizzle swizzle = tileMmaOperandSwizzleGet(
      c->opIdx, kWidth, c->elementBits, 2, c->fastestDim, c->shape[c->fastestDim]);
  TileLayoutEncoding shared = {.kind = TILE_LAYOUT_ENCODING_SWIZZLED_SHARED};
  shared.u.swizzledShared.vec = swizzle.vec;
  shared.u.swizzledShared.perPhase = swizzle.perPhase;
  shared.u.swizzledShared.maxPhase = swizzle.maxPhase;
  shared.u.swizzledShared.order[0] = c->fastestDim;
  shared.u.swizzledShared.order[1] = 1 - c->fastestDim;
  TileLinearLayout distributed, buffer, toOffset;
  CHECK_OK(tileLayoutFromEncoding(&distributed, &operand, 2, c->shape));
  CHECK_OK(tileLayoutFromEncoding(&buffer, &shared, 2, c->shape));
  CHECK_OK(tileLayoutInvertAndCompose(&toOffset, &distributed, &buffer));
  TileLdmatrixPlan plan;
  bool planned = tileLdmatrixPlanGet(&distributed, &buffer, &toOffset, c->elementBits, &plan);
  CHECK(planned == c->expectPlan);
  if (!planned) {
    printf("ldmatrix %-25s none (per-register loads): ok\n", c->name);
    return;
  }
  CHECK(plan.transposed == c->expectTransposed);
  CHECK(plan.numMatrices == 4);
  CHECK(plan.registersPerLoad == kWidth * plan.numMatrices);
  int32_t size = (int32_t)(c->shape[0] * c->shape[1]);
  int32_t *memory = malloc(sizeof(int32_t) * (size_t)size);
  CHECK(memory != NULL);
  for (int32_t offset = 0; offset < size; ++offset) {
    int32_t in[2] = {offset, 0}, at[2]; /* offset, block */
    CHECK_OK(tileLayoutApply(&buffer, in, at));
    memory[offset] = at[0] * (int32_t)c->shape[1] + at[1];
  }
  int32_t warpIn = tileLayoutFindInDim(&toOffset, TILE_LAYOUT_WARP);
  int32_t regIn = tileLayoutFindInDim(&toOffset, TILE_LAYOUT_REGISTER);
  int32_t offsetOut = tileLayoutFindOutDim(&toOffset, TILE_LAYOUT_OFFSET);
  int32_t registers = tileLayoutGetNumRegisters(&distributed);
  int32_t warps = c->warps[0] * c->warps[1];
  for (int32_t w = 0; w < warps; ++w)
    for (int32_t r0 = 0; r0 < registers; r0 += plan.registersPerLoad) {
      int32_t rowAddress[LANES];
      for (int32_t l = 0; l < LANES; ++l) {
        int32_t address = 0;
        for (int32_t bit = 0; bit < 5; ++bit)
          if ((l >> bit) & 1)
            address ^= plan.laneAddressBases[bit];
        for (int32_t bit = 0; bit < toOffset.inLog2Sizes[warpIn]; ++bit)
          if ((w >> bit) & 1)
            address ^= toOffset.bases[warpIn][bit][offsetOut];
        for (int32_t bit = 0; bit < toOffset.inLog2Sizes[regIn]; ++bit)
          if ((r0 >> bit) & 1)
            address ^= toOffset.bases[regIn][bit][offsetOut];
        CHECK(address % rowElements == 0 && address + rowElements <= size);
        rowAddress[l] = address;
      }
      for (int32_t l = 0; l < LANES; ++l) {
        int32_t g = l >> 2, t = l & 3;
        /* Each matrix gives the thread one 32-bit word: kWidth elements,
         * the b16 pairs (g, 2t), (g, 2t + 1) (transposed: (2t, g),
         * (2t + 1, g)) as stored. */
        for (int32_t matrix = 0; matrix < plan.numMatrices; ++matrix)
          for (int32_t part = 0; part < kWidth; ++part) {
            int32_t loaded =
                plan.transposed ? memory[rowAddress[8 * matrix + 2 * t + part] + g]
                                : memory[rowAddress[8 * matrix + g] + kWidth * t + part];
            int32_t at[2];
            coordinatesOf(&distributed, r0 + kWidth * matrix + part, l, w, at);
            CHECK(loaded == at[0] * (int32_t)c->shape[1] + at[1]);
          }
      }
    }
  free(memory);
  printf("ldmatrix %-25s x%d%s: ok\n", c->name, plan.numMatrices,
         plan.transposed ? ".trans" : "");
}

int main(void) {
  static const MmaCase mmaCases[] = {
      {"matmul f16 128x128x32 w2x4", 2, 1, 128, 128, 32, {2, 4}, 2},
      {"f16 64x64x32 w2x2", 2, 1, 64, 64, 32, {2, 2}, 2},
      {"tf32 32x32x16 w2x2", 2, 1, 32, 32, 16, {2, 2}, 1},
      {"i8 64x32x64 w4x1", 2, 1, 64, 32, 64, {4, 1}, 4},
      {"gemm_fp8 128x128x64 w2x4", 2, 1, 128, 128, 64, {2, 4}, 4},
      {"f16 16x8x16 w2x2 (broadcast)", 2, 1, 16, 8, 16, {2, 2}, 2},
      {"batched f16 2x32x16x32 w2x1x1", 3, 2, 32, 16, 32, {2, 1, 1}, 2},
  };
  for (size_t i = 0; i < sizeof(mmaCases) / sizeof(mmaCases[0]); ++i)
    checkMmaCase(&mmaCases[i]);
  static const LdmatrixCase ldmatrixCases[] = {
      {"A 128x32 K-major w2x4", 0, {128, 32}, 1, {2, 4}, 16, true, false},
      {"B 32x128 N-major w2x4", 1, {32, 128}, 1, {2, 4}, 16, true, true},
      {"A 64x32 M-major w2x2", 0, {64, 32}, 0, {2, 2}, 16, true, true},
      {"B 32x64 K-major w2x2", 1, {32, 64}, 0, {2, 2}, 16, true, false},
      {"8-bit A 128x64 K-major w2x4", 0, {128, 64}, 1, {2, 4}, 8, true, false},
      {"8-bit B 64x128 K-major w2x4", 1, {64, 128}, 0, {2, 4}, 8, true, false},
      {"8-bit A 64x32 K-major w2x2", 0, {64, 32}, 1, {2, 2}, 8, true, false},
      {"8-bit B 64x128 N-major w2x4", 1, {64, 128}, 1, {2, 4}, 8, false, false},
      {"8-bit A 128x64 M-major w2x4", 0, {128, 64}, 0, {2, 4}, 8, false, false},
  };
  for (size_t i = 0; i < sizeof(ldmatrixCases) / sizeof(ldmatrixCases[0]); ++i)
    checkLdmatrixCase(&ldmatrixCases[i]);
  printf("%d checks passed\n", checksPassed);
  return 0;
}
