/*===- mma_fragments.h - which registers feed ldmatrix and mma.sync -*- C -*-===*
 *
 * The register bookkeeping of the tensor-core lowering (dot_mma.c), kept
 * free of MLIR so a unit test can replay it on the CPU against the PTX ISA's
 * fragment tables (test/unit/mma_fragments_test.c).
 *
 * mma.sync m16n8k(8 * kWidth), row.col, where kWidth elements fill one
 * 32-bit register (2 for f16/bf16, 1 for tf32, 4 for i8). With lane
 * = 4 * g + t, a warp's fragments are:
 *   A (16 x 8kWidth): register i, element j at
 *       (g + 8 * (i & 1), kWidth * t + j + 4 * kWidth * (i >> 1)), i < 4;
 *   B (8kWidth x 8):  register i, element j at
 *       (kWidth * t + j + 4 * kWidth * i, g), i < 2;
 *   C (16 x 8):       element e at (g + 8 * (e >> 1), 2 * t + (e & 1)), e < 4.
 * The dot_operand and mma linear layouts give every thread exactly these
 * elements (their lane bases are the g/t terms); the plan finds, for each
 * instruction, the registers whose register-only coordinates are the
 * fragment's, so the order of registers is whatever the layouts say.
 *
 * ldmatrix.x4 (b16) loads four 8x8 matrices; lane 8j + r gives the address
 * of row r of matrix j, and thread 4g + t receives, from matrix j, the
 * elements (g, 2t) and (g, 2t + 1) of the matrix as stored, or with .trans
 * (2t, g) and (2t + 1, g). A distributed layout matches when, against the
 * shared layout, its register bit 0 and lane bits 0, 1 step through one
 * 16-byte row (offsets 1, 2, 4) and lane bits 2, 3, 4 pick the row (plain),
 * or the other way around (.trans); register bits 1 and 2 pick the matrix.
 * 8-bit elements (i8, fp8) load as byte pairs of the same b16 matrices,
 * plain only: register bits 0, 1 and lane bits 0, 1 step through the row
 * (offsets 1, 2, 4, 8), so thread 4g + t receives bytes 4t .. 4t + 3 of
 * row g, and register bits 2 and 3 pick the matrix.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_FRAGMENTS_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_FRAGMENTS_H

#include "passes/layout/linear_layout.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TILE_MMA_MAX_A_ELEMENTS = 16, /* 4 registers x kWidth 4 */
  TILE_MMA_MAX_B_ELEMENTS = 8,
  TILE_MMA_C_ELEMENTS = 4,
};

/* One mma.sync of a thread: the registers (of the a, b and c tensors) that
 * fill each fragment element, in PTX order. */
typedef struct TileMmaInstruction {
  int32_t a[TILE_MMA_MAX_A_ELEMENTS];
  int32_t b[TILE_MMA_MAX_B_ELEMENTS];
  int32_t c[TILE_MMA_C_ELEMENTS];
} TileMmaInstruction;

typedef struct TileMmaPlan {
  int32_t kWidth;                   /* elements of one 32-bit register */
  int32_t numInstructions;          /* in issue order: tiles, then k */
  TileMmaInstruction *instructions; /* owned; tileMmaPlanDestroy frees */
} TileMmaPlan;

/// Plans a dot whose operands have layouts `a` (batch x M x K or M x K),
/// `b` (K x N) and accumulator `c` (M x N), all with 32 lanes; `rank` is 2
/// or 3 (a leading batch dim). On success the caller owns plan->instructions.
/// On failure returns false and sets *reason to a static sentence.
/// Basis `bit` of input dim `name` of `layout` as `rank` tensor
/// coordinates (zeros past the dim's size).
void tileMmaBasisOf(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                    int32_t rank, int32_t *coordinates);
/// log2 of the size of input dim `name` (0 when absent).
int32_t tileMmaLog2Size(const TileLinearLayout *layout, TileLayoutDimName name);

/// A layout's register-only coordinates as a table from coordinates to the
/// lowest register there (-1 where none). `entries` is owned by the table
/// (free it with free()).
typedef struct TileMmaRegisterTable {
  int32_t rank;
  int32_t sizes[TILE_LAYOUT_MAX_RANK];
  int32_t *entries;
} TileMmaRegisterTable;

/// Fills `table` for the first `rank` tensor dims of `layout`; false when
/// out of memory.
bool tileMmaRegisterTableBuild(const TileLinearLayout *layout, int32_t rank,
                               TileMmaRegisterTable *table);
/// The register at (batch, row, col) (batch ignored for rank 2); -1 outside
/// the table or where none.
int32_t tileMmaRegisterTableLookup(const TileMmaRegisterTable *table, int32_t batch,
                                   int32_t row, int32_t col);

bool tileMmaPlanGet(const TileLinearLayout *a, const TileLinearLayout *b,
                    const TileLinearLayout *c, int32_t rank, int32_t kWidth,
                    TileMmaPlan *plan, const char **reason);
/// Frees what tileMmaPlanGet allocated.
void tileMmaPlanDestroy(TileMmaPlan *plan);

/* How one distributed layout loads from a shared layout with ldmatrix. */
typedef struct TileLdmatrixPlan {
  bool transposed;       /* .trans */
  int32_t numMatrices;   /* 1, 2 or 4: .x1, .x2, .x4 */
  int32_t registersPerLoad; /* (4 / element bytes) * numMatrices */
  /* Element offset each bit of the lane index adds to the row address it
   * supplies (bits 0-2: the row, bits 3-4: the matrix); XOR them. */
  int32_t laneAddressBases[5];
} TileLdmatrixPlan;

/// Decides whether `distributed` (`elementBits` 16, or 8 with K contiguous)
/// loads from `shared` with ldmatrix; `toOffset` is (register, lane, warp) -> offset of the two
/// (tileLayoutInvertAndCompose). The registers r .. r + registersPerLoad - 1
/// of one load (r a multiple of registersPerLoad) come from rows at the
/// offsets laneAddress(lane) XOR (register part of r) XOR (warp part).
bool tileLdmatrixPlanGet(const TileLinearLayout *distributed,
                         const TileLinearLayout *shared,
                         const TileLinearLayout *toOffset, int32_t elementBits,
                         TileLdmatrixPlan *plan);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_FRAGMENTS_H */
