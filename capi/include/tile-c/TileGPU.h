/*===- tile-c/TileGPU.h - C API of the tilegpu dialect ------------*- C -*-===*
 *
 * Dialect handle, construction and queries of every layout attribute, the
 * shared-memory space, `!tilegpu.memdesc` and `!tilegpu.async.token`.
 *
 * Attributes and types are owned by their context; every function here
 * borrows. A `...Get` function checks its parameters with the same rules as
 * the parser: on a violation it reports one error to the context's
 * diagnostic handlers (at an unknown location) and returns a null attribute
 * or type. Query functions expect an attribute or type of the right kind
 * (check with the `IsA` function first) and a position below the rank.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_C_TILEGPU_H
#define TILE_C_TILEGPU_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(TileGPU, tilegpu);

/*===----------------------------------------------------------------------===*
 * Layout kinds
 *===----------------------------------------------------------------------===*/

/// Returns true for the layouts that spread a tensor over threads: blocked,
/// slice, mma, dot_operand and linear.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsADistributedLayout(MlirAttribute attr);
/// Returns true for the shared-memory layouts: swizzled_shared, nvmma_shared.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsASharedLayout(MlirAttribute attr);
/// Returns the rank of the tensors a distributed layout applies to (a slice
/// has one less than its parent), or -1 for any other attribute.
MLIR_CAPI_EXPORTED intptr_t tilegpuDistributedLayoutAttrGetRank(MlirAttribute attr);

/*===----------------------------------------------------------------------===*
 * #tilegpu.blocked<{sizePerThread, threadsPerWarp, warpsPerCTA, order}>
 *===----------------------------------------------------------------------===*/

/// Returns the blocked layout whose four lists have `rank` entries each, or
/// a null attribute if they break a rule (see the type's description).
MLIR_CAPI_EXPORTED MlirAttribute tilegpuBlockedLayoutAttrGet(
    MlirContext ctx, intptr_t rank, const unsigned *sizePerThread,
    const unsigned *threadsPerWarp, const unsigned *warpsPerCTA,
    const unsigned *order);
/// Returns true if `attr` is a #tilegpu.blocked layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsABlockedLayout(MlirAttribute attr);
/// Returns the rank of a blocked layout.
MLIR_CAPI_EXPORTED intptr_t tilegpuBlockedLayoutAttrGetRank(MlirAttribute attr);
/// Returns sizePerThread[pos] of a blocked layout.
MLIR_CAPI_EXPORTED unsigned tilegpuBlockedLayoutAttrGetSizePerThread(MlirAttribute attr, intptr_t pos);
/// Returns threadsPerWarp[pos] of a blocked layout.
MLIR_CAPI_EXPORTED unsigned tilegpuBlockedLayoutAttrGetThreadsPerWarp(MlirAttribute attr, intptr_t pos);
/// Returns warpsPerCTA[pos] of a blocked layout.
MLIR_CAPI_EXPORTED unsigned tilegpuBlockedLayoutAttrGetWarpsPerCTA(MlirAttribute attr, intptr_t pos);
/// Returns order[pos] of a blocked layout (order[0] is the fastest dimension).
MLIR_CAPI_EXPORTED unsigned tilegpuBlockedLayoutAttrGetOrder(MlirAttribute attr, intptr_t pos);

/*===----------------------------------------------------------------------===*
 * #tilegpu.slice<{dim, parent}>
 *===----------------------------------------------------------------------===*/

/// Returns the layout of `parent` (a distributed layout) with dimension
/// `dim` removed, or a null attribute if `dim` is not below the parent's rank.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuSliceLayoutAttrGet(MlirContext ctx, unsigned dim,
                                                           MlirAttribute parent);
/// Returns true if `attr` is a #tilegpu.slice layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsASliceLayout(MlirAttribute attr);
/// Returns the removed dimension of a slice layout.
MLIR_CAPI_EXPORTED unsigned tilegpuSliceLayoutAttrGetDim(MlirAttribute attr);
/// Returns the parent layout of a slice layout (borrowed).
MLIR_CAPI_EXPORTED MlirAttribute tilegpuSliceLayoutAttrGetParent(MlirAttribute attr);

/*===----------------------------------------------------------------------===*
 * #tilegpu.mma<{version, versionMinor, warpsPerCTA, instrShape}>
 *===----------------------------------------------------------------------===*/

/// Returns the tensor-core accumulator layout of `version` (1 Volta, 2
/// Ampere, 3 Hopper) with `rank` warpsPerCTA entries and `instrRank`
/// instrShape entries, or a null attribute if they break a rule.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuMmaLayoutAttrGet(
    MlirContext ctx, unsigned version, unsigned versionMinor, intptr_t rank,
    const unsigned *warpsPerCTA, intptr_t instrRank, const unsigned *instrShape);
/// Returns true if `attr` is a #tilegpu.mma layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsAMmaLayout(MlirAttribute attr);
/// Returns the major version of an mma layout (1, 2 or 3).
MLIR_CAPI_EXPORTED unsigned tilegpuMmaLayoutAttrGetVersion(MlirAttribute attr);
/// Returns the minor version of an mma layout.
MLIR_CAPI_EXPORTED unsigned tilegpuMmaLayoutAttrGetVersionMinor(MlirAttribute attr);
/// Returns the rank of an mma layout (the length of warpsPerCTA).
MLIR_CAPI_EXPORTED intptr_t tilegpuMmaLayoutAttrGetRank(MlirAttribute attr);
/// Returns warpsPerCTA[pos] of an mma layout.
MLIR_CAPI_EXPORTED unsigned tilegpuMmaLayoutAttrGetWarpsPerCTA(MlirAttribute attr, intptr_t pos);
/// Returns the length of instrShape of an mma layout.
MLIR_CAPI_EXPORTED intptr_t tilegpuMmaLayoutAttrGetInstrShapeRank(MlirAttribute attr);
/// Returns instrShape[pos] of an mma layout.
MLIR_CAPI_EXPORTED unsigned tilegpuMmaLayoutAttrGetInstrShape(MlirAttribute attr, intptr_t pos);

/*===----------------------------------------------------------------------===*
 * #tilegpu.dot_operand<{opIdx, parent, kWidth}>
 *===----------------------------------------------------------------------===*/

/// Returns the layout of operand `opIdx` (0: A, 1: B) of a dot whose result
/// has layout `parent` (mma or blocked), or a null attribute if they break a
/// rule. `kWidth` is 0 for a blocked parent.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuDotOperandLayoutAttrGet(MlirContext ctx,
                                                                unsigned opIdx,
                                                                MlirAttribute parent,
                                                                unsigned kWidth);
/// Returns true if `attr` is a #tilegpu.dot_operand layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsADotOperandLayout(MlirAttribute attr);
/// Returns the operand index of a dot_operand layout.
MLIR_CAPI_EXPORTED unsigned tilegpuDotOperandLayoutAttrGetOpIdx(MlirAttribute attr);
/// Returns the parent (result) layout of a dot_operand layout (borrowed).
MLIR_CAPI_EXPORTED MlirAttribute tilegpuDotOperandLayoutAttrGetParent(MlirAttribute attr);
/// Returns kWidth of a dot_operand layout.
MLIR_CAPI_EXPORTED unsigned tilegpuDotOperandLayoutAttrGetKWidth(MlirAttribute attr);

/*===----------------------------------------------------------------------===*
 * #tilegpu.linear<{register, lane, warp, block}>
 *===----------------------------------------------------------------------===*/

/// The hardware index a linear layout maps from.
typedef enum TileGPULinearInDim {
  TileGPULinearInDimRegister = 0,
  TileGPULinearInDimLane = 1,
  TileGPULinearInDimWarp = 2,
  TileGPULinearInDimBlock = 3,
} TileGPULinearInDim;

/// Returns the linear layout with `numBases[d]` basis vectors for input
/// dimension `d` (a TileGPULinearInDim), read back to back from `bases[d]`
/// (`rank` entries each; may be NULL when `numBases[d]` is 0), or a null
/// attribute if they break a rule.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuLinearLayoutAttrGet(MlirContext ctx, intptr_t rank,
                                                            const intptr_t numBases[4],
                                                            const int32_t *const bases[4]);
/// Returns true if `attr` is a #tilegpu.linear layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsALinearLayout(MlirAttribute attr);
/// Returns the rank (the length of every basis vector) of a linear layout.
MLIR_CAPI_EXPORTED intptr_t tilegpuLinearLayoutAttrGetRank(MlirAttribute attr);
/// Returns the number of basis vectors of input dimension `inDim`.
MLIR_CAPI_EXPORTED intptr_t tilegpuLinearLayoutAttrGetNumBases(MlirAttribute attr,
                                                               TileGPULinearInDim inDim);
/// Returns entry `outDim` of basis vector `index` of input dimension `inDim`.
MLIR_CAPI_EXPORTED int32_t tilegpuLinearLayoutAttrGetBasis(MlirAttribute attr,
                                                           TileGPULinearInDim inDim,
                                                           intptr_t index, intptr_t outDim);

/*===----------------------------------------------------------------------===*
 * #tilegpu.swizzled_shared<{vec, perPhase, maxPhase, order}>
 *===----------------------------------------------------------------------===*/

/// Returns the swizzled shared layout with `rank` order entries, or a null
/// attribute if the parameters break a rule.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuSwizzledSharedLayoutAttrGet(
    MlirContext ctx, unsigned vec, unsigned perPhase, unsigned maxPhase,
    intptr_t rank, const unsigned *order);
/// Returns true if `attr` is a #tilegpu.swizzled_shared layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsASwizzledSharedLayout(MlirAttribute attr);
/// Returns vec (elements per swizzled vector) of a swizzled shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuSwizzledSharedLayoutAttrGetVec(MlirAttribute attr);
/// Returns perPhase (rows per phase) of a swizzled shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuSwizzledSharedLayoutAttrGetPerPhase(MlirAttribute attr);
/// Returns maxPhase (number of phases) of a swizzled shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuSwizzledSharedLayoutAttrGetMaxPhase(MlirAttribute attr);
/// Returns the rank (length of order) of a swizzled shared layout.
MLIR_CAPI_EXPORTED intptr_t tilegpuSwizzledSharedLayoutAttrGetRank(MlirAttribute attr);
/// Returns order[pos] of a swizzled shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuSwizzledSharedLayoutAttrGetOrder(MlirAttribute attr, intptr_t pos);

/*===----------------------------------------------------------------------===*
 * #tilegpu.nvmma_shared<{swizzlingByteWidth, transposed, elementBitWidth}>
 *===----------------------------------------------------------------------===*/

/// Returns the wgmma/TMA shared layout, or a null attribute if the swizzle
/// width is not 0, 32, 64 or 128 or the element width not 8, 16, 32 or 64.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuNVMMASharedLayoutAttrGet(MlirContext ctx,
                                                                 unsigned swizzlingByteWidth,
                                                                 bool transposed,
                                                                 unsigned elementBitWidth);
/// Returns true if `attr` is a #tilegpu.nvmma_shared layout.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsANVMMASharedLayout(MlirAttribute attr);
/// Returns the swizzle width in bytes (0 for none) of an nvmma_shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuNVMMASharedLayoutAttrGetSwizzlingByteWidth(MlirAttribute attr);
/// Returns true if an nvmma_shared layout stores its tile transposed (K-major).
MLIR_CAPI_EXPORTED bool tilegpuNVMMASharedLayoutAttrIsTransposed(MlirAttribute attr);
/// Returns the element width in bits of an nvmma_shared layout.
MLIR_CAPI_EXPORTED unsigned tilegpuNVMMASharedLayoutAttrGetElementBitWidth(MlirAttribute attr);

/*===----------------------------------------------------------------------===*
 * #tilegpu.shared_memory
 *===----------------------------------------------------------------------===*/

/// Returns the shared-memory space attribute of `ctx`.
MLIR_CAPI_EXPORTED MlirAttribute tilegpuSharedMemorySpaceAttrGet(MlirContext ctx);
/// Returns true if `attr` is #tilegpu.shared_memory.
MLIR_CAPI_EXPORTED bool tilegpuAttributeIsASharedMemorySpace(MlirAttribute attr);

/*===----------------------------------------------------------------------===*
 * !tilegpu.memdesc and !tilegpu.async.token
 *===----------------------------------------------------------------------===*/

/// Returns the memdesc of a `rank`-dimensional `shape` of `elementType` with
/// shared layout `encoding` in `memorySpace`, writable if `isMutable`. A view
/// passes the shape of its allocation in `allocShape` (`allocRank` entries);
/// `allocRank` 0 means the memdesc is the whole allocation. Returns a null
/// type if the parameters break a rule. A memdesc is a shaped type: its
/// shape and element type are read with mlirShapedTypeGet* (mlir-c/BuiltinTypes.h).
MLIR_CAPI_EXPORTED MlirType tilegpuMemDescTypeGet(intptr_t rank, const int64_t *shape,
                                                  MlirType elementType,
                                                  MlirAttribute encoding,
                                                  MlirAttribute memorySpace, bool isMutable,
                                                  intptr_t allocRank,
                                                  const int64_t *allocShape);
/// Returns true if `type` is a !tilegpu.memdesc.
MLIR_CAPI_EXPORTED bool tilegpuTypeIsAMemDesc(MlirType type);
/// Returns the shared layout of a memdesc (borrowed).
MLIR_CAPI_EXPORTED MlirAttribute tilegpuMemDescTypeGetEncoding(MlirType type);
/// Returns the memory space of a memdesc (borrowed).
MLIR_CAPI_EXPORTED MlirAttribute tilegpuMemDescTypeGetMemorySpace(MlirType type);
/// Returns true if the buffer behind a memdesc may be written.
MLIR_CAPI_EXPORTED bool tilegpuMemDescTypeIsMutable(MlirType type);
/// Returns the rank of the allocation a memdesc points into.
MLIR_CAPI_EXPORTED intptr_t tilegpuMemDescTypeGetAllocRank(MlirType type);
/// Returns dimension `pos` of the allocation a memdesc points into.
MLIR_CAPI_EXPORTED int64_t tilegpuMemDescTypeGetAllocDimSize(MlirType type, intptr_t pos);

/// Returns the !tilegpu.async.token type of `ctx`.
MLIR_CAPI_EXPORTED MlirType tilegpuAsyncTokenTypeGet(MlirContext ctx);
/// Returns true if `type` is !tilegpu.async.token.
MLIR_CAPI_EXPORTED bool tilegpuTypeIsAAsyncToken(MlirType type);

#ifdef __cplusplus
}
#endif

#endif /* TILE_C_TILEGPU_H */
