/*===- lowering.h - shared state of convert-tilegpu-to-llvm ------*- C -*-===*
 *
 * The conversion rewrites a tilegpu module into per-thread LLVM + NVVM code
 * without MLIR's dialect conversion. Each distributed tensor becomes an
 * `!llvm.struct` of the elements its thread owns (types.c); `!tile.ptr<T, as>`
 * becomes `!llvm.ptr<as>`.
 *
 * Invariants the op lowerings rely on and keep:
 *   - Ops are lowered in program order, so every operand of an op has been
 *     lowered before the op itself.
 *   - A lowered value whose type changed is seen by not-yet-lowered users
 *     through an `unrealized_conversion_cast` back to the original type. So
 *     an op always sees the original (tensor, `!tile.ptr`) type of its
 *     operands, and tileLoweredValue() returns the LLVM value behind one.
 *   - Block arguments and `scf` results are retyped in place
 *     (control_flow.c, function.c) and get the same casts for their users.
 *   - Casts left without users are erased at the end of the pass; scalar
 *     arith/scf/cf ops stay for the upstream conversions that follow.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_LOWERING_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_LOWERING_H

#include "mlir-c/IR.h"
#include "mlir-c/Rewrite.h"
#include "mlir-c/Support.h"
#include "passes/layout/linear_layout.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Registers one thread may own of one tensor: enough for a 128x256 fp32
 * accumulator spread over 4 warps. Larger tiles are rejected with an error. */
enum { TILE_LOWERING_MAX_REGISTERS = 1024 };

/* The pass's state while it lowers one module. */
typedef struct TileLowering {
  MlirContext context;
  MlirRewriterBase rewriter;
  MlirOperation module;
  int32_t numWarps;
  int32_t threadsPerWarp;
} TileLowering;

/* Lowers one op; on failure it has emitted an error at the op. */
typedef MlirLogicalResult (*TileOpLowering)(TileLowering *lowering,
                                            MlirOperation op);

/* ---- lowering.c: the driver and its helpers -------------------------- */

/// Lowers every op of every block of `region`, in order.
MlirLogicalResult tileLowerRegion(TileLowering *lowering, MlirRegion region);
/// True if `op` is named `name`.
bool tileOpIs(MlirOperation op, const char *name);
/// Emits "convert-tilegpu-to-llvm: <message>" at the op and returns failure.
MlirLogicalResult tileLoweringError(MlirOperation op, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/// The LLVM value behind an operand (see the invariants above).
MlirValue tileLoweredValue(MlirValue value);
/// Replaces `op`'s results with `lowered` (one per result; casts back to the
/// original types where they differ) and erases `op`.
void tileReplaceOp(TileLowering *lowering, MlirOperation op,
                   const MlirValue *lowered);
/// Gives `value` (a block argument or op result already retyped to its
/// lowered type) a cast back to `originalType` for its existing users,
/// inserted right after its definition.
void tileCastForUsers(TileLowering *lowering, MlirValue value,
                      MlirType originalType);

/* ---- types.c ---------------------------------------------------------- */

/// The LLVM type of `type`: a struct of the thread's elements for a
/// distributed tensor, `!llvm.ptr<as>` for `!tile.ptr`, scalars unchanged.
/// A null type (after an error at `op`) if the tensor has no usable layout.
MlirType tileLoweredType(TileLowering *lowering, MlirOperation op,
                         MlirType type);
/// The per-element LLVM type of a scalar or of a tensor's element (i8 for
/// the 8-bit float types).
MlirType tileLoweredElementType(MlirType type);
/// True for the 8-bit float types, which lower to their i8 bits.
bool tileTypeIsFp8(MlirType type);
/// Builds the linear layout of a tensor type's encoding (inputs register,
/// lane, warp, block; outputs dim0..). False after an error at `op`.
bool tileLayoutOfTensor(TileLowering *lowering, MlirOperation op,
                        MlirType tensorType, TileLinearLayout *layout);
/// The layouts of `op`'s first `count` operands (tensors), in order; false
/// after an error at `op`.
bool tileLayoutsOfOperands(TileLowering *lowering, MlirOperation op, intptr_t count,
                           TileLinearLayout *layouts);
/// True if `type` is a tensor or `!tile.ptr`, i.e. changes when lowered.
bool tileTypeNeedsLowering(MlirType type);

/* ---- emit helpers (lowering.c) ----------------------------------------- */

/// Builds op `name` at the rewriter's insertion point; returns result 0 or a
/// null value when it has none.
MlirValue tileEmit(TileLowering *lowering, const char *name,
                   MlirLocation location, intptr_t numOperands,
                   const MlirValue *operands, MlirType resultType,
                   intptr_t numAttributes, const MlirNamedAttribute *attributes);
MlirValue tileEmitI32(TileLowering *lowering, MlirLocation location,
                      int64_t value);
MlirValue tileEmitConstant(TileLowering *lowering, MlirLocation location,
                           MlirType type, MlirAttribute value);
/// llvm.and/or/xor/shl/lshr/add/mul on two i32 values.
MlirValue tileEmitBinary(TileLowering *lowering, MlirLocation location,
                         const char *name, MlirValue lhs, MlirValue rhs);
/// Packs `count` values into a new struct of `structType`.
MlirValue tileEmitPack(TileLowering *lowering, MlirLocation location,
                       MlirType structType, intptr_t count,
                       const MlirValue *values);
/// Extracts the `count` elements of a struct value into `values`.
void tileEmitUnpack(TileLowering *lowering, MlirLocation location,
                    MlirValue structValue, intptr_t count, MlirValue *values);
/// Reads the thread index and splits it into lane and warp (i32).
void tileEmitLaneAndWarp(TileLowering *lowering, MlirLocation location,
                         MlirValue *lane, MlirValue *warp);
/// Tensor coordinates of every register of `layout` for this thread:
/// coordinates[r * rank + d] is the i32 coordinate along dim d of register r.
void tileEmitCoordinates(TileLowering *lowering, MlirLocation location,
                         const TileLinearLayout *layout, int32_t rank,
                         MlirValue *coordinates);
/// The constant part of register `reg`'s coordinates (lane = warp = 0).
void tileRegisterCoordinates(const TileLinearLayout *layout, int32_t rank,
                             int32_t reg, int32_t *coordinates);
/// Basis `bit` of input dim `inName` as coordinates (zeros if absent).
void tileLayoutBasis(const TileLinearLayout *layout, TileLayoutDimName inName,
                     int32_t bit, int32_t rank, int32_t *coordinates);

/* ---- The op families; each file has one entry point per op ------------- */

MlirLogicalResult tileLowerFunction(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerReturn(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerProgramId(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerNumPrograms(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerMakeRange(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerSplat(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerViewOp(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerJoin(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerSplit(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerCat(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerElementwise(TileLowering *lowering, MlirOperation op);
/// One scalar of `op` (an elementwise op, e.g. in a combiner region) on
/// `operands` at the insertion point, when the op needs more than a copy of
/// itself: libdevice math becomes a call, tile's own ops their expansion.
/// Null when a copy of the op is all it takes, or its element type has no
/// such lowering (the caller then clones it).
MlirValue tileEmitElementwiseScalar(TileLowering *lowering, MlirOperation op,
                                    intptr_t count, const MlirValue *operands,
                                    MlirType type);
/// fp_to_fp: fp8 conversions (conversions.c); the rest goes to
/// tileLowerElementwise.
MlirLogicalResult tileLowerFpToFp(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerConstant(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAddPtr(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerLoad(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerStore(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAtomicRMW(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAtomicCAS(TileLowering *lowering, MlirOperation op);
/// i1 that is true in exactly one thread of each group holding the same
/// elements (lanes and warps differing only in `freeLanes`/`freeWarps`
/// bits), so a write happens once; null when there are no free bits.
MlirValue tileEmitOwnerPredicate(TileLowering *lowering, MlirLocation location,
                                 uint32_t freeLanes, uint32_t freeWarps);
/// A side-effecting `llvm.inline_asm` of PTX `text`; a null `resultType`
/// for none. Returns the result (or a null value).
MlirValue tileEmitInlineAsm(TileLowering *lowering, MlirLocation location,
                            const char *text, const char *constraints, intptr_t count,
                            const MlirValue *operands, MlirType resultType);
/// An `llvm.inline_asm` of PTX `text` without side effects (a computation
/// such as cvt or mma.sync: LLVM may merge or drop it); returns its result.
MlirValue tileEmitPureInlineAsm(TileLowering *lowering, MlirLocation location,
                                const char *text, const char *constraints, intptr_t count,
                                const MlirValue *operands, MlirType resultType);
/// a && b, where a null value means "true".
MlirValue tileEmitAndPredicates(TileLowering *lowering, MlirLocation location,
                                MlirValue a, MlirValue b);
MlirLogicalResult tileLowerFor(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerIf(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerWhile(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerDot(TileLowering *lowering, MlirOperation op);
/// tile.dot with an mma result layout (dot_mma.c; tileLowerDot forwards).
MlirLogicalResult tileLowerMmaDot(TileLowering *lowering, MlirOperation op);
/// tile.dot with a version 1 (Volta) mma result layout (dot_mma_v1.c;
/// tileLowerMmaDot forwards).
MlirLogicalResult tileLowerMmaV1Dot(TileLowering *lowering, MlirOperation op);
/// tilegpu.local_alloc/local_store/local_load/local_dealloc (local_memory.c).
MlirLogicalResult tileLowerLocalAlloc(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerLocalStore(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerLocalLoad(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerLocalDealloc(TileLowering *lowering, MlirOperation op);
/// tilegpu.memdesc_index, async_copy_global_to_local (cp.async),
/// async_commit_group and async_wait (async_copy.c).
MlirLogicalResult tileLowerMemDescIndex(TileLowering *lowering, MlirOperation op);
/// tilegpu.memdesc_subslice: base + the sub-block origin's offset (local_memory.c).
MlirLogicalResult tileLowerMemDescSubslice(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAsyncCopy(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAsyncCommitGroup(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAsyncWait(TileLowering *lowering, MlirOperation op);
/// tile.print (vprintf per element) and tile.assert (__assertfail) (debug_ops.c).
MlirLogicalResult tileLowerPrint(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerAssert(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerYield(TileLowering *lowering, MlirOperation op);

/* ---- access_width.c: what load/store vectorization may assume --------- */

/// Before any op is lowered: records, for every tile.load and tile.store
/// under `module`, how many consecutive elements one access may cover as
/// far as its addresses go (contiguity and alignment), and how many
/// consecutive elements share one mask bit (constancy of the mask).
void tileAnnotateAccessWidths(TileLowering *lowering, MlirOperation module);
/// The address width recorded for the access along tensor dim `dim` (1 when
/// nothing is known).
int32_t tileAccessWidth(MlirOperation op, int32_t dim);
/// The mask constancy recorded for the access along tensor dim `dim` (1
/// when nothing is known or there is no mask).
int32_t tileMaskConstancy(MlirOperation op, int32_t dim);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_LOWERING_H */
