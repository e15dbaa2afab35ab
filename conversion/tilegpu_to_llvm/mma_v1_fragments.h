/*===- mma_v1_fragments.h - registers of Volta mma.m8n8k4 fragments -*- C -*-===*
 *
 * The register bookkeeping of the Volta tensor-core lowering
 * (dot_mma_v1.c), kept free of MLIR so a unit test can replay it on the CPU
 * against the PTX ISA's fragment tables (test/unit/mma_v1_fragments_test.c).
 *
 * mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32 runs four independent
 * 8x8x4 products per warp, one per quad-pair p (lanes 4p..4p+3 and
 * 16+4p..16+4p+3). With h = (lane >= 16) and q = lane % 4, a quad-pair's
 * fragments are:
 *   A (8 x 4, row-major): element j (j < 4) at (q + 4h, j);
 *   B (4 x 8, col-major): element j at (j, q + 4h);
 *   C (8 x 8, f32):       element i (i < 8) at
 *                         ((lane & 1) + (i & 2) + 4h, (i & 4) + (lane & 2) + (i & 1)).
 * The mma version 1 layouts (passes/layout/linear_layout.h) put quad-pair p
 * at (8 * (p & 1), 8 * (p >> 1)) of each warp's 16x16 tile and give every
 * thread exactly these elements; the plan checks the lane and warp bases
 * against that once and then finds, for each instruction, the registers
 * whose register-only coordinates are the fragment's, so the order of
 * registers is whatever the layouts say.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_V1_FRAGMENTS_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_V1_FRAGMENTS_H

#include "passes/layout/linear_layout.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TILE_MMA_V1_OPERAND_ELEMENTS = 4, /* a0..a3, b0..b3: two f16x2 registers */
  TILE_MMA_V1_C_ELEMENTS = 8,       /* c0..c7 (f32) */
  TILE_MMA_V1_K = 4,
};

/* One mma.m8n8k4 of a thread: the registers (of the a, b and c tensors)
 * that fill each fragment element, in PTX order. */
typedef struct TileMmaV1Instruction {
  int32_t a[TILE_MMA_V1_OPERAND_ELEMENTS];
  int32_t b[TILE_MMA_V1_OPERAND_ELEMENTS];
  int32_t c[TILE_MMA_V1_C_ELEMENTS];
} TileMmaV1Instruction;

typedef struct TileMmaV1Plan {
  int32_t numInstructions;            /* in issue order: k, then tiles */
  TileMmaV1Instruction *instructions; /* owned; tileMmaV1PlanDestroy frees */
} TileMmaV1Plan;

/// Plans a 2-d dot whose operands have layouts `a` (M x K), `b` (K x N) and
/// accumulator `c` (M x N), all with 32 lanes. On success the caller owns
/// plan->instructions. On failure returns false and sets *reason to a
/// static sentence.
bool tileMmaV1PlanGet(const TileLinearLayout *a, const TileLinearLayout *b,
                      const TileLinearLayout *c, TileMmaV1Plan *plan,
                      const char **reason);
/// Frees what tileMmaV1PlanGet allocated.
void tileMmaV1PlanDestroy(TileMmaV1Plan *plan);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_MMA_V1_FRAGMENTS_H */
