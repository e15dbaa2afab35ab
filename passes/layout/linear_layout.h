/* Linear layouts: maps from the bits of a hardware index to tensor coordinates.
 *
 * A linear layout has named input dims (register, lane, warp, block for
 * distributed tensors; offset for shared memory; dim0..dim3 when a layout maps
 * coordinates to coordinates) and named output dims, each of power-of-two
 * size. Every input bit owns one basis vector (one value per output dim); the
 * output of an index is the XOR of the bases of its set bits. This is the math
 * of Triton's LinearLayout, written in C with fixed-size storage so that no
 * operation allocates.
 *
 * Invariants every TileLinearLayout keeps (every function checks its inputs
 * and establishes them on its outputs):
 *   - at most TILE_LAYOUT_MAX_DIMS input and output dims, names unique;
 *   - at most TILE_LAYOUT_MAX_BASES bases per input dim, at most
 *     TILE_LAYOUT_MAX_TOTAL_BITS input bits and output bits in all;
 *   - every basis value lies in [0, size of its output dim);
 *   - unused storage is zero, so two equal layouts are equal bytewise.
 * An absent input dim behaves like one of size 1 in queries; equality is
 * strict about names and their order, as in Triton.
 *
 * Functions return TILE_LAYOUT_OK or an error status and never abort; on error
 * the result argument is left zeroed. Result and input may not alias.
 */
#ifndef TILE_PASSES_LAYOUT_LINEAR_LAYOUT_H
#define TILE_PASSES_LAYOUT_LINEAR_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
  TILE_LAYOUT_MAX_RANK = 4,        /* tensor dims of a distributed layout */
  TILE_LAYOUT_MAX_DIMS = 5,        /* input or output dims of one layout */
  TILE_LAYOUT_MAX_BASES = 32,      /* bits of one input dim */
  TILE_LAYOUT_MAX_TOTAL_BITS = 64, /* all input bits, and all output bits */
};

/* Every dimension name a layout can use, as input or as output. */
typedef enum TileLayoutDimName {
  TILE_LAYOUT_REGISTER = 0,
  TILE_LAYOUT_LANE,
  TILE_LAYOUT_WARP,
  TILE_LAYOUT_BLOCK,
  TILE_LAYOUT_OFFSET,
  TILE_LAYOUT_DIM0,
  TILE_LAYOUT_DIM1,
  TILE_LAYOUT_DIM2,
  TILE_LAYOUT_DIM3,
  TILE_LAYOUT_NUM_DIM_NAMES
} TileLayoutDimName;

typedef enum TileLayoutStatus {
  TILE_LAYOUT_OK = 0,
  TILE_LAYOUT_ERROR_INVALID_ARGUMENT, /* bad size, name, order, null pointer */
  TILE_LAYOUT_ERROR_TOO_LARGE,        /* exceeds the fixed storage limits */
  TILE_LAYOUT_ERROR_DIM_MISMATCH,     /* dims of two layouts do not line up */
  TILE_LAYOUT_ERROR_NOT_INVERTIBLE,   /* no (pseudo-)inverse exists */
  TILE_LAYOUT_ERROR_UNSUPPORTED,      /* a layout kind not implemented yet */
} TileLayoutStatus;

typedef struct TileLinearLayout {
  int32_t numInDims;
  int32_t numOutDims;
  TileLayoutDimName inNames[TILE_LAYOUT_MAX_DIMS];
  TileLayoutDimName outNames[TILE_LAYOUT_MAX_DIMS];
  int32_t inLog2Sizes[TILE_LAYOUT_MAX_DIMS];  /* = number of bases */
  int32_t outLog2Sizes[TILE_LAYOUT_MAX_DIMS];
  /* bases[in][bit][out]: the value along output dim `out` of input bit `bit`
   * of input dim `in`. */
  int32_t bases[TILE_LAYOUT_MAX_DIMS][TILE_LAYOUT_MAX_BASES]
               [TILE_LAYOUT_MAX_DIMS];
} TileLinearLayout;

/// Returns the static name of `name` ("register", "dim0", ...).
const char *tileLayoutDimNameString(TileLayoutDimName name);
/// Returns the static description of `status`.
const char *tileLayoutStatusString(TileLayoutStatus status);
/// Returns TILE_LAYOUT_DIM0 + index, the output name of tensor dim `index`.
TileLayoutDimName tileLayoutTensorDim(int32_t index);

/* ---- Construction ------------------------------------------------------ */

/// Makes the empty layout: no input dims, no output dims.
void tileLayoutInitEmpty(TileLinearLayout *layout);
/// Makes a layout with the given output dims and sizes (powers of two) and no
/// input dims; add inputs with tileLayoutAddInDim / tileLayoutAppendBasis.
TileLayoutStatus tileLayoutInit(TileLinearLayout *layout, int32_t numOutDims,
                                const TileLayoutDimName *outNames,
                                const int32_t *outSizes);
/// Appends input dim `name` with size 1 unless it exists (fixes dim order).
TileLayoutStatus tileLayoutAddInDim(TileLinearLayout *layout,
                                    TileLayoutDimName name);
/// Appends one basis (values in output-dim order) to input dim `name`, adding
/// the dim if absent; doubles that input dim's size.
TileLayoutStatus tileLayoutAppendBasis(TileLinearLayout *layout,
                                       TileLayoutDimName inName,
                                       const int32_t *values);
/// Identity of `size` (power of two) from `inName` to `outName`.
TileLayoutStatus tileLayoutIdentity1D(TileLinearLayout *layout, int32_t size,
                                      TileLayoutDimName inName,
                                      TileLayoutDimName outName);
/// All-zero (broadcast) map of input size `size` onto `outName` of size 1.
TileLayoutStatus tileLayoutZeros1D(TileLinearLayout *layout, int32_t size,
                                   TileLayoutDimName inName,
                                   TileLayoutDimName outName);

/* ---- Algebra ----------------------------------------------------------- */

/// Triton's `inner * outer`: dims are merged by name (their relative orders
/// must agree); sizes multiply; outer's bases follow inner's and are shifted
/// past inner's extent along each output dim.
TileLayoutStatus tileLayoutProduct(TileLinearLayout *result,
                                   const TileLinearLayout *inner,
                                   const TileLinearLayout *outer);
/// Applies the layout: inValues in input-dim order, outValues (numOutDims
/// entries) in output-dim order. Values outside an input dim are rejected.
TileLayoutStatus tileLayoutApply(const TileLinearLayout *layout,
                                 const int32_t *inValues, int32_t *outValues);
/// `first` then `second`: every output dim of `first` must be an input dim of
/// `second` at least as large. Result: first's inputs -> second's outputs.
TileLayoutStatus tileLayoutCompose(TileLinearLayout *result,
                                   const TileLinearLayout *first,
                                   const TileLinearLayout *second);
/// Inverse of a bijective layout: outputs become inputs and vice versa.
TileLayoutStatus tileLayoutInvert(TileLinearLayout *result,
                                  const TileLinearLayout *layout);
/// A right inverse of a surjective layout: layout(result(y)) == y. Among the
/// preimages it picks the one whose free input bits (see
/// tileLayoutGetFreeVariableMask) are zero.
TileLayoutStatus tileLayoutPseudoInvert(TileLinearLayout *result,
                                        const TileLinearLayout *layout);
/// For converting `from` into `to` (same output dims): result maps each
/// input index x of `from` to an input index y of `to` holding the same
/// element, to(y) == from(x). Input dims whose sublayouts are equal in both
/// map identically (so broadcast warps stay put, as in Triton); the rest is
/// the pseudo-inverse solution. Result: from's inputs -> to's inputs.
TileLayoutStatus tileLayoutInvertAndCompose(TileLinearLayout *result,
                                            const TileLinearLayout *from,
                                            const TileLinearLayout *to);
/// Reorders the output dims to `names` (a permutation); the map is unchanged.
TileLayoutStatus tileLayoutTransposeOuts(TileLinearLayout *result,
                                         const TileLinearLayout *layout,
                                         const TileLayoutDimName *names);
/// Reorders the input dims to `names` (a permutation); the map is unchanged.
TileLayoutStatus tileLayoutTransposeIns(TileLinearLayout *result,
                                        const TileLinearLayout *layout,
                                        const TileLayoutDimName *names);
/// The layout of trans(x, perm) for a layout with outputs dim0..dimN-1:
/// output dim i of the result is output dim perm[i] of `layout`.
TileLayoutStatus tileLayoutPermuteTensorDims(TileLinearLayout *result,
                                             const TileLinearLayout *layout,
                                             const int32_t *perm);
/// Flattens the output dims row-major (the first output dim is the most
/// major, as in a C array) and splits the flat index row-major into the
/// new dims. Total sizes must match. (Triton's reshapeOuts is minor-first.)
TileLayoutStatus tileLayoutReshapeOuts(TileLinearLayout *result,
                                       const TileLinearLayout *layout,
                                       int32_t numOutDims,
                                       const TileLayoutDimName *outNames,
                                       const int32_t *outSizes);
/// Restricts to the named input and output dims (other outputs are dropped,
/// other inputs treated as zero), in the order given.
TileLayoutStatus tileLayoutSublayout(TileLinearLayout *result,
                                     const TileLinearLayout *layout,
                                     int32_t numInDims,
                                     const TileLayoutDimName *inNames,
                                     int32_t numOutDims,
                                     const TileLayoutDimName *outNames);

/* ---- Queries ----------------------------------------------------------- */

/// Returns true when names, order, sizes and bases all agree.
bool tileLayoutEqual(const TileLinearLayout *a, const TileLinearLayout *b);
/// Returns the position of input dim `name`, or -1.
int32_t tileLayoutFindInDim(const TileLinearLayout *layout,
                            TileLayoutDimName name);
/// Returns the position of output dim `name`, or -1.
int32_t tileLayoutFindOutDim(const TileLinearLayout *layout,
                             TileLayoutDimName name);
/// Returns the size of input dim `name` (1 when absent).
int32_t tileLayoutGetInDimSize(const TileLinearLayout *layout,
                               TileLayoutDimName name);
/// Returns the size of output dim `name` (1 when absent).
int32_t tileLayoutGetOutDimSize(const TileLinearLayout *layout,
                                TileLayoutDimName name);
/// Returns the number of registers (elements) each thread holds.
int32_t tileLayoutGetNumRegisters(const TileLinearLayout *layout);
/// Returns the bits of input dim `name` that are free: their basis is zero or
/// a combination of earlier input bits (earlier dims, lower bits), so
/// flipping them reaches no new element. For register/lane/warp these are
/// the duplicated (broadcast) copies of data. Same rule as Triton's
/// getFreeVariableMasks.
uint32_t tileLayoutGetFreeVariableMask(const TileLinearLayout *layout,
                                       TileLayoutDimName name);
/// Returns true when every output value is reached.
bool tileLayoutIsSurjective(const TileLinearLayout *layout);
/// Returns true when no two inputs reach the same output.
bool tileLayoutIsInjective(const TileLinearLayout *layout);
/// Returns how many contiguous elements along output dim `outName` a thread
/// holds in its first registers: the largest 2^k such that register bases
/// 0..k-1 are 1, 2, 4, ... along `outName` and zero elsewhere. This is the
/// vector width for loads and stores.
int32_t tileLayoutGetContiguousElements(const TileLinearLayout *layout,
                                        TileLayoutDimName outName);

typedef enum TileLayoutConversionKind {
  TILE_LAYOUT_CONVERSION_NO_OP = 0,      /* every thread holds the same data */
  TILE_LAYOUT_CONVERSION_REGISTER_PERMUTATION, /* renumber registers only */
  TILE_LAYOUT_CONVERSION_WARP_SHUFFLE,   /* data moves between lanes only */
  TILE_LAYOUT_CONVERSION_SHARED_MEMORY,  /* data moves between warps/blocks */
} TileLayoutConversionKind;

/// Classifies converting distributed layout `src` into `dst` (same output
/// dims): quotients dst.invertAndCompose(src) by block, warp, lane, register
/// in that order (Triton's minimalCvtLayout) and reports the first input dim
/// that must move data.
TileLayoutStatus tileLayoutClassifyConversion(const TileLinearLayout *src,
                                              const TileLinearLayout *dst,
                                              TileLayoutConversionKind *kind);
/// Returns the static name of `kind`.
const char *tileLayoutConversionKindString(TileLayoutConversionKind kind);

/* Cost of a warp's shared-memory accesses when threads of a distributed
 * layout store their elements into (or load them from) a shared layout. The
 * model: 32 banks of 4 bytes; one access of a warp takes as many wavefronts
 * as the most distinct 4-byte words any bank must serve (a word read by
 * several lanes is served once). */
typedef struct TileLayoutSharedAccessCost {
  int32_t vectorElements;     /* elements per lane per access */
  int32_t accessesPerThread;  /* vectorized accesses each thread issues */
  int32_t wavefronts;         /* summed over one warp's accesses, worst warp */
  int32_t idealWavefronts;    /* bytes moved / 128, rounded up, same accesses */
  int32_t bankConflicts;      /* wavefronts - idealWavefronts */
} TileLayoutSharedAccessCost;

/// Computes the bank-conflict cost of moving `distributed` (register, lane,
/// warp[, block] -> dims) through `shared` (offset -> the same dims) with
/// elements of `elementBits` bits and accesses of at most `maxAccessBits`
/// bits (128 for ld.shared.v4.b32). The vector width is the largest power
/// of two whose registers are contiguous in offset.
TileLayoutStatus tileLayoutGetSharedAccessCost(
    const TileLinearLayout *distributed, const TileLinearLayout *shared,
    int32_t elementBits, int32_t maxAccessBits,
    TileLayoutSharedAccessCost *cost);
/// Returns whether `distributed` can be loaded from `shared` with ldmatrix
/// (16-bit elements, non-transposed): each thread's first two registers and
/// the first two lane bits cover 8 consecutive offsets (one 16-byte matrix
/// row), and every other basis keeps rows 16-byte aligned. *numMatrices gets
/// 1, 2 or 4: how many 8x8 matrices one ldmatrix.x{1,2,4} can fetch.
TileLayoutStatus tileLayoutIsLdmatrixEligible(
    const TileLinearLayout *distributed, const TileLinearLayout *shared,
    int32_t elementBits, bool *eligible, int32_t *numMatrices);

/// Prints e.g. `register=[[0,1],[0,2]] lane=[[1,0]] -> dim0:16 dim1:32`.
void tileLayoutPrint(const TileLinearLayout *layout, FILE *stream);

/* ---- Layouts of the tilegpu encodings (layout_conversions.c) ----------- */

/* All encodings describe one CTA (the `block` input dim has size 1);
 * CTA clusters (CTAsPerCGA/CTASplitNum) are not modelled yet. Shapes are
 * powers of two. */

typedef struct TileBlockedEncoding {
  int32_t sizePerThread[TILE_LAYOUT_MAX_RANK];
  int32_t threadsPerWarp[TILE_LAYOUT_MAX_RANK];
  int32_t warpsPerCTA[TILE_LAYOUT_MAX_RANK];
  int32_t order[TILE_LAYOUT_MAX_RANK]; /* order[0] is the fastest dim */
} TileBlockedEncoding;

/* NVIDIA tensor-core accumulator. versionMajor 2: Ampere mma.sync m16n8,
 * instrShape {16, 8}. versionMajor 3: Hopper wgmma, instrShape {16, N, K}
 * per warp (a warpgroup is 4 warps along M, so warpsPerCTA[rank-2] is a
 * multiple of 4). versionMajor 1: Volta mma.m8n8k4, rank 2 only (rank 3
 * returns TILE_LAYOUT_ERROR_UNSUPPORTED), instrShape {16, 16}: a warp's
 * 16x16 tile is four 8x8 quad-pair tiles (lanes 4p..4p+3 with
 * 16+4p..16+4p+3; lane bit 2 steps M by 8, lane bit 3 steps N by 8), each
 * holding the PTX ISA's f32 C fragment c0..c7; warps are numbered along M
 * first. Its dot operands take kWidth 2 (one f16x2 register) and hold the
 * PTX row-major A / column-major B fragments: 4 consecutive K elements per
 * thread and instruction, A shared by the quad-pairs along N and B by
 * those along M (Triton's isAVec4/isBVec4 variants are not modelled). */
typedef struct TileMmaEncoding {
  int32_t versionMajor;
  int32_t warpsPerCTA[TILE_LAYOUT_MAX_RANK];
  int32_t instrShape[3];
} TileMmaEncoding;

typedef struct TileSwizzledSharedEncoding {
  int32_t vec, perPhase, maxPhase;
  int32_t order[TILE_LAYOUT_MAX_RANK];
} TileSwizzledSharedEncoding;

/* wgmma/TMA swizzle of swizzleBytes (32, 64 or 128) for rank-2 tensors:
 * 8-row tiles of swizzleBytes-wide rows, 16-byte chunks XORed by the row. */
typedef struct TileNvmmaSharedEncoding {
  int32_t swizzleBytes;
  int32_t elementBits;
  bool transposed; /* true: dim0 is contiguous instead of dim1 */
} TileNvmmaSharedEncoding;

typedef enum TileLayoutEncodingKind {
  TILE_LAYOUT_ENCODING_BLOCKED,
  TILE_LAYOUT_ENCODING_SLICE,
  TILE_LAYOUT_ENCODING_MMA,
  TILE_LAYOUT_ENCODING_DOT_OPERAND,
  TILE_LAYOUT_ENCODING_SWIZZLED_SHARED,
  TILE_LAYOUT_ENCODING_NVMMA_SHARED,
} TileLayoutEncodingKind;

typedef struct TileLayoutEncoding TileLayoutEncoding;

/* Removes output dim `dim` of `parent` (the layout of a reduction result). */
typedef struct TileSliceEncoding {
  int32_t dim;
  const TileLayoutEncoding *parent;
} TileSliceEncoding;

/* Operand opIdx (0 = A, 1 = B) of a dot whose accumulator is `parent` (an
 * mma encoding, or blocked for FMA dots); kWidth consecutive K elements per
 * thread (2 for 16-bit mma.sync). */
typedef struct TileDotOperandEncoding {
  int32_t opIdx;
  int32_t kWidth;
  const TileLayoutEncoding *parent;
} TileDotOperandEncoding;

struct TileLayoutEncoding {
  TileLayoutEncodingKind kind;
  union {
    TileBlockedEncoding blocked;
    TileSliceEncoding slice;
    TileMmaEncoding mma;
    TileDotOperandEncoding dotOperand;
    TileSwizzledSharedEncoding swizzledShared;
    TileNvmmaSharedEncoding nvmmaShared;
  } u;
};

/// Layout of `encoding` on a tensor of `rank` dims and `shape`: inputs
/// register, lane, warp, block (distributed) or offset, block (shared);
/// outputs dim0..dim{rank-1} of exactly `shape`. Shapes larger than the
/// encoding's tile wrap into more registers (or offsets); smaller shapes
/// broadcast, exactly as Triton's toLinearLayout.
TileLayoutStatus tileLayoutFromEncoding(TileLinearLayout *result,
                                        const TileLayoutEncoding *encoding,
                                        int32_t rank, const int64_t *shape);
/// tileLayoutFromEncoding for a blocked encoding.
TileLayoutStatus tileLayoutFromBlocked(TileLinearLayout *result,
                                       const TileBlockedEncoding *blocked,
                                       int32_t rank, const int64_t *shape);
/// tileLayoutFromEncoding for an mma encoding.
TileLayoutStatus tileLayoutFromMma(TileLinearLayout *result,
                                   const TileMmaEncoding *mma, int32_t rank,
                                   const int64_t *shape);
/// tileLayoutFromEncoding for a swizzled shared encoding.
TileLayoutStatus
tileLayoutFromSwizzledShared(TileLinearLayout *result,
                             const TileSwizzledSharedEncoding *shared,
                             int32_t rank, const int64_t *shape);
/// tileLayoutFromEncoding for an NVMMA (wgmma) shared encoding (rank 2).
TileLayoutStatus tileLayoutFromNvmmaShared(
    TileLinearLayout *result, const TileNvmmaSharedEncoding *shared,
    int32_t rank, const int64_t *shape);

#ifdef __cplusplus
}
#endif

#endif /* TILE_PASSES_LAYOUT_LINEAR_LAYOUT_H */
