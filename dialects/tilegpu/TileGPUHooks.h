/*===- TileGPUHooks.h - C logic behind tilegpu's ODS hooks --------*- C -*-===*
 *
 * The ODS classes declare verifiers and folders; their C++ bodies are
 * one-line calls into these C functions. Op verifiers emit their diagnostics on the op's
 * location and return failure. Attribute and type verifiers run before the
 * attribute or type exists, so they see its parameters as plain values and
 * report through a TileGPUErrorSink (the C++ glue turns a message into the
 * diagnostic MLIR asks for).
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_DIALECTS_TILEGPU_TILEGPUHOOKS_H
#define TILE_DIALECTS_TILEGPU_TILEGPUHOOKS_H

#include "dialects/tile/TileHooks.h"

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Where an attribute or type verifier sends its one error message.
typedef struct TileGPUErrorSink {
  void (*emit)(void *userData, const char *message);
  void *userData;
} TileGPUErrorSink;

/* Attribute verifiers: one per layout. Arrays come with their lengths. */
MlirLogicalResult tilegpuVerifyBlockedLayout(
    TileGPUErrorSink sink, const unsigned *sizePerThread, intptr_t numSizePerThread,
    const unsigned *threadsPerWarp, intptr_t numThreadsPerWarp,
    const unsigned *warpsPerCTA, intptr_t numWarpsPerCTA, const unsigned *order,
    intptr_t numOrder);
MlirLogicalResult tilegpuVerifySliceLayout(TileGPUErrorSink sink, unsigned dim,
                                           MlirAttribute parent);
MlirLogicalResult tilegpuVerifyMmaLayout(TileGPUErrorSink sink, unsigned version,
                                         unsigned versionMinor,
                                         const unsigned *warpsPerCTA,
                                         intptr_t numWarpsPerCTA,
                                         const unsigned *instrShape,
                                         intptr_t numInstrShape);
MlirLogicalResult tilegpuVerifyDotOperandLayout(TileGPUErrorSink sink,
                                                unsigned opIdx,
                                                MlirAttribute parent,
                                                unsigned kWidth);
/// Each `*Bases` array holds its basis vectors back to back, `rank` entries
/// each; `num*` counts entries, not vectors.
MlirLogicalResult tilegpuVerifyLinearLayout(
    TileGPUErrorSink sink, unsigned rank, const int32_t *registerBases,
    intptr_t numRegister, const int32_t *laneBases, intptr_t numLane,
    const int32_t *warpBases, intptr_t numWarp, const int32_t *blockBases,
    intptr_t numBlock);
MlirLogicalResult tilegpuVerifySwizzledSharedLayout(TileGPUErrorSink sink,
                                                    unsigned vec,
                                                    unsigned perPhase,
                                                    unsigned maxPhase,
                                                    const unsigned *order,
                                                    intptr_t numOrder);
MlirLogicalResult tilegpuVerifyNVMMASharedLayout(TileGPUErrorSink sink,
                                                 unsigned swizzlingByteWidth,
                                                 bool transposed,
                                                 unsigned elementBitWidth);

/// Verifies the parameters of a `!tilegpu.memdesc`.
MlirLogicalResult tilegpuVerifyMemDescType(
    TileGPUErrorSink sink, const int64_t *shape, intptr_t rank,
    MlirType elementType, MlirAttribute encoding, MlirAttribute memorySpace,
    bool mutableMemory, const int64_t *allocShape, intptr_t allocRank);

/* Op verifiers. */
MlirLogicalResult tilegpuVerifyLocalAlloc(MlirOperation op);
MlirLogicalResult tilegpuVerifyLocalLoad(MlirOperation op);
MlirLogicalResult tilegpuVerifyLocalStore(MlirOperation op);
MlirLogicalResult tilegpuVerifyLocalDealloc(MlirOperation op);
MlirLogicalResult tilegpuVerifyMemDescIndex(MlirOperation op);
MlirLogicalResult tilegpuVerifyMemDescSubslice(MlirOperation op);
MlirLogicalResult tilegpuVerifyMemDescTrans(MlirOperation op);
MlirLogicalResult tilegpuVerifyAsyncCopyGlobalToLocal(MlirOperation op);
MlirLogicalResult tilegpuVerifyWarpGroupDot(MlirOperation op);
MlirLogicalResult tilegpuVerifyAsyncTMACopyGlobalToLocal(MlirOperation op);
/// Shared by init_barrier, barrier_expect, wait_barrier and inval_barrier:
/// operand 0 must be a mutable 1xi64 shared-memory buffer.
MlirLogicalResult tilegpuVerifyBarrierOperand(MlirOperation op);

/* Folders (folders.c); TileFoldResult is the tile dialect's. */
TileFoldResult tilegpuFoldConvertLayout(MlirOperation op,
                                        const MlirAttribute *constantOperands);

/// Verifies one discardable attribute whose name starts with "tilegpu." on
/// `op`: the module attributes num-warps, threads-per-warp, target and
/// shared. num-warps also checks every tensor layout in the module against it.
MlirLogicalResult tilegpuVerifyOperationAttribute(MlirOperation op,
                                                  MlirNamedAttribute attribute);

#ifdef __cplusplus
}
#endif

#endif /* TILE_DIALECTS_TILEGPU_TILEGPUHOOKS_H */
