/* Linear layouts of the tilegpu encodings: blocked, slice, mma (Volta v1,
 * Ampere v2, Hopper v3), dot_operand, swizzled shared and NVMMA shared.
 *
 * Each follows Triton's toLinearLayout so that both compilers agree on which
 * thread holds which element: the per-CTA layout is built from products of
 * 1-D identities in the encoding's order, then fitted to the tensor shape
 * (larger shapes add registers/offsets along each dim in the layout's output
 * order; smaller shapes zero the largest bases, i.e. broadcast), and the
 * outputs are put in the standard order dim0..dimN-1. Distributed results
 * have inputs [register, lane, warp, block]; shared ones [offset, block].
 * The block dim always has size 1: CTA clusters are not modelled yet.
 */
#include "linear_layout.h"

#include <string.h>

static bool isPowerOfTwo(int64_t value) {
  return value > 0 && (value & (value - 1)) == 0;
}

static int32_t log2Exact(int64_t value) {
  int32_t log = 0;
  while (((int64_t)1 << log) < value)
    ++log;
  return log;
}

static bool isPermutation(const int32_t *order, int32_t rank) {
  for (int32_t i = 0; i < rank; ++i) {
    if (order[i] < 0 || order[i] >= rank)
      return false;
    for (int32_t j = 0; j < i; ++j)
      if (order[j] == order[i])
        return false;
  }
  return true;
}

static bool allPowersOfTwo(const int32_t *values, int32_t rank) {
  for (int32_t i = 0; i < rank; ++i)
    if (!isPowerOfTwo(values[i]))
      return false;
  return true;
}

static TileLayoutStatus checkShape(int32_t rank, const int64_t *shape) {
  if (rank < 1 || rank > TILE_LAYOUT_MAX_RANK || !shape)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  for (int32_t d = 0; d < rank; ++d)
    if (!isPowerOfTwo(shape[d]) || shape[d] > ((int64_t)1 << 30))
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  return TILE_LAYOUT_OK;
}

/* layout = layout * outer; products never alias their result. */
static TileLayoutStatus multiplyInPlace(TileLinearLayout *layout,
                                        const TileLinearLayout *outer) {
  TileLinearLayout product;
  TileLayoutStatus status = tileLayoutProduct(&product, layout, outer);
  if (status == TILE_LAYOUT_OK)
    *layout = product;
  return status;
}

static TileLayoutStatus multiplyBy1D(TileLinearLayout *layout, int32_t size,
                                     TileLayoutDimName inName,
                                     TileLayoutDimName outName, bool identity) {
  TileLinearLayout factor;
  TileLayoutStatus status =
      identity ? tileLayoutIdentity1D(&factor, size, inName, outName)
               : tileLayoutZeros1D(&factor, size, inName, outName);
  return status == TILE_LAYOUT_OK ? multiplyInPlace(layout, &factor) : status;
}

/* Reorders `layout`'s outputs to `names` in place. */
static TileLayoutStatus transposeOutsInPlace(TileLinearLayout *layout,
                                             const TileLayoutDimName *names) {
  TileLinearLayout transposed;
  TileLayoutStatus status = tileLayoutTransposeOuts(&transposed, layout, names);
  if (status == TILE_LAYOUT_OK)
    *layout = transposed;
  return status;
}

/* Triton's identityStandardND: `sizes` laid out with order[0] fastest, so
 * the outputs come in `order`'s order. */
static TileLayoutStatus identityInOrder(TileLinearLayout *layout,
                                        TileLayoutDimName inName, int32_t rank,
                                        const int32_t *sizes,
                                        const int32_t *order) {
  tileLayoutInitEmpty(layout);
  TileLayoutStatus status = TILE_LAYOUT_OK;
  for (int32_t i = 0; i < rank && status == TILE_LAYOUT_OK; ++i)
    status = multiplyBy1D(layout, sizes[order[i]], inName,
                          tileLayoutTensorDim(order[i]), true);
  return status;
}

/* Triton's broadcastedDotOperandLayout: like identityInOrder, but the K dim
 * is all zeros, because every thread along K needs the same operand rows. */
static TileLayoutStatus broadcastAlongK(TileLinearLayout *layout,
                                        TileLayoutDimName inName, int32_t rank,
                                        const int32_t *sizes,
                                        const int32_t *order, int32_t kDim) {
  tileLayoutInitEmpty(layout);
  TileLayoutStatus status = TILE_LAYOUT_OK;
  for (int32_t i = 0; i < rank && status == TILE_LAYOUT_OK; ++i)
    status = multiplyBy1D(layout, sizes[order[i]], inName,
                          tileLayoutTensorDim(order[i]), order[i] != kDim);
  return status;
}

static int32_t shapeAlong(const TileLinearLayout *layout, int32_t out,
                          const int64_t *shape) {
  return (int32_t)shape[layout->outNames[out] - TILE_LAYOUT_DIM0];
}

/* Grows every output dim smaller than `shape` by repeating the layout along
 * `inName` (register or offset), dims taken in the layout's output order. */
static TileLayoutStatus ensureNotSmallerThan(TileLinearLayout *layout,
                                             const int64_t *shape,
                                             TileLayoutDimName inName) {
  int32_t numOut = layout->numOutDims;
  TileLayoutDimName names[TILE_LAYOUT_MAX_DIMS];
  int32_t desired[TILE_LAYOUT_MAX_DIMS], actual[TILE_LAYOUT_MAX_DIMS];
  for (int32_t o = 0; o < numOut; ++o) {
    names[o] = layout->outNames[o];
    desired[o] = shapeAlong(layout, o, shape);
    actual[o] = 1 << layout->outLog2Sizes[o];
  }
  for (int32_t o = 0; o < numOut; ++o) {
    if (desired[o] <= actual[o])
      continue;
    TileLayoutStatus status =
        multiplyBy1D(layout, desired[o] / actual[o], inName, names[o], true);
    if (status != TILE_LAYOUT_OK)
      return status;
  }
  return TILE_LAYOUT_OK;
}

/* Shrinks every output dim larger than `shape` by zeroing its largest basis
 * values first (ties in input-dim, then bit, order): the hardware indices
 * that would step past the tensor instead revisit it, i.e. broadcast. */
static TileLayoutStatus ensureNotLargerThan(TileLinearLayout *layout,
                                            const int64_t *shape) {
  for (int32_t o = 0; o < layout->numOutDims; ++o) {
    int32_t desiredLog2 = log2Exact(shapeAlong(layout, o, shape));
    int32_t excess = layout->outLog2Sizes[o] - desiredLog2;
    for (; excess > 0; --excess) {
      int32_t bestIn = -1, bestBit = -1, bestValue = 0;
      for (int32_t i = 0; i < layout->numInDims; ++i)
        for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b)
          if (layout->bases[i][b][o] > bestValue) {
            bestValue = layout->bases[i][b][o];
            bestIn = i;
            bestBit = b;
          }
      if (bestIn < 0)
        break;
      layout->bases[bestIn][bestBit][o] = 0;
    }
    if (layout->outLog2Sizes[o] > desiredLog2) {
      layout->outLog2Sizes[o] = desiredLog2;
      for (int32_t i = 0; i < layout->numInDims; ++i)
        for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b)
          if (layout->bases[i][b][o] >= (1 << desiredLog2))
            return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    }
  }
  return TILE_LAYOUT_OK;
}

/* Triton's combineCtaCgaWithShape for one CTA: fit to `shape`, add the
 * size-1 block dim, and order the outputs dim0..dim{rank-1}. */
static TileLayoutStatus fitToShape(TileLinearLayout *result,
                                   TileLinearLayout *cta, int32_t rank,
                                   const int64_t *shape,
                                   TileLayoutDimName repeatDim) {
  TileLayoutDimName standard[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d)
    standard[d] = tileLayoutTensorDim(d);
  TileLayoutStatus status = ensureNotSmallerThan(cta, shape, repeatDim);
  if (status == TILE_LAYOUT_OK)
    status = ensureNotLargerThan(cta, shape);
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutAddInDim(cta, TILE_LAYOUT_BLOCK);
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutTransposeOuts(result, cta, standard);
  for (int32_t d = 0; status == TILE_LAYOUT_OK && d < rank; ++d)
    if (tileLayoutGetOutDimSize(result, standard[d]) != shape[d])
      status = TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (status != TILE_LAYOUT_OK)
    tileLayoutInitEmpty(result);
  return status;
}

/* ---- Distributed layouts ----------------------------------------------- */

TileLayoutStatus tileLayoutFromBlocked(TileLinearLayout *result,
                                       const TileBlockedEncoding *blocked,
                                       int32_t rank, const int64_t *shape) {
  tileLayoutInitEmpty(result);
  TileLayoutStatus status = checkShape(rank, shape);
  if (status != TILE_LAYOUT_OK)
    return status;
  if (!isPermutation(blocked->order, rank) ||
      !allPowersOfTwo(blocked->sizePerThread, rank) ||
      !allPowersOfTwo(blocked->threadsPerWarp, rank) ||
      !allPowersOfTwo(blocked->warpsPerCTA, rank))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout cta, lanes, warps;
  status = identityInOrder(&cta, TILE_LAYOUT_REGISTER, rank,
                           blocked->sizePerThread, blocked->order);
  if (status == TILE_LAYOUT_OK)
    status = identityInOrder(&lanes, TILE_LAYOUT_LANE, rank,
                             blocked->threadsPerWarp, blocked->order);
  if (status == TILE_LAYOUT_OK)
    status = identityInOrder(&warps, TILE_LAYOUT_WARP, rank,
                             blocked->warpsPerCTA, blocked->order);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &lanes);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &warps);
  if (status != TILE_LAYOUT_OK)
    return status;
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_REGISTER);
}

/* Triton's getMatrixOrder: [rank-1, ..., 0], with the two minor dims
 * swapped when column-major. */
static void matrixOrder(int32_t rank, bool rowMajor, int32_t *order) {
  for (int32_t i = 0; i < rank; ++i)
    order[i] = rank - 1 - i;
  if (!rowMajor && rank >= 2) {
    order[0] = rank - 2;
    order[1] = rank - 1;
  }
}

/* The order of a dot operand whose registers run along K first. */
static void dotOperandOrder(int32_t opIdx, int32_t rank, int32_t *order) {
  matrixOrder(rank, opIdx == 0, order);
}

/* Triton's nvidiaMmaTile: one mma tile of tileShape for one warp. The
 * fragment, in order: kWidth registers along the inner dim, 4 lanes along
 * the inner dim, 8 lanes along the outer dim, then register repeats along
 * the outer dim (m / 8) and the inner dim (n / (kWidth * 4)). */
static TileLayoutStatus mmaTile(TileLinearLayout *tile, int32_t rank,
                                const int32_t *tileShape, int32_t kWidth,
                                const int32_t *order) {
  static const int32_t ones[TILE_LAYOUT_MAX_RANK] = {1, 1, 1, 1};
  int32_t inner = order[0], outer = order[1];
  int32_t m = tileShape[outer], n = tileShape[inner];
  if (!isPowerOfTwo(kWidth) || m % 8 != 0 || n % (kWidth * 4) != 0)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  /* Start from a trivial layout just to fix the output order. */
  TileLayoutStatus status =
      identityInOrder(tile, TILE_LAYOUT_REGISTER, rank, ones, order);
  TileLayoutDimName innerName = tileLayoutTensorDim(inner);
  TileLayoutDimName outerName = tileLayoutTensorDim(outer);
  if (status == TILE_LAYOUT_OK)
    status = multiplyBy1D(tile, kWidth, TILE_LAYOUT_REGISTER, innerName, true);
  if (status == TILE_LAYOUT_OK)
    status = multiplyBy1D(tile, 4, TILE_LAYOUT_LANE, innerName, true);
  if (status == TILE_LAYOUT_OK)
    status = multiplyBy1D(tile, 8, TILE_LAYOUT_LANE, outerName, true);
  if (status == TILE_LAYOUT_OK)
    status = multiplyBy1D(tile, m / 8, TILE_LAYOUT_REGISTER, outerName, true);
  if (status == TILE_LAYOUT_OK)
    status = multiplyBy1D(tile, n / (kWidth * 4), TILE_LAYOUT_REGISTER,
                          innerName, true);
  return status;
}

/* Volta mma.m8n8k4 (PTX ISA, f16 inputs, row.col, f32 accumulator): a
 * warp runs four independent 8x8x4 products, one per quad-pair (lanes
 * 4p..4p+3 with 16+4p..16+4p+3). Quad-pair p takes the 8x8 tile at
 * (8 * (p & 1), 8 * (p >> 1)) of the warp's 16x16 tile (lane bits 2 and 3;
 * Triton's legacy arrangement). Inside a quad-pair the PTX tables read:
 *   C element i of lane l: row (l & 1) + (i & 2) + 4 * (l >= 16),
 *                          col (i & 4) + (l & 2) + (i & 1);
 *   A element j: row (l % 4) + 4 * (l >= 16), col (K) j;
 *   B element j: row (K) j, col (l % 4) + 4 * (l >= 16).
 * So A is shared by the quad-pairs along N (lane bit 3 is free) and B by
 * those along M (lane bit 2). The bases below are (dim0, dim1) pairs of
 * one warp's tile: C 16x16, A 16x4, B 4x16. */
static const int32_t voltaAccumulatorRegisters[3][2] = {{0, 1}, {2, 0}, {0, 4}};
static const int32_t voltaAccumulatorLanes[5][2] = {
    {1, 0}, {0, 2}, {8, 0}, {0, 8}, {4, 0}};
static const int32_t voltaOperandARegisters[2][2] = {{0, 1}, {0, 2}};
static const int32_t voltaOperandALanes[5][2] = {
    {1, 0}, {2, 0}, {8, 0}, {0, 0}, {4, 0}};
static const int32_t voltaOperandBRegisters[2][2] = {{1, 0}, {2, 0}};
static const int32_t voltaOperandBLanes[5][2] = {
    {0, 1}, {0, 2}, {0, 0}, {0, 8}, {0, 4}};

/* One warp's rows x cols tile of a Volta fragment (rank 2), with its
 * outputs put in `order` (order[0] first: the dim repeats go along). */
static TileLayoutStatus voltaTile(TileLinearLayout *tile, int32_t rows,
                                  int32_t cols, int32_t numRegisterBases,
                                  const int32_t (*registerBases)[2],
                                  const int32_t (*laneBases)[2],
                                  const int32_t *order) {
  TileLayoutDimName names[2] = {TILE_LAYOUT_DIM0, TILE_LAYOUT_DIM1};
  int32_t sizes[2] = {rows, cols};
  TileLinearLayout standard;
  TileLayoutStatus status = tileLayoutInit(&standard, 2, names, sizes);
  for (int32_t i = 0; i < numRegisterBases && status == TILE_LAYOUT_OK; ++i)
    status = tileLayoutAppendBasis(&standard, TILE_LAYOUT_REGISTER,
                                   registerBases[i]);
  for (int32_t i = 0; i < 5 && status == TILE_LAYOUT_OK; ++i)
    status = tileLayoutAppendBasis(&standard, TILE_LAYOUT_LANE, laneBases[i]);
  TileLayoutDimName ordered[2] = {tileLayoutTensorDim(order[0]),
                                  tileLayoutTensorDim(order[1])};
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutTransposeOuts(tile, &standard, ordered);
  return status;
}

/* Checks an mma encoding and returns its warp order. */
static TileLayoutStatus checkMma(const TileMmaEncoding *mma, int32_t rank,
                                 int32_t *warpOrder) {
  if (!allPowersOfTwo(mma->warpsPerCTA, rank) || rank < 2)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (mma->versionMajor == 1) {
    if (rank != 2)
      return TILE_LAYOUT_ERROR_UNSUPPORTED; /* Volta has no batched layout */
    if (mma->instrShape[0] != 16 || mma->instrShape[1] != 16)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    /* Triton's MMAv1 numbered warps along M first. */
    matrixOrder(rank, false, warpOrder);
    return TILE_LAYOUT_OK;
  }
  if (mma->versionMajor == 2) {
    if (mma->instrShape[0] != 16 || mma->instrShape[1] != 8 || rank > 3)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    /* Ampere may pick either; row-major matches Triton's legacy choice. */
    matrixOrder(rank, true, warpOrder);
    return TILE_LAYOUT_OK;
  }
  if (mma->versionMajor == 3) {
    if (rank != 2 || mma->instrShape[0] != 16 ||
        !isPowerOfTwo(mma->instrShape[1]) || mma->instrShape[1] < 8 ||
        mma->instrShape[1] > 256 || mma->warpsPerCTA[0] % 4 != 0)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    /* wgmma fixes the warps of a warpgroup along M: column-major. */
    matrixOrder(rank, false, warpOrder);
    return TILE_LAYOUT_OK;
  }
  return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
}

TileLayoutStatus tileLayoutFromMma(TileLinearLayout *result,
                                   const TileMmaEncoding *mma, int32_t rank,
                                   const int64_t *shape) {
  tileLayoutInitEmpty(result);
  int32_t warpOrder[TILE_LAYOUT_MAX_RANK], order[TILE_LAYOUT_MAX_RANK];
  TileLayoutStatus status = checkShape(rank, shape);
  if (status == TILE_LAYOUT_OK)
    status = checkMma(mma, rank, warpOrder);
  if (status != TILE_LAYOUT_OK)
    return status;
  int32_t tileShape[TILE_LAYOUT_MAX_RANK] = {1, 1, 1, 1};
  tileShape[rank - 2] = mma->instrShape[0];
  tileShape[rank - 1] = mma->instrShape[1];
  matrixOrder(rank, true, order);
  /* The accumulator behaves like an operand with kWidth 2: c0,c1 adjacent. */
  TileLinearLayout cta, warps;
  if (mma->versionMajor == 1)
    status = voltaTile(&cta, 16, 16, 3, voltaAccumulatorRegisters,
                       voltaAccumulatorLanes, order);
  else
    status = mmaTile(&cta, rank, tileShape, 2, order);
  if (status == TILE_LAYOUT_OK)
    status = identityInOrder(&warps, TILE_LAYOUT_WARP, rank, mma->warpsPerCTA,
                             warpOrder);
  if (status == TILE_LAYOUT_OK)
    status = transposeOutsInPlace(&warps, cta.outNames);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &warps);
  if (status != TILE_LAYOUT_OK)
    return status;
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_REGISTER);
}

static TileLayoutStatus fromMmaDotOperand(TileLinearLayout *result,
                                          const TileDotOperandEncoding *dot,
                                          const TileMmaEncoding *mma,
                                          int32_t rank, const int64_t *shape) {
  int32_t warpOrder[TILE_LAYOUT_MAX_RANK], order[TILE_LAYOUT_MAX_RANK];
  TileLayoutStatus status = checkMma(mma, rank, warpOrder);
  if (status != TILE_LAYOUT_OK)
    return status;
  bool isA = dot->opIdx == 0;
  if ((dot->opIdx != 0 && dot->opIdx != 1) || !isPowerOfTwo(dot->kWidth))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (!isA && mma->versionMajor == 3)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT; /* wgmma reads B from smem */
  if (mma->versionMajor == 1 && dot->kWidth != 2)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT; /* m8n8k4 takes f16x2 words */
  int32_t tileShape[TILE_LAYOUT_MAX_RANK] = {1, 1, 1, 1};
  tileShape[rank - 2] = isA ? 16 : dot->kWidth * 8;
  tileShape[rank - 1] = isA ? dot->kWidth * 8 : 8;
  dotOperandOrder(dot->opIdx, rank, order);
  TileLinearLayout cta, warps;
  if (mma->versionMajor == 1)
    status = isA ? voltaTile(&cta, 16, 4, 2, voltaOperandARegisters,
                             voltaOperandALanes, order)
                 : voltaTile(&cta, 4, 16, 2, voltaOperandBRegisters,
                             voltaOperandBLanes, order);
  else
    status = mmaTile(&cta, rank, tileShape, dot->kWidth, order);
  if (status == TILE_LAYOUT_OK)
    status = broadcastAlongK(&warps, TILE_LAYOUT_WARP, rank, mma->warpsPerCTA,
                             warpOrder, isA ? rank - 1 : rank - 2);
  if (status == TILE_LAYOUT_OK)
    status = transposeOutsInPlace(&warps, cta.outNames);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &warps);
  if (status != TILE_LAYOUT_OK)
    return status;
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_REGISTER);
}

/* Operands of an FMA dot (blocked accumulator): each thread holds the whole
 * K extent of its rows, lanes and warps broadcast along K. */
static TileLayoutStatus fromFmaDotOperand(TileLinearLayout *result,
                                          const TileDotOperandEncoding *dot,
                                          const TileBlockedEncoding *blocked,
                                          int32_t rank, const int64_t *shape) {
  if ((dot->opIdx != 0 && dot->opIdx != 1) || rank < 2 ||
      !isPermutation(blocked->order, rank) ||
      !allPowersOfTwo(blocked->sizePerThread, rank) ||
      !allPowersOfTwo(blocked->threadsPerWarp, rank) ||
      !allPowersOfTwo(blocked->warpsPerCTA, rank))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  int32_t kDim = dot->opIdx == 0 ? rank - 1 : rank - 2;
  int32_t threadSize[TILE_LAYOUT_MAX_RANK];
  memcpy(threadSize, blocked->sizePerThread, sizeof threadSize);
  threadSize[kDim] = (int32_t)shape[kDim];
  TileLinearLayout cta, lanes, warps;
  TileLayoutStatus status = identityInOrder(&cta, TILE_LAYOUT_REGISTER, rank,
                                            threadSize, blocked->order);
  if (status == TILE_LAYOUT_OK)
    status = broadcastAlongK(&lanes, TILE_LAYOUT_LANE, rank,
                             blocked->threadsPerWarp, blocked->order, kDim);
  if (status == TILE_LAYOUT_OK)
    status = broadcastAlongK(&warps, TILE_LAYOUT_WARP, rank,
                             blocked->warpsPerCTA, blocked->order, kDim);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &lanes);
  if (status == TILE_LAYOUT_OK)
    status = multiplyInPlace(&cta, &warps);
  if (status != TILE_LAYOUT_OK)
    return status;
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_REGISTER);
}

static TileLayoutStatus fromDotOperand(TileLinearLayout *result,
                                       const TileDotOperandEncoding *dot,
                                       int32_t rank, const int64_t *shape) {
  if (!dot->parent)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (dot->parent->kind == TILE_LAYOUT_ENCODING_MMA)
    return fromMmaDotOperand(result, dot, &dot->parent->u.mma, rank, shape);
  if (dot->parent->kind == TILE_LAYOUT_ENCODING_BLOCKED)
    return fromFmaDotOperand(result, dot, &dot->parent->u.blocked, rank,
                             shape);
  return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
}

/* Drops the register bases a slice made zero: a reduced dim no longer needs
 * a register per element along it. */
static void removeZeroRegisterBases(TileLinearLayout *layout) {
  int32_t reg = tileLayoutFindInDim(layout, TILE_LAYOUT_REGISTER);
  if (reg < 0)
    return;
  int32_t kept = 0;
  for (int32_t b = 0; b < layout->inLog2Sizes[reg]; ++b) {
    bool zero = true;
    for (int32_t o = 0; o < layout->numOutDims; ++o)
      zero = zero && layout->bases[reg][b][o] == 0;
    if (!zero)
      memmove(layout->bases[reg][kept++], layout->bases[reg][b],
              sizeof layout->bases[reg][b]);
  }
  for (int32_t b = kept; b < layout->inLog2Sizes[reg]; ++b)
    memset(layout->bases[reg][b], 0, sizeof layout->bases[reg][b]);
  layout->inLog2Sizes[reg] = kept;
}

static TileLayoutStatus fromSlice(TileLinearLayout *result,
                                  const TileSliceEncoding *slice, int32_t rank,
                                  const int64_t *shape) {
  int32_t parentRank = rank + 1;
  if (!slice->parent || parentRank > TILE_LAYOUT_MAX_RANK || slice->dim < 0 ||
      slice->dim >= parentRank)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  int64_t parentShape[TILE_LAYOUT_MAX_RANK] = {1, 1, 1, 1};
  for (int32_t d = 0, s = 0; d < parentRank; ++d)
    parentShape[d] = d == slice->dim ? 1 : shape[s++];
  TileLinearLayout parent, transform, sliced;
  TileLayoutStatus status =
      tileLayoutFromEncoding(&parent, slice->parent, parentRank, parentShape);
  /* transform: parent coordinates -> slice coordinates, dropping dim. */
  tileLayoutInitEmpty(&transform);
  for (int32_t d = 0; d < parentRank && status == TILE_LAYOUT_OK; ++d) {
    int32_t size = tileLayoutGetOutDimSize(&parent, tileLayoutTensorDim(d));
    if (d == slice->dim)
      status = multiplyBy1D(&transform, size, tileLayoutTensorDim(d),
                            TILE_LAYOUT_DIM0, false);
    else
      status = multiplyBy1D(&transform, size, tileLayoutTensorDim(d),
                            tileLayoutTensorDim(d - (d > slice->dim)), true);
  }
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutCompose(&sliced, &parent, &transform);
  if (status != TILE_LAYOUT_OK)
    return status;
  removeZeroRegisterBases(&sliced);
  *result = sliced;
  return TILE_LAYOUT_OK;
}

/* ---- Shared layouts ---------------------------------------------------- */

/* A rows x cols tile whose rows XOR-swizzle the column by
 * vec * ((row / perPhase) % maxPhase), taken modulo the tile's columns:
 * the offset -> coordinate map of Triton's swizzled shared layouts. */
static TileLayoutStatus swizzledTile(TileLinearLayout *tile, int32_t rowDim,
                                     int32_t colDim, int32_t rows,
                                     int32_t cols, int32_t vec,
                                     int32_t perPhase, int32_t maxPhase) {
  TileLayoutDimName names[2] = {tileLayoutTensorDim(rowDim),
                                tileLayoutTensorDim(colDim)};
  int32_t sizes[2] = {rows, cols};
  TileLayoutStatus status = tileLayoutInit(tile, 2, names, sizes);
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutAddInDim(tile, TILE_LAYOUT_OFFSET);
  for (int32_t col = 1; col < cols && status == TILE_LAYOUT_OK; col *= 2) {
    int32_t basis[2] = {0, col};
    status = tileLayoutAppendBasis(tile, TILE_LAYOUT_OFFSET, basis);
  }
  for (int32_t row = 1; row < rows && status == TILE_LAYOUT_OK; row *= 2) {
    int32_t basis[2] = {row, (vec * ((row / perPhase) % maxPhase)) % cols};
    status = tileLayoutAppendBasis(tile, TILE_LAYOUT_OFFSET, basis);
  }
  return status;
}

TileLayoutStatus
tileLayoutFromSwizzledShared(TileLinearLayout *result,
                             const TileSwizzledSharedEncoding *shared,
                             int32_t rank, const int64_t *shape) {
  tileLayoutInitEmpty(result);
  TileLayoutStatus status = checkShape(rank, shape);
  if (status != TILE_LAYOUT_OK)
    return status;
  if (!isPermutation(shared->order, rank) || !isPowerOfTwo(shared->vec) ||
      !isPowerOfTwo(shared->perPhase) || !isPowerOfTwo(shared->maxPhase))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout cta;
  if (rank == 1) {
    status = tileLayoutIdentity1D(&cta, (int32_t)shape[0], TILE_LAYOUT_OFFSET,
                                  TILE_LAYOUT_DIM0);
  } else {
    int32_t colDim = shared->order[0], rowDim = shared->order[1];
    status = swizzledTile(&cta, rowDim, colDim, (int32_t)shape[rowDim],
                          (int32_t)shape[colDim], shared->vec,
                          shared->perPhase, shared->maxPhase);
    for (int32_t i = 2; i < rank && status == TILE_LAYOUT_OK; ++i)
      status = multiplyBy1D(&cta, (int32_t)shape[shared->order[i]],
                            TILE_LAYOUT_OFFSET,
                            tileLayoutTensorDim(shared->order[i]), true);
  }
  if (status != TILE_LAYOUT_OK)
    return status;
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_OFFSET);
}

TileLayoutStatus tileLayoutFromNvmmaShared(
    TileLinearLayout *result, const TileNvmmaSharedEncoding *shared,
    int32_t rank, const int64_t *shape) {
  tileLayoutInitEmpty(result);
  TileLayoutStatus status = checkShape(rank, shape);
  if (status != TILE_LAYOUT_OK)
    return status;
  if (rank != 2)
    return TILE_LAYOUT_ERROR_UNSUPPORTED;
  int32_t perPhase, maxPhase;
  switch (shared->swizzleBytes) {
  case 32:
    perPhase = 4, maxPhase = 2;
    break;
  case 64:
    perPhase = 2, maxPhase = 4;
    break;
  case 128:
    perPhase = 1, maxPhase = 8;
    break;
  default:
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  }
  if (!isPowerOfTwo(shared->elementBits) || shared->elementBits > 64)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  /* Each swizzle unit is 16 bytes; a tile is 8 rows of swizzleBytes. */
  int32_t vec = 128 / shared->elementBits;
  int32_t tileRows = 8;
  int32_t tileCols = 8 * shared->swizzleBytes / shared->elementBits;
  int32_t colDim = shared->transposed ? 0 : 1;
  int32_t rowDim = 1 - colDim;
  if (shape[colDim] < tileCols || shape[rowDim] < tileRows)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout cta;
  status = swizzledTile(&cta, rowDim, colDim, tileRows, tileCols, vec,
                        perPhase, maxPhase);
  if (status != TILE_LAYOUT_OK)
    return status;
  /* Output order [row, col]: tiles stack down the rows first, then across
   * the columns, as wgmma's leading/stride byte offsets expect. */
  return fitToShape(result, &cta, rank, shape, TILE_LAYOUT_OFFSET);
}

TileLayoutStatus tileLayoutFromEncoding(TileLinearLayout *result,
                                        const TileLayoutEncoding *encoding,
                                        int32_t rank, const int64_t *shape) {
  tileLayoutInitEmpty(result);
  if (!encoding)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLayoutStatus status = checkShape(rank, shape);
  if (status != TILE_LAYOUT_OK)
    return status;
  switch (encoding->kind) {
  case TILE_LAYOUT_ENCODING_BLOCKED:
    return tileLayoutFromBlocked(result, &encoding->u.blocked, rank, shape);
  case TILE_LAYOUT_ENCODING_SLICE:
    return fromSlice(result, &encoding->u.slice, rank, shape);
  case TILE_LAYOUT_ENCODING_MMA:
    return tileLayoutFromMma(result, &encoding->u.mma, rank, shape);
  case TILE_LAYOUT_ENCODING_DOT_OPERAND:
    return fromDotOperand(result, &encoding->u.dotOperand, rank, shape);
  case TILE_LAYOUT_ENCODING_SWIZZLED_SHARED:
    return tileLayoutFromSwizzledShared(result, &encoding->u.swizzledShared,
                                        rank, shape);
  case TILE_LAYOUT_ENCODING_NVMMA_SHARED:
    return tileLayoutFromNvmmaShared(result, &encoding->u.nvmmaShared, rank,
                                     shape);
  }
  return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
}
