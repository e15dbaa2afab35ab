/*===- shared_memory.h - data that moves between threads ----------*- C -*-===*
 *
 * What the lowerings of tile.reduce, tile.scan and tilegpu.convert_layout
 * share, and what tilegpu-allocate-shared-memory and tilegpu-insert-barriers
 * ask of them:
 *   - shared memory: one `external` `[0 x i8]` addrspace(3) global per module
 *     whose address is the base of the kernel's dynamic shared memory; every
 *     buffer and scratch area is a byte offset from it, written by the
 *     allocator as `allocation.offset` on the op that owns it;
 *   - how many scratch bytes an op needs while it runs (one function, so the
 *     allocator, the barrier analysis and the lowering never disagree);
 *   - warp shuffles of any scalar type, and the combiner region of a
 *     reduce or scan cloned onto scalars.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILEGPU_TO_LLVM_SHARED_MEMORY_H
#define TILE_CONVERSION_TILEGPU_TO_LLVM_SHARED_MEMORY_H

#include "conversion/tilegpu_to_llvm/lowering.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most operands one tile.reduce or tile.scan may have. */
enum { TILE_COMBINE_MAX_OPERANDS = 8 };

/* ---- shared_memory.c ---------------------------------------------------- */

/// The attribute the allocator writes on every op that owns shared memory.
extern const char tileAllocationOffsetAttr[];

/// Bytes one element of `elementType` takes in shared memory (i1 takes a
/// byte, pointers 8).
int64_t tileSharedElementBytes(MlirType elementType);

/// Bytes of the whole allocation a `!tilegpu.memdesc` points into.
int64_t tileSharedAllocationBytes(MlirType memdesc);

/// Scratch bytes `op` needs while it runs: the cross-warp partials of a
/// reduce or scan, the staging buffer of a convert_layout that moves data
/// between threads, the old values an atomic hands to copies in other
/// warps; 0 for any other op or when registers and shuffles suffice. -1 after an error at `op` (a layout that cannot be built).
/// Only lowering->context, numWarps and threadsPerWarp are used.
int64_t tileSharedScratchBytes(TileLowering *lowering, MlirOperation op);

/// Reads `allocation.offset` of `op`; false after an error at `op` telling
/// the user to run tilegpu-allocate-shared-memory first.
bool tileSharedOffsetOf(MlirOperation op, int64_t *offset);

/// The base address (`!llvm.ptr<3>`) of the kernel's shared memory,
/// declaring the module's `@global_smem` on first use.
MlirValue tileEmitSharedBase(TileLowering *lowering, MlirLocation location);
/// `base + byteOffset` (an i32 value) as `!llvm.ptr<3>`.
MlirValue tileEmitSharedAddress(TileLowering *lowering, MlirLocation location,
                                MlirValue base, MlirValue byteOffset);
/// Stores `value` (i1 widened to i8) at `address`.
void tileEmitSharedStore(TileLowering *lowering, MlirLocation location,
                         MlirValue address, MlirValue value, int64_t alignment);
/// Loads a value of `type` (i1 read as i8) from `address`.
MlirValue tileEmitSharedLoad(TileLowering *lowering, MlirLocation location,
                             MlirValue address, MlirType type, int64_t alignment);
/// Stores the `width` values `values[0..width)` of type `element`
/// (`elementBytes` each) at `address` as one access: a vector when
/// `width` > 1, aligned to its size.
void tileEmitSharedStoreRun(TileLowering *lowering, MlirLocation location,
                            MlirValue address, MlirType element, int64_t elementBytes,
                            int32_t width, const MlirValue *values);
/// Loads `width` values of type `element` from `address` into
/// `values[0..width)` as one access, the counterpart of
/// tileEmitSharedStoreRun.
void tileEmitSharedLoadRun(TileLowering *lowering, MlirLocation location,
                           MlirValue address, MlirType element, int64_t elementBytes,
                           int32_t width, MlirValue *values);
/// `nvvm.barrier0`: every thread of the CTA waits; shared memory written
/// before is visible after.
void tileEmitBarrier(TileLowering *lowering, MlirLocation location);
/// Lowers `tilegpu.barrier` to `nvvm.barrier0`.
MlirLogicalResult tileLowerBarrier(TileLowering *lowering, MlirOperation op);
/// Opens `scf.if %condition` and moves the insertion point into its body;
/// returns the if, to be passed to tileEmitEndIf.
MlirOperation tileEmitBeginIf(TileLowering *lowering, MlirLocation location,
                              MlirValue condition);
/// Moves the insertion point after the `scf.if` of tileEmitBeginIf.
void tileEmitEndIf(TileLowering *lowering, MlirOperation ifOp);
/// `(index & mask) == 0` as i1; true when mask is 0.
MlirValue tileEmitBitsClear(TileLowering *lowering, MlirLocation location,
                            MlirValue index, int32_t mask);
/// When `layout` keeps the same elements in several lanes or warps (its free
/// lane and warp bits), opens an `scf.if` that only the copy with those bits
/// clear enters, so each element is written once; returns it for
/// tileEmitEndIf, or null (nothing opened) when every thread owns its own.
MlirOperation tileEmitBeginOwnerIf(TileLowering *lowering, MlirLocation location,
                                   const TileLinearLayout *layout, MlirValue lane,
                                   MlirValue warp);
/// `(index >> bit) & 1` of an i32 index.
MlirValue tileEmitBitOf(TileLowering *lowering, MlirLocation location, MlirValue index,
                        int32_t bit);
/// The bits of `index` selected by `mask`, packed into the low bits in
/// order (a software pext).
MlirValue tileEmitCompressBits(TileLowering *lowering, MlirLocation location,
                               MlirValue index, int32_t mask);
/// `cmpi predicate` on two i32 values ("eq", "ult", "uge", ...).
MlirValue tileEmitCompare(TileLowering *lowering, MlirLocation location,
                          const char *predicate, MlirValue lhs, MlirValue rhs);
/// `select condition, yes, no`.
MlirValue tileEmitSelect(TileLowering *lowering, MlirLocation location,
                         MlirValue condition, MlirValue yes, MlirValue no);
/// Row-major linear index (i32) of `rank` i32 coordinates in `shape`,
/// skipping dim `skip` (-1: none).
MlirValue tileEmitLinearIndex(TileLowering *lowering, MlirLocation location,
                              int32_t rank, const int64_t *shape,
                              const MlirValue *coordinates, int32_t skip);
/// `nvvm.shfl.sync <kind> 0xffffffff, value, laneOrDelta, clamp` for any
/// scalar up to 64 bits: narrow values go through i32, 64-bit ones as two
/// halves. `kind` is "bfly", "up", "down" or "idx".
MlirValue tileEmitShuffle(TileLowering *lowering, MlirLocation location,
                          const char *kind, MlirValue value, int32_t laneOrDelta);
/// `nvvm.shfl.sync idx` of any scalar up to 64 bits from the lane in the
/// i32 value `lane`, which may differ from lane to lane.
MlirValue tileEmitShuffleFromLane(TileLowering *lowering, MlirLocation location,
                                  MlirValue value, MlirValue lane);

/* ---- combiner.c --------------------------------------------------------- */

/// Checks what tile.reduce and tile.scan (`opsName`, plural, for the
/// message) both need: 1 to TILE_COMBINE_MAX_OPERANDS operands, an `axis`,
/// and one layout for all operands. Writes the axis and that layout; false
/// after an error at `op`.
bool tileCombineOperandsCheck(TileLowering *lowering, MlirOperation op,
                              const char *opsName, int64_t *axis,
                              TileLinearLayout *layout);

/// Lays out the shared scratch of a reduce or scan `op` that exchanges
/// `slotsPerOperand` values of each operand: one array per operand, each
/// aligned to its element. Writes each array's byte offset to
/// `operandOffsets` and returns the scratch's size in bytes.
int64_t tileCombineScratchLayout(MlirOperation op, int64_t slotsPerOperand,
                                 int64_t *operandOffsets);

/// Clones the combiner region of `op` (a tile.reduce or tile.scan with N
/// operands) at the insertion point onto scalars: results[i] is the i-th
/// yielded value for block arguments (accumulated[0..N), next[0..N)).
/// False after an error at `op`.
bool tileEmitCombine(TileLowering *lowering, MlirOperation op,
                     const MlirValue *accumulated, const MlirValue *next,
                     MlirValue *results);

/* ---- reduce.c, scan.c, convert_layout.c ---------------------------------- */

MlirLogicalResult tileLowerReduce(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerScan(TileLowering *lowering, MlirOperation op);
MlirLogicalResult tileLowerConvertLayout(TileLowering *lowering, MlirOperation op);

/* ---- Scratch plans: the one place their sizes are decided --------------- */

/* How a tile.reduce moves its data, from its operand layout. */
typedef struct TileReducePlan {
  int32_t numOperands;
  int32_t axis;
  int32_t rank;               /* of the operands */
  TileLinearLayout source;    /* the operands' layout */
  uint32_t shuffleLanes;      /* lane bits that move along the axis */
  uint32_t crossWarps;        /* warp bits that move along the axis */
  uint32_t freeLanes, freeWarps; /* lane/warp bits holding copies */
  int32_t axisWarps;          /* 1 << popcount(crossWarps) */
  int64_t numOutputs;         /* elements of one result (1 for scalars) */
  int64_t operandOffsets[TILE_COMBINE_MAX_OPERANDS]; /* within the scratch */
  int64_t scratchBytes;       /* 0 when no warp crosses the axis */
} TileReducePlan;

/// Plans `op` (a tile.reduce); false after an error at `op`.
bool tileReducePlanGet(TileLowering *lowering, MlirOperation op,
                       TileReducePlan *plan);

/* How a tile.scan moves its data. Along the axis, the bits of the
 * coordinate come, from low to high, from `innerRegisterBits` register bits
 * (one thread's run), `laneBits` consecutive lane bits starting at
 * `firstLaneBit`, and then "segment" bits from warps or further registers;
 * segments are joined through shared memory. */
typedef struct TileScanPlan {
  int32_t numOperands;
  int32_t axis;
  int32_t rank;
  bool reverse;
  TileLinearLayout layout;
  int32_t innerRegisterBits;
  int32_t laneBits, firstLaneBit;
  int32_t segments;           /* axis size >> (inner + lane bits) */
  uint32_t freeLanes, freeWarps;
  int64_t rows;               /* elements / axis size */
  int64_t operandOffsets[TILE_COMBINE_MAX_OPERANDS];
  int64_t scratchBytes;       /* 0 when there is one segment */
} TileScanPlan;

/// Plans `op` (a tile.scan); false after an error at `op` (with a "not
/// lowered yet" message for the layouts it does not handle).
bool tileScanPlanGet(TileLowering *lowering, MlirOperation op,
                     TileScanPlan *plan);

/// Scratch bytes a convert_layout needs (0 when it keeps data in threads);
/// -1 after an error at `op`.
int64_t tileConvertLayoutScratchBytes(TileLowering *lowering, MlirOperation op);

/* ---- atomics.c ------------------------------------------------------------ */

/// Scratch bytes a tile.atomic_rmw or tile.atomic_cas needs to hand its old
/// values to copies of its elements in other warps (0 when its result is
/// unused or no warp holds copies); -1 after an error at `op`.
int64_t tileAtomicScratchBytes(TileLowering *lowering, MlirOperation op);

/* ---- convert_layout_shuffle.c -------------------------------------------- */

struct TileWarpShufflePlan;
/// Lowers convert_layout `op` with warp shuffles as `plan`
/// (tileWarpShufflePlanGet in warp_shuffle_plan.h) says.
MlirLogicalResult tileLowerWarpShuffleConversion(TileLowering *lowering, MlirOperation op,
                                                 const struct TileWarpShufflePlan *plan);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILEGPU_TO_LLVM_SHARED_MEMORY_H */
