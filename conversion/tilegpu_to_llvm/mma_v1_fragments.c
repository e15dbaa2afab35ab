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
#include "conversion/tilegpu_to_llvm/mma_fragments.h"

#include <stdlib.h>
#include <string.h>

enum { LANE_BITS = 5, WARP_TILE = 16 };

static bool basisIs(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                    int32_t row, int32_t col) {
  int32_t at[2];
  tileMmaBasisOf(layout, name, bit, 2, at);
  return at[0] == row && at[1] == col;
}

/* Lane bits 0, 1 and 4 (lane % 4 and lane >= 16) hold the PTX fragment of
 * the quad-pair; lane bits 2 and 3 (the quad-pair) and every warp bit move
 * a and b exactly as they move c along M (for a) or N (for b), never along
 * K. The quad-pair bits of c are its standard 8-steps or zero (a tensor
 * narrower than a warp tile), and warps keep whole 16x16 warp tiles. */
static bool basesMatchQuadPairs(const TileLinearLayout *a, const TileLinearLayout *b,
                                const TileLinearLayout *c) {
  if (tileMmaLog2Size(a, TILE_LAYOUT_LANE) != LANE_BITS ||
      tileMmaLog2Size(b, TILE_LAYOUT_LANE) != LANE_BITS ||
      tileMmaLog2Size(c, TILE_LAYOUT_LANE) != LANE_BITS)
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
    tileMmaBasisOf(c, TILE_LAYOUT_LANE, bit, 2, at);
    if (!basisIs(a, TILE_LAYOUT_LANE, bit, at[0], 0) ||
        !basisIs(b, TILE_LAYOUT_LANE, bit, 0, at[1]))
      return false;
  }
  int32_t warpBits = tileMmaLog2Size(c, TILE_LAYOUT_WARP);
  if (tileMmaLog2Size(a, TILE_LAYOUT_WARP) != warpBits || tileMmaLog2Size(b, TILE_LAYOUT_WARP) != warpBits)
    return false;
  for (int32_t bit = 0; bit < warpBits; ++bit) {
    tileMmaBasisOf(c, TILE_LAYOUT_WARP, bit, 2, at);
    if (at[0] % WARP_TILE != 0 || at[1] % WARP_TILE != 0 ||
        !basisIs(a, TILE_LAYOUT_WARP, bit, at[0], 0) ||
        !basisIs(b, TILE_LAYOUT_WARP, bit, 0, at[1]))
      return false;
  }
  return true;
}

static void registerCoordinates(const TileLinearLayout *layout, int32_t reg, int32_t *at) {
  at[0] = at[1] = 0;
  for (int32_t bit = 0; (reg >> bit) != 0; ++bit)
    if ((reg >> bit) & 1) {
      int32_t basis[2];
      tileMmaBasisOf(layout, TILE_LAYOUT_REGISTER, bit, 2, basis);
      at[0] ^= basis[0];
      at[1] ^= basis[1];
    }
}

/* The register at (row, col) of a rank-2 table; -1 outside it or where none. */
static int32_t lookup(const TileMmaRegisterTable *table, int32_t row, int32_t col) {
  return tileMmaRegisterTableLookup(table, 0, row, col);
}

/* Fills one instruction from the tile at register-only (m0, n0) and the K
 * slice at k0; false when a fragment element has no register. */
static bool fillInstruction(const TileMmaRegisterTable *tables, int32_t m0, int32_t n0, int32_t k0,
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
  TileMmaRegisterTable tables[3];
  const TileLinearLayout *layouts[3] = {a, b, c};
  memset(tables, 0, sizeof(tables));
  bool ok = true;
  for (int32_t i = 0; i < 3 && ok; ++i)
    ok = tileMmaRegisterTableBuild(layouts[i], 2, &tables[i]);
  if (!ok)
    *reason = "out of memory";
  int32_t k = tables[0].sizes[1];
  int32_t kSteps = k / TILE_MMA_V1_K;
  if (ok && (k % TILE_MMA_V1_K != 0 || kSteps == 0 || tables[1].sizes[0] != k)) {
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
