/*===- mma_v1_fragments.c - registers of Volta mma.m8n8k4 fragments ---------===*
 *
 * See mma_v1_fragments.h for the fragment shapes. Everything here reads
 * the linear layouts only: lane and warp bases are checked against the
 * quad-pair arrangement once, and registers are then found by their
 * register-only coordinates (lane 0 of warp 0), so any register order a
 * layout picks works. Why that is enough: a thread's element sits at its
 * register-only coordinates XOR its lane and warp parts; the checked lane
 * bases set exactly the bits the PTX tables give the lane (plus 8 along M
 * or N for its quad-pair) and warp bases are multiples of 16, while an
 * instruction's register-only coordinates are a 16-aligned origin plus the
 * element's own bits, so the XOR adds the two without carries.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/mma_v1_fragments.h"

#include <stdlib.h>
#include <string.h>

enum { LANE_BITS = 5, WARP_TILE = 16 };

/* Basis `bit` of input dim `name` as (row, col); zero past the dim. */
static void basisOf(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                    int32_t *at) {
  int32_t in = tileLayoutFindInDim(layout, name);
  for (int32_t d = 0; d < 2; ++d) {
    int32_t out = tileLayoutFindOutDim(layout, tileLayoutTensorDim(d));
    at[d] = (in >= 0 && out >= 0 && bit < layout->inLog2Sizes[in])
                ? layout->bases[in][bit][out]
                : 0;
  }
}

static int32_t log2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

static bool basisIs(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                    int32_t row, int32_t col) {
  int32_t at[2];
  basisOf(layout, name, bit, at);
  return at[0] == row && at[1] == col;
}

/* Lane bits 0, 1 and 4 (lane % 4 and lane >= 16) hold the PTX fragment of
 * the quad-pair; lane bits 2 and 3 (the quad-pair) and every warp bit move
 * a and b exactly as they move c along M (for a) or N (for b), never along
 * K. The quad-pair bits of c are its standard 8-steps or zero (a tensor
 * narrower than a warp tile), and warps keep whole 16x16 warp tiles. */
static bool basesMatchQuadPairs(const TileLinearLayout *a, const TileLinearLayout *b,
                                const TileLinearLayout *c) {
  if (log2Size(a, TILE_LAYOUT_LANE) != LANE_BITS ||
      log2Size(b, TILE_LAYOUT_LANE) != LANE_BITS ||
      log2Size(c, TILE_LAYOUT_LANE) != LANE_BITS)
    return false;
  static const int32_t inQuadPairBits[3] = {0, 1, 4};
  static const int32_t cInQuadPair[3][2] = {{1, 0}, {0, 2}, {4, 0}};
  static const int32_t operandInQuadPair[3] = {1, 2, 4};
  for (int32_t i = 0; i < 3; ++i) {
    int32_t bit = inQuadPairBits[i];
    if (!basisIs(c, TILE_LAYOUT_LANE, bit, cInQuadPair[i][0], cInQuadPair[i][1]) ||
        !basisIs(a, TILE_LAYOUT_LANE, bit, operandInQuadPair[i], 0) ||
        !basisIs(b, TILE_LAYOUT_LANE, bit, 0, operandInQuadPair[i]))
      return false;
  }
  int32_t at[2];
  if (!(basisIs(c, TILE_LAYOUT_LANE, 2, 8, 0) || basisIs(c, TILE_LAYOUT_LANE, 2, 0, 0)) ||
      !(basisIs(c, TILE_LAYOUT_LANE, 3, 0, 8) || basisIs(c, TILE_LAYOUT_LANE, 3, 0, 0)))
    return false;
  for (int32_t bit = 2; bit < 4; ++bit) {
    basisOf(c, TILE_LAYOUT_LANE, bit, at);
    if (!basisIs(a, TILE_LAYOUT_LANE, bit, at[0], 0) ||
        !basisIs(b, TILE_LAYOUT_LANE, bit, 0, at[1]))
      return false;
  }
  int32_t warpBits = log2Size(c, TILE_LAYOUT_WARP);
  if (log2Size(a, TILE_LAYOUT_WARP) != warpBits || log2Size(b, TILE_LAYOUT_WARP) != warpBits)
    return false;
  for (int32_t bit = 0; bit < warpBits; ++bit) {
    basisOf(c, TILE_LAYOUT_WARP, bit, at);
    if (at[0] % WARP_TILE != 0 || at[1] % WARP_TILE != 0 ||
        !basisIs(a, TILE_LAYOUT_WARP, bit, at[0], 0) ||
        !basisIs(b, TILE_LAYOUT_WARP, bit, 0, at[1]))
      return false;
  }
  return true;
}

/* A layout's register-only coordinates as a rows x cols table of the lowest
 * register at each (-1 where none). */
typedef struct RegisterTable {
  int32_t rows, cols;
  int32_t *entries;
} RegisterTable;

static void registerCoordinates(const TileLinearLayout *layout, int32_t reg, int32_t *at) {
  at[0] = at[1] = 0;
  for (int32_t bit = 0; (reg >> bit) != 0; ++bit)
    if ((reg >> bit) & 1) {
      int32_t basis[2];
      basisOf(layout, TILE_LAYOUT_REGISTER, bit, basis);
      at[0] ^= basis[0];
      at[1] ^= basis[1];
    }
}

static bool tabulate(const TileLinearLayout *layout, RegisterTable *table) {
  table->rows = tileLayoutGetOutDimSize(layout, TILE_LAYOUT_DIM0);
  table->cols = tileLayoutGetOutDimSize(layout, TILE_LAYOUT_DIM1);
  size_t count = (size_t)table->rows * (size_t)table->cols;
  table->entries = malloc(count * sizeof(int32_t));
  if (!table->entries)
    return false;
  for (size_t i = 0; i < count; ++i)
    table->entries[i] = -1;
  for (int32_t reg = tileLayoutGetNumRegisters(layout) - 1; reg >= 0; --reg) {
    int32_t at[2];
    registerCoordinates(layout, reg, at);
    table->entries[(size_t)at[0] * (size_t)table->cols + (size_t)at[1]] = reg;
  }
  return true;
}

/* The register at (row, col); -1 outside the table or where none. */
static int32_t lookup(const RegisterTable *table, int32_t row, int32_t col) {
  if (row >= table->rows || col >= table->cols)
    return -1;
  return table->entries[(size_t)row * (size_t)table->cols + (size_t)col];
}

/* Fills one instruction from the tile at register-only (m0, n0) and the K
 * slice at k0; false when a fragment element has no register. */
static bool fillInstruction(const RegisterTable *tables, int32_t m0, int32_t n0, int32_t k0,
                            TileMmaV1Instruction *instruction) {
  bool ok = true;
  for (int32_t i = 0; i < TILE_MMA_V1_C_ELEMENTS; ++i) {
    instruction->c[i] = lookup(&tables[2], m0 + (i & 2), n0 + (i & 4) + (i & 1));
    ok = ok && instruction->c[i] >= 0;
  }
  for (int32_t j = 0; j < TILE_MMA_V1_OPERAND_ELEMENTS; ++j) {
    instruction->a[j] = lookup(&tables[0], m0, k0 + j);
    instruction->b[j] = lookup(&tables[1], k0 + j, n0);
    ok = ok && instruction->a[j] >= 0 && instruction->b[j] >= 0;
  }
  return ok;
}

bool tileMmaV1PlanGet(const TileLinearLayout *a, const TileLinearLayout *b,
                      const TileLinearLayout *c, TileMmaV1Plan *plan,
                      const char **reason) {
  memset(plan, 0, sizeof(*plan));
  *reason = NULL;
  if (!basesMatchQuadPairs(a, b, c)) {
    *reason = "the operand and accumulator layouts do not hold mma.m8n8k4 quad-pair "
              "fragments; use the #tilegpu.dot_operand layouts (kWidth = 2) of the "
              "result's version 1 #tilegpu.mma layout";
    return false;
  }
  RegisterTable tables[3];
  const TileLinearLayout *layouts[3] = {a, b, c};
  memset(tables, 0, sizeof(tables));
  bool ok = true;
  for (int32_t i = 0; i < 3 && ok; ++i)
    ok = tabulate(layouts[i], &tables[i]);
  if (!ok)
    *reason = "out of memory";
  int32_t k = tables[0].cols;
  int32_t kSteps = k / TILE_MMA_V1_K;
  if (ok && (k % TILE_MMA_V1_K != 0 || kSteps == 0 || tables[1].rows != k)) {
    *reason = "K is not a multiple of mma.m8n8k4's K (4)";
    ok = false;
  }
  int32_t registersC = tileLayoutGetNumRegisters(c);
  int32_t maxTiles = registersC / TILE_MMA_V1_C_ELEMENTS;
  if (ok) {
    plan->instructions = calloc((size_t)(maxTiles > 0 ? maxTiles : 1) * (size_t)kSteps,
                                sizeof(TileMmaV1Instruction));
    if (!plan->instructions) {
      *reason = "out of memory";
      ok = false;
    }
  }
  int32_t tiles = 0;
  for (int32_t reg = 0; ok && reg < registersC; ++reg) {
    int32_t at[2];
    registerCoordinates(c, reg, at);
    if (at[0] % WARP_TILE != 0 || at[1] % WARP_TILE != 0 ||
        lookup(&tables[2], at[0], at[1]) != reg)
      continue;
    ok = tiles < maxTiles;
    for (int32_t step = 0; step < kSteps && ok; ++step)
      ok = fillInstruction(tables, at[0], at[1], step * TILE_MMA_V1_K,
                           &plan->instructions[step * maxTiles + tiles]);
    ++tiles;
  }
  if (ok && tiles * TILE_MMA_V1_C_ELEMENTS != registersC)
    ok = false;
  if (!ok && !*reason)
    *reason = "the registers of the operands and the accumulator do not form whole "
              "mma.m8n8k4 fragments";
  for (int32_t i = 0; i < 3; ++i)
    free(tables[i].entries);
  if (!ok) {
    tileMmaV1PlanDestroy(plan);
    return false;
  }
  plan->numInstructions = tiles * kSteps;
  return true;
}

void tileMmaV1PlanDestroy(TileMmaV1Plan *plan) {
  free(plan->instructions);
  plan->instructions = NULL;
  plan->numInstructions = 0;
}
