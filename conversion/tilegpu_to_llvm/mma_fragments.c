/*===- mma_fragments.c - registers of ldmatrix and mma.sync fragments -------===*
 *
 * See mma_fragments.h for the fragment shapes. Everything here reads the
 * linear layouts only: lane bases are checked against the fragment tables
 * once, and registers are then found by their register-only coordinates,
 * so any register order a layout picks works.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/mma_fragments.h"

#include <stdlib.h>
#include <string.h>

enum { LANE_BITS = 5 };

int32_t tileMmaLog2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

void tileMmaBasisOf(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                    int32_t rank, int32_t *coordinates) {
  int32_t in = tileLayoutFindInDim(layout, name);
  for (int32_t d = 0; d < rank; ++d) {
    int32_t out = tileLayoutFindOutDim(layout, tileLayoutTensorDim(d));
    coordinates[d] = (in >= 0 && out >= 0 && bit < layout->inLog2Sizes[in])
                         ? layout->bases[in][bit][out]
                         : 0;
  }
}

/* ---- ldmatrix ----------------------------------------------------------- */

static int32_t offsetBasis(const TileLinearLayout *toOffset, TileLayoutDimName name,
                           int32_t bit) {
  int32_t in = tileLayoutFindInDim(toOffset, name);
  int32_t out = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  if (in < 0 || out < 0 || bit >= toOffset->inLog2Sizes[in])
    return 0;
  return toOffset->bases[in][bit][out];
}

/* The layout with the roles of the in-row bits (register 0, lanes 0 and 1)
 * and the row bits (lanes 2, 3, 4) exchanged: it is plain-ldmatrix
 * eligible exactly when the original is .trans eligible. */
static bool swapRowRoles(const TileLinearLayout *layout, TileLinearLayout *swapped) {
  int32_t reg = tileLayoutFindInDim(layout, TILE_LAYOUT_REGISTER);
  int32_t lane = tileLayoutFindInDim(layout, TILE_LAYOUT_LANE);
  if (reg < 0 || lane < 0 || layout->inLog2Sizes[reg] < 1 ||
      layout->inLog2Sizes[lane] != LANE_BITS)
    return false;
  *swapped = *layout;
  const int32_t pairs[3][2][2] = {
      {{reg, 0}, {lane, 2}}, {{lane, 0}, {lane, 3}}, {{lane, 1}, {lane, 4}}};
  size_t bytes = sizeof(layout->bases[0][0]);
  for (int32_t i = 0; i < 3; ++i) {
    memcpy(swapped->bases[pairs[i][0][0]][pairs[i][0][1]],
           layout->bases[pairs[i][1][0]][pairs[i][1][1]], bytes);
    memcpy(swapped->bases[pairs[i][1][0]][pairs[i][1][1]],
           layout->bases[pairs[i][0][0]][pairs[i][0][1]], bytes);
  }
  return true;
}

/* True when every basis of `toOffset` except the listed in-row ones moves
 * whole 16-byte rows of `rowElements` elements. */
static bool movesWholeRows(const TileLinearLayout *toOffset, int32_t registerRowBits,
                           int32_t laneRowBits, int32_t rowElements) {
  int32_t out = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  for (int32_t i = 0; i < toOffset->numInDims; ++i)
    for (int32_t bit = 0; bit < toOffset->inLog2Sizes[i]; ++bit) {
      TileLayoutDimName name = toOffset->inNames[i];
      bool inRow = (name == TILE_LAYOUT_REGISTER && bit < registerRowBits) ||
                   (name == TILE_LAYOUT_LANE && bit < laneRowBits);
      if (!inRow && toOffset->bases[i][bit][out] % rowElements != 0)
        return false;
    }
  return true;
}

/* 8-bit elements, K contiguous: each 32-bit register quad (register bits
 * 0, 1) of a thread is the b16 pair (g, 2t), (g, 2t + 1) of a plain
 * ldmatrix, so register bits 0, 1 and lane bits 0, 1 must step through
 * one 16-byte row (offsets 1, 2, 4, 8), lane bits 2-4 pick the row and
 * register bits 2, 3 the matrix. .trans would move byte pairs, not bytes:
 * no transposed form. */
static bool bytePlanGet(const TileLinearLayout *toOffset, TileLdmatrixPlan *plan) {
  int32_t reg = tileLayoutFindInDim(toOffset, TILE_LAYOUT_REGISTER);
  int32_t lane = tileLayoutFindInDim(toOffset, TILE_LAYOUT_LANE);
  if (reg < 0 || lane < 0 || toOffset->inLog2Sizes[reg] < 2 ||
      toOffset->inLog2Sizes[lane] != LANE_BITS ||
      offsetBasis(toOffset, TILE_LAYOUT_REGISTER, 0) != 1 ||
      offsetBasis(toOffset, TILE_LAYOUT_REGISTER, 1) != 2 ||
      offsetBasis(toOffset, TILE_LAYOUT_LANE, 0) != 4 ||
      offsetBasis(toOffset, TILE_LAYOUT_LANE, 1) != 8 || !movesWholeRows(toOffset, 2, 2, 16))
    return false;
  int32_t extraRegisterBits = toOffset->inLog2Sizes[reg] - 2;
  plan->numMatrices = 1 << (extraRegisterBits < 2 ? extraRegisterBits : 2);
  plan->registersPerLoad = 4 * plan->numMatrices;
  for (int32_t i = 0; i < 3; ++i)
    plan->laneAddressBases[i] = offsetBasis(toOffset, TILE_LAYOUT_LANE, 2 + i);
  for (int32_t i = 0; (1 << i) < plan->numMatrices; ++i)
    plan->laneAddressBases[3 + i] = offsetBasis(toOffset, TILE_LAYOUT_REGISTER, 2 + i);
  return true;
}

bool tileLdmatrixPlanGet(const TileLinearLayout *distributed,
                         const TileLinearLayout *shared,
                         const TileLinearLayout *toOffset, int32_t elementBits,
                         TileLdmatrixPlan *plan) {
  memset(plan, 0, sizeof(*plan));
  if (elementBits == 8)
    return bytePlanGet(toOffset, plan);
  bool eligible = false;
  int32_t numMatrices = 0;
  if (tileLayoutIsLdmatrixEligible(distributed, shared, elementBits, &eligible,
                                   &numMatrices) != TILE_LAYOUT_OK)
    return false;
  if (!eligible) {
    TileLinearLayout swapped;
    if (!swapRowRoles(distributed, &swapped) ||
        tileLayoutIsLdmatrixEligible(&swapped, shared, elementBits, &eligible,
                                     &numMatrices) != TILE_LAYOUT_OK ||
        !eligible)
      return false;
    plan->transposed = true;
  }
  plan->numMatrices = numMatrices;
  plan->registersPerLoad = 2 * numMatrices;
  /* Lane bits 0-2 choose the row the lane addresses. */
  static const struct {
    TileLayoutDimName name;
    int32_t bit;
  } plainRows[3] = {{TILE_LAYOUT_LANE, 2}, {TILE_LAYOUT_LANE, 3}, {TILE_LAYOUT_LANE, 4}},
    transposedRows[3] = {
        {TILE_LAYOUT_REGISTER, 0}, {TILE_LAYOUT_LANE, 0}, {TILE_LAYOUT_LANE, 1}};
  for (int32_t i = 0; i < 3; ++i) {
    TileLayoutDimName name = plan->transposed ? transposedRows[i].name : plainRows[i].name;
    int32_t bit = plan->transposed ? transposedRows[i].bit : plainRows[i].bit;
    plan->laneAddressBases[i] = offsetBasis(toOffset, name, bit);
  }
  /* Lane bits 3-4 choose the matrix, i.e. register bits 1-2. */
  for (int32_t i = 0; (1 << i) < numMatrices; ++i)
    plan->laneAddressBases[3 + i] = offsetBasis(toOffset, TILE_LAYOUT_REGISTER, 1 + i);
  return true;
}

/* ---- mma.sync ----------------------------------------------------------- */

bool tileMmaRegisterTableBuild(const TileLinearLayout *layout, int32_t rank,
                               TileMmaRegisterTable *table) {
  table->rank = rank;
  size_t count = 1;
  for (int32_t d = 0; d < rank; ++d) {
    table->sizes[d] = tileLayoutGetOutDimSize(layout, tileLayoutTensorDim(d));
    count *= (size_t)table->sizes[d];
  }
  table->entries = malloc(count * sizeof(int32_t));
  if (!table->entries)
    return false;
  for (size_t i = 0; i < count; ++i)
    table->entries[i] = -1;
  int32_t registers = tileLayoutGetNumRegisters(layout);
  for (int32_t reg = registers - 1; reg >= 0; --reg) {
    int32_t at[TILE_LAYOUT_MAX_RANK] = {0}, basis[TILE_LAYOUT_MAX_RANK];
    for (int32_t bit = 0; (reg >> bit) != 0; ++bit)
      if ((reg >> bit) & 1) {
        tileMmaBasisOf(layout, TILE_LAYOUT_REGISTER, bit, rank, basis);
        for (int32_t d = 0; d < rank; ++d)
          at[d] ^= basis[d];
      }
    size_t index = 0;
    for (int32_t d = 0; d < rank; ++d)
      index = index * (size_t)table->sizes[d] + (size_t)at[d];
    table->entries[index] = reg;
  }
  return true;
}

int32_t tileMmaRegisterTableLookup(const TileMmaRegisterTable *table, int32_t batch,
                                   int32_t row, int32_t col) {
  int32_t at[3] = {batch, row, col};
  const int32_t *coordinates = table->rank == 3 ? at : at + 1;
  size_t index = 0;
  for (int32_t d = 0; d < table->rank; ++d) {
    if (coordinates[d] >= table->sizes[d])
      return -1;
    index = index * (size_t)table->sizes[d] + (size_t)coordinates[d];
  }
  return table->entries[index];
}

/* True when lane bit `bit` of `layout` moves only along `dim`, by `value`. */
static bool laneBasisIs(const TileLinearLayout *layout, int32_t rank, int32_t bit,
                        int32_t dim, int32_t value) {
  int32_t basis[TILE_LAYOUT_MAX_RANK];
  tileMmaBasisOf(layout, TILE_LAYOUT_LANE, bit, rank, basis);
  for (int32_t d = 0; d < rank; ++d)
    if (basis[d] != (d == dim ? value : 0))
      return false;
  return true;
}

/* Lane bits 0, 1 step `innerDim` by innerStep and 2 * innerStep; lane
 * bits 2, 3, 4 step `outerDim` by 1, 2, 4: the g/t terms of a fragment. */
static bool lanesMatchFragment(const TileLinearLayout *layout, int32_t rank,
                               int32_t innerDim, int32_t innerStep, int32_t outerDim) {
  return tileMmaLog2Size(layout, TILE_LAYOUT_LANE) == LANE_BITS &&
         laneBasisIs(layout, rank, 0, innerDim, innerStep) &&
         laneBasisIs(layout, rank, 1, innerDim, 2 * innerStep) &&
         laneBasisIs(layout, rank, 2, outerDim, 1) &&
         laneBasisIs(layout, rank, 3, outerDim, 2) &&
         laneBasisIs(layout, rank, 4, outerDim, 4);
}

/* True when every warp basis of `operand` equals the accumulator's along
 * the batch and `sharedDim` (M for a, N for b) and is zero along K, and
 * the accumulator's warp bases keep fragments whole. */
static bool warpsAgree(const TileLinearLayout *operand, const TileLinearLayout *c,
                       int32_t rank, int32_t operandDim, int32_t cDim, int32_t kDim) {
  int32_t bits = tileMmaLog2Size(c, TILE_LAYOUT_WARP);
  if (tileMmaLog2Size(operand, TILE_LAYOUT_WARP) != bits)
    return false;
  for (int32_t bit = 0; bit < bits; ++bit) {
    int32_t o[TILE_LAYOUT_MAX_RANK] = {0}, r[TILE_LAYOUT_MAX_RANK] = {0};
    tileMmaBasisOf(operand, TILE_LAYOUT_WARP, bit, rank, o);
    tileMmaBasisOf(c, TILE_LAYOUT_WARP, bit, rank, r);
    if (o[kDim] != 0 || o[operandDim] != r[cDim] || (rank == 3 && o[0] != r[0]) ||
        r[rank - 2] % 16 != 0 || r[rank - 1] % 8 != 0)
      return false;
  }
  return true;
}

bool tileMmaPlanGet(const TileLinearLayout *a, const TileLinearLayout *b,
                    const TileLinearLayout *c, int32_t rank, int32_t kWidth,
                    TileMmaPlan *plan, const char **reason) {
  memset(plan, 0, sizeof(*plan));
  *reason = NULL;
  plan->kWidth = kWidth;
  int32_t rowDim = rank - 2, colDim = rank - 1; /* of each operand */
  if ((rank != 2 && rank != 3) || (kWidth != 1 && kWidth != 2 && kWidth != 4)) {
    *reason = "mma.sync dots are 2-d or batched 3-d, with 8-, 16- or 32-bit inputs";
    return false;
  }
  if (!lanesMatchFragment(c, rank, colDim, 2, rowDim) ||
      !lanesMatchFragment(a, rank, colDim, kWidth, rowDim) ||
      !lanesMatchFragment(b, rank, rowDim, kWidth, colDim) ||
      !warpsAgree(a, c, rank, rowDim, rowDim, colDim) ||
      !warpsAgree(b, c, rank, colDim, colDim, rowDim)) {
    *reason = "the operand and accumulator layouts do not hold mma.sync fragments; "
              "use the #tilegpu.dot_operand layouts of the result's #tilegpu.mma "
              "layout with kWidth = 32 / element bits";
    return false;
  }
  TileMmaRegisterTable tables[3];
  const TileLinearLayout *layouts[3] = {a, b, c};
  memset(tables, 0, sizeof(tables));
  bool ok = true;
  for (int32_t i = 0; i < 3 && ok; ++i)
    ok = tileMmaRegisterTableBuild(layouts[i], rank, &tables[i]);
  int32_t registersC = tileLayoutGetNumRegisters(c);
  int32_t instructionK = 8 * kWidth;
  int32_t k = tables[0].sizes[colDim];
  int32_t kSteps = k / instructionK;
  int32_t maxTiles = registersC / TILE_MMA_C_ELEMENTS;
  if (ok && (k % instructionK != 0 || kSteps == 0)) {
    *reason = "K is not a multiple of the mma.sync instruction's K";
    ok = false;
  }
  if (ok) {
    plan->instructions = calloc((size_t)(maxTiles > 0 ? maxTiles : 1) * (size_t)kSteps,
                                sizeof(TileMmaInstruction));
    if (!plan->instructions) {
      *reason = "out of memory";
      ok = false;
    }
  }
  int32_t tiles = 0;
  for (int32_t reg = 0; ok && reg < registersC; ++reg) {
    int32_t at[TILE_LAYOUT_MAX_RANK] = {0}, basis[TILE_LAYOUT_MAX_RANK];
    for (int32_t bit = 0; (reg >> bit) != 0; ++bit)
      if ((reg >> bit) & 1) {
        tileMmaBasisOf(c, TILE_LAYOUT_REGISTER, bit, rank, basis);
        for (int32_t d = 0; d < rank; ++d)
          at[d] ^= basis[d];
      }
    int32_t batch = rank == 3 ? at[0] : 0, m0 = at[rowDim], n0 = at[colDim];
    if (m0 % 16 != 0 || n0 % 8 != 0 || tileMmaRegisterTableLookup(&tables[2], batch, m0, n0) != reg)
      continue;
    if (tiles == maxTiles) {
      ok = false;
      break;
    }
    for (int32_t step = 0; step < kSteps && ok; ++step) {
      TileMmaInstruction *instruction = &plan->instructions[step * maxTiles + tiles];
      int32_t k0 = step * instructionK;
      for (int32_t e = 0; e < TILE_MMA_C_ELEMENTS; ++e)
        instruction->c[e] = tileMmaRegisterTableLookup(&tables[2], batch, m0 + 8 * (e >> 1), n0 + (e & 1));
      for (int32_t e = 0; e < 4 * kWidth; ++e) {
        int32_t i = e / kWidth, j = e % kWidth;
        instruction->a[e] = tileMmaRegisterTableLookup(&tables[0], batch, m0 + 8 * (i & 1),
                                   k0 + j + 4 * kWidth * (i >> 1));
      }
      for (int32_t e = 0; e < 2 * kWidth; ++e) {
        int32_t i = e / kWidth, j = e % kWidth;
        instruction->b[e] = tileMmaRegisterTableLookup(&tables[1], batch, k0 + j + 4 * kWidth * i, n0);
      }
      for (int32_t e = 0; e < 4 * kWidth; ++e)
        ok = ok && instruction->a[e] >= 0 && (e >= 2 * kWidth || instruction->b[e] >= 0) &&
             (e >= TILE_MMA_C_ELEMENTS || instruction->c[e] >= 0);
    }
    ++tiles;
  }
  if (ok && tiles * TILE_MMA_C_ELEMENTS != registersC)
    ok = false;
  if (!ok && !*reason)
    *reason = "the registers of the operands and the accumulator do not form whole "
              "mma.sync fragments";
  for (int32_t i = 0; i < 3; ++i)
    free(tables[i].entries);
  if (!ok) {
    tileMmaPlanDestroy(plan);
    return false;
  }
  plan->numInstructions = tiles * kSteps;
  return true;
}

void tileMmaPlanDestroy(TileMmaPlan *plan) {
  free(plan->instructions);
  plan->instructions = NULL;
  plan->numInstructions = 0;
}
