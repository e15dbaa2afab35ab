/*===- reduce_data_duplication.h - the shared layout of mma operands -*- C -*-===*
 *
 * The swizzle tilegpu-reduce-data-duplication gives a dot operand staged in
 * shared memory, as a pure function so the pass and the bank-conflict unit
 * test (test/unit/mma_operand_swizzle_test.c) use the same rule. It is
 * Triton's SharedEncodingAttr::get for Ampere mma operands:
 *
 *   one mma.sync operand tile is 8 x 8 (M or N) by 4 * kWidth (K) elements,
 *   i.e. 8 rows of 16 bytes for every element type when kWidth = 32 / bits;
 *   vec      = the tile's extent along the contiguous dim (16 bytes when K
 *              is contiguous), so one ldmatrix row stays one vector;
 *   perPhase = 128 bytes / bytes of one row of the buffer, at least 1, so
 *              one phase covers the 32 banks;
 *   maxPhase = the tile's extent along the strided dim / perPhase, at
 *              least 1, so the 8 rows one ldmatrix reads hit 8 different
 *              16-byte bank groups.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_PASSES_REDUCE_DATA_DUPLICATION_H
#define TILE_PASSES_REDUCE_DATA_DUPLICATION_H

#include "mlir-c/IR.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A swizzled shared layout's three numbers. */
typedef struct TileMmaOperandSwizzle {
  int32_t vec, perPhase, maxPhase;
} TileMmaOperandSwizzle;

/// Returns the swizzle of operand `opIdx` (0: A, 1: B) of an mma v1/v2 dot
/// with `kWidth`, for a `rank`-dimensional buffer whose fastest dimension is
/// `fastestDim` and has `fastestExtent` elements of `elementBits` bits.
static inline TileMmaOperandSwizzle
tileMmaOperandSwizzleGet(int32_t opIdx, int32_t kWidth, int32_t elementBits,
                         int32_t rank, int32_t fastestDim, int64_t fastestExtent) {
  int32_t elementBytes = elementBits >= 8 ? elementBits / 8 : 1;
  int64_t rowBytes = fastestExtent * elementBytes;
  int32_t perPhase = rowBytes >= 128 ? 1 : (int32_t)(128 / rowBytes);
  int32_t tileK = 4 * kWidth, tileMN = 8;
  /* A: K is the last dim; B: K is the second to last. */
  int32_t kDim = opIdx == 0 ? rank - 1 : rank - 2;
  int32_t vec = fastestDim == kDim ? tileK : tileMN;
  int32_t stride = fastestDim == kDim ? tileMN : tileK;
  int32_t maxPhase = stride / perPhase > 1 ? stride / perPhase : 1;
  TileMmaOperandSwizzle swizzle = {vec, perPhase, maxPhase};
  return swizzle;
}

/// Returns the shared layout the pass gives a `tensorType` tensor in the
/// `blocked` layout that becomes the dot operand `dotOperand` (the buffer
/// keeps the blocked order, a batch dim last, and an mma operand gets the
/// swizzle above); tilegpu-pipeline gives its ring buffers the same one.
/// Null for a tensor that is not 2-D or 3-D.
MlirAttribute tileDotOperandSharedLayoutGet(MlirContext context, MlirAttribute blocked,
                                            MlirAttribute dotOperand, MlirType tensorType);

#ifdef __cplusplus
}
#endif

#endif /* TILE_PASSES_REDUCE_DATA_DUPLICATION_H */
