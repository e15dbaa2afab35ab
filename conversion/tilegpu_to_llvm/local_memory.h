/*===- local_memory.h - shared-memory buffers of tilegpu.local_* -*- C -*-===*
 *
 * A `!tilegpu.memdesc` lowers to the `!llvm.ptr<3>` of its element 0: the
 * kernel's shared base plus the buffer's `allocation.offset`. The lowering
 * keeps every such pointer 16-byte aligned (it rejects other offsets), so
 * accesses of up to 16 bytes whose element offsets are multiples of their
 * width are aligned. What the buffer holds where is its shared layout
 * (offset -> tensor coordinates, from the memdesc's encoding); a thread's
 * registers meet it through tileLayoutInvertAndCompose, which gives the
 * (register, lane, warp) -> offset map every access below is built from.
 *
 * dot_mma.c reuses these to load mma operands with ldmatrix, and falls back
 * to the per-register path when ldmatrix does not fit.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_LOCAL_MEMORY_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_LOCAL_MEMORY_H

#include "conversion/tilegpu_to_llvm/lowering.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The alignment in bytes of every lowered memdesc pointer. */
enum { TILE_SHARED_BUFFER_ALIGNMENT = 16 };

/* A shared-memory buffer, as the lowering of one access sees it. A view
 * (`memdesc_subslice`) is the buffer it lives in plus its origin: since
 * every view dimension is a power of two and the origin a multiple of it,
 * element x of the view is element origin XOR x of the buffer, at offset
 * layout^-1(origin) XOR layout^-1(x) (the layout is linear over GF(2)). */
typedef struct TileSharedBuffer {
  MlirValue address;        /* !llvm.ptr<3> of the buffer's element offset 0 */
  MlirType element;         /* the lowered element type */
  int64_t elementBytes;     /* in shared memory (i1 takes a byte) */
  int32_t rank;
  int64_t shape[TILE_LAYOUT_MAX_RANK];  /* the view's shape */
  TileLinearLayout layout;  /* offset -> dim0.. of the whole buffer (a ring slot) */
  int64_t origin[TILE_LAYOUT_MAX_RANK]; /* the view's origin in the buffer */
  int32_t originOffset;     /* its offset, XORed into every element offset */
} TileSharedBuffer;

/// Describes the buffer behind `memdesc` (an operand of `op` whose defining
/// op is already lowered). False after an error at `op`.
bool tileSharedBufferOf(MlirOperation op, MlirValue memdesc,
                        TileSharedBuffer *buffer);
/// (register, lane, warp) -> offset in `buffer` of a tensor laid out by
/// `distributed` (of the view's shape); `widened` (optional) receives
/// `distributed` with its coordinates sized like the buffer's, which is what
/// other layout queries against `buffer->layout` need.
TileLayoutStatus tileSharedAccessMap(const TileSharedBuffer *buffer,
                                     const TileLinearLayout *distributed,
                                     TileLinearLayout *widened, TileLinearLayout *toOffset);

/// The lane and warp part of a (register, lane, warp) -> offset map for this
/// thread: the XOR of the offset bases of the set bits of `lane` and `warp`.
MlirValue tileEmitThreadOffset(TileLowering *lowering, MlirLocation location,
                               const TileLinearLayout *toOffset, MlirValue lane,
                               MlirValue warp);
/// The register part of the same map for register `reg` (a constant).
int32_t tileRegisterOffset(const TileLinearLayout *toOffset, int32_t reg);
/// Registers of `element` (`elementBytes` each) one shared access moves for
/// a (register, lane, warp) -> offset map: 2^k when register bits 0..k-1
/// step the offset by 1, 2, 4, ... (at most 16 bytes) and every other basis
/// keeps the run aligned (buffers are 16-byte aligned); 1 for i1 and
/// pointers.
int32_t tileSharedAccessWidth(MlirType element, int64_t elementBytes,
                              const TileLinearLayout *toOffset);
/// The offset bits that any lane or warp may set in a map's thread part.
int32_t tileThreadOffsetBits(const TileLinearLayout *toOffset);
/// `threadOffset` (whose set bits lie in `threadBits`) XOR `constant`. The
/// constant's bits outside `threadBits` are added instead, so that LLVM folds
/// them into the access's immediate offset and only the bits the swizzle
/// mixes with the thread's cost a register.
MlirValue tileEmitOffsetXor(TileLowering *lowering, MlirLocation location,
                            MlirValue threadOffset, int32_t threadBits, int32_t constant);
/// The offset of register `reg`: tileEmitOffsetXor of `threadOffset` (from
/// tileEmitThreadOffset on `toOffset`) and the register part XOR
/// `originOffset` (a view's, 0 for a whole buffer).
MlirValue tileEmitRegisterOffset(TileLowering *lowering, MlirLocation location,
                                 const TileLinearLayout *toOffset, MlirValue threadOffset,
                                 int32_t reg, int32_t originOffset);
/// The address of element `offset` (an i32 element index) of `buffer`.
MlirValue tileEmitBufferAddress(TileLowering *lowering, MlirLocation location,
                                const TileSharedBuffer *buffer, MlirValue offset);

/// Stores a thread's registers `values` (laid out by `distributed`) where
/// `buffer` keeps their coordinates; copies held by several threads or
/// registers are stored once. False after an error at `op`.
bool tileEmitStoreToBuffer(TileLowering *lowering, MlirOperation op,
                           const TileSharedBuffer *buffer,
                           const TileLinearLayout *distributed,
                           const MlirValue *values);
/// Loads the registers of `distributed` from `buffer` into `values`, one
/// access per run of registers at consecutive offsets. False after an
/// error at `op`.
bool tileEmitLoadFromBuffer(TileLowering *lowering, MlirOperation op,
                            const TileSharedBuffer *buffer,
                            const TileLinearLayout *distributed,
                            MlirValue *values);

/* ---- dot_mma.c ---------------------------------------------------------- */

/// Loads the registers of `distributed` (an mma operand layout) from
/// `buffer` with `ldmatrix` (`.trans` when the buffer's rows run along the
/// operand's outer dim). Emits nothing and returns false when ldmatrix does
/// not fit (element width, layouts); the caller then loads per register.
bool tileEmitLdmatrixLoad(TileLowering *lowering, MlirLocation location,
                          const TileSharedBuffer *buffer,
                          const TileLinearLayout *distributed,
                          MlirValue *values);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_LOCAL_MEMORY_H */
