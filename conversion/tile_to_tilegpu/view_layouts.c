/*===- view_layouts.c - layouts under which join/split/reshape move no data ---===*
 *
 * See view_layouts.h. Each op's result layout is computed on linear layouts
 * (register, lane, warp, block -> dim0..): join adds the new dim as the
 * first register bit, split drops it, reshape re-splits the row-major index
 * (tileLayoutReshapeOuts, the same coordinate map view_ops.c lowers). The
 * result is then written back as an attribute: the blocked layout whose
 * linear layout is the same, found by trying every order and reading
 * sizePerThread, threadsPerWarp and warpsPerCTA off the bases, or else a
 * #tilegpu.linear spelling the bases out.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/view_layouts.h"

#include "passes/layout/linear_layout.h"
#include "tile-c/TileGPU.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The hardware inputs of a distributed layout, in the order the
 * #tilegpu.linear attribute lists them (TileGPULinearInDim). */
static const TileLayoutDimName hardwareDims[4] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                                  TILE_LAYOUT_WARP, TILE_LAYOUT_BLOCK};

static int32_t numBases(const TileLinearLayout *layout, TileLayoutDimName input) {
  int32_t in = tileLayoutFindInDim(layout, input);
  return in < 0 ? 0 : layout->inLog2Sizes[in];
}

/* Basis `bit` of `input` as tensor coordinates (dims 0..rank-1). */
static void basisOf(const TileLinearLayout *layout, TileLayoutDimName input, int32_t bit,
                    int32_t rank, int32_t *coordinates) {
  int32_t in = tileLayoutFindInDim(layout, input);
  for (int32_t d = 0; d < rank; ++d) {
    int32_t out = tileLayoutFindOutDim(layout, tileLayoutTensorDim(d));
    coordinates[d] = (in >= 0 && out >= 0 && bit < layout->inLog2Sizes[in])
                         ? layout->bases[in][bit][out]
                         : 0;
  }
}

static bool sameCoordinates(const int32_t *a, const int32_t *b, int32_t rank) {
  return memcmp(a, b, sizeof(int32_t) * (size_t)rank) == 0;
}

/* A layout with outputs dim0..dim{rank-1} of `shape` and the hardware
 * inputs, all of size 1, in their usual order. */
static bool initTensorLayout(TileLinearLayout *layout, int32_t rank, const int64_t *shape) {
  TileLayoutDimName names[TILE_LAYOUT_MAX_RANK];
  int32_t sizes[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d) {
    if (shape[d] < 1 || shape[d] > ((int64_t)1 << 30))
      return false;
    names[d] = tileLayoutTensorDim(d);
    sizes[d] = (int32_t)shape[d];
  }
  if (tileLayoutInit(layout, rank, names, sizes) != TILE_LAYOUT_OK)
    return false;
  for (int32_t h = 0; h < 4; ++h)
    if (tileLayoutAddInDim(layout, hardwareDims[h]) != TILE_LAYOUT_OK)
      return false;
  return true;
}

static bool linearLayoutOfBlocked(MlirAttribute attr, intptr_t rank, const int64_t *shape,
                                  TileLinearLayout *layout) {
  if (mlirAttributeIsNull(attr) || !tilegpuAttributeIsABlockedLayout(attr) || rank < 1 ||
      rank > TILE_LAYOUT_MAX_RANK || tilegpuBlockedLayoutAttrGetRank(attr) != rank)
    return false;
  TileBlockedEncoding blocked;
  memset(&blocked, 0, sizeof(blocked));
  for (intptr_t d = 0; d < rank; ++d) {
    blocked.sizePerThread[d] = (int32_t)tilegpuBlockedLayoutAttrGetSizePerThread(attr, d);
    blocked.threadsPerWarp[d] = (int32_t)tilegpuBlockedLayoutAttrGetThreadsPerWarp(attr, d);
    blocked.warpsPerCTA[d] = (int32_t)tilegpuBlockedLayoutAttrGetWarpsPerCTA(attr, d);
    blocked.order[d] = (int32_t)tilegpuBlockedLayoutAttrGetOrder(attr, d);
  }
  return tileLayoutFromBlocked(layout, &blocked, (int32_t)rank, shape) == TILE_LAYOUT_OK;
}

/*===----------------------------------------------------------------------===*
 * Writing a linear layout back as an attribute
 *===----------------------------------------------------------------------===*/

/* The one dim a basis moves along by a power of two, -1 for a zero basis
 * (a broadcast copy), -2 for anything else (no blocked layout has it). */
static int32_t axisOfBasis(const int32_t *basis, int32_t rank) {
  int32_t axis = -1;
  for (int32_t d = 0; d < rank; ++d) {
    if (basis[d] == 0)
      continue;
    if (axis != -1 || (basis[d] & (basis[d] - 1)) != 0)
      return -2;
    axis = d;
  }
  return axis;
}

static bool hasRegisterBasis(const TileLinearLayout *layout, int32_t rank, int32_t dim,
                             int32_t value) {
  for (int32_t bit = 0; bit < numBases(layout, TILE_LAYOUT_REGISTER); ++bit) {
    int32_t basis[TILE_LAYOUT_MAX_RANK];
    basisOf(layout, TILE_LAYOUT_REGISTER, bit, rank, basis);
    if (axisOfBasis(basis, rank) == dim && basis[dim] == value)
      return true;
  }
  return false;
}

/* The blocked encoding with `order` that `layout` would be if its zero
 * (broadcast) lane and warp bases belong to `zeroLaneDim`/`zeroWarpDim`:
 * lanes and warps count their bases per dim, and sizePerThread along a dim
 * is the run of register bases 1, 2, 4, ... below its first lane or warp.
 * False if some lane or warp basis is not a power of two along one dim. */
static bool inferBlocked(const TileLinearLayout *layout, int32_t rank, const int32_t *order,
                         int32_t zeroLaneDim, int32_t zeroWarpDim,
                         TileBlockedEncoding *blocked) {
  static const TileLayoutDimName threadDims[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  int32_t log2Count[2][TILE_LAYOUT_MAX_RANK] = {{0}};
  int32_t firstThreadValue[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d)
    firstThreadValue[d] = INT32_MAX;
  for (int32_t t = 0; t < 2; ++t) {
    for (int32_t bit = 0; bit < numBases(layout, threadDims[t]); ++bit) {
      int32_t basis[TILE_LAYOUT_MAX_RANK];
      basisOf(layout, threadDims[t], bit, rank, basis);
      int32_t axis = axisOfBasis(basis, rank);
      if (axis == -2)
        return false;
      if (axis == -1) {
        ++log2Count[t][t == 0 ? zeroLaneDim : zeroWarpDim];
        continue;
      }
      ++log2Count[t][axis];
      if (basis[axis] < firstThreadValue[axis])
        firstThreadValue[axis] = basis[axis];
    }
  }
  memset(blocked, 0, sizeof(*blocked));
  for (int32_t d = 0; d < rank; ++d) {
    blocked->threadsPerWarp[d] = 1 << log2Count[0][d];
    blocked->warpsPerCTA[d] = 1 << log2Count[1][d];
    int32_t size = 1;
    while (size < firstThreadValue[d] && hasRegisterBasis(layout, rank, d, size))
      size *= 2;
    blocked->sizePerThread[d] = size;
    blocked->order[d] = order[d];
  }
  return true;
}

/* True if `a` and `b` have the same bases of `input`, in the same order. */
static bool sameBases(const TileLinearLayout *a, const TileLinearLayout *b,
                      TileLayoutDimName input, int32_t rank) {
  if (numBases(a, input) != numBases(b, input))
    return false;
  for (int32_t bit = 0; bit < numBases(a, input); ++bit) {
    int32_t basisA[TILE_LAYOUT_MAX_RANK], basisB[TILE_LAYOUT_MAX_RANK];
    basisOf(a, input, bit, rank, basisA);
    basisOf(b, input, bit, rank, basisB);
    if (!sameCoordinates(basisA, basisB, rank))
      return false;
  }
  return true;
}

/* True if `b` has every register basis of `a` (and as many): the threads
 * hold the same elements, in registers numbered perhaps differently. */
static bool sameRegisterSet(const TileLinearLayout *a, const TileLinearLayout *b,
                            int32_t rank) {
  int32_t count = numBases(a, TILE_LAYOUT_REGISTER);
  if (count != numBases(b, TILE_LAYOUT_REGISTER))
    return false;
  for (int32_t i = 0; i < count; ++i) {
    int32_t basisA[TILE_LAYOUT_MAX_RANK];
    basisOf(a, TILE_LAYOUT_REGISTER, i, rank, basisA);
    bool found = false;
    for (int32_t j = 0; j < count && !found; ++j) {
      int32_t basisB[TILE_LAYOUT_MAX_RANK];
      basisOf(b, TILE_LAYOUT_REGISTER, j, rank, basisB);
      found = sameCoordinates(basisA, basisB, rank);
    }
    if (!found)
      return false;
  }
  return true;
}

static bool sameThreads(const TileLinearLayout *a, const TileLinearLayout *b, int32_t rank) {
  return sameBases(a, b, TILE_LAYOUT_LANE, rank) && sameBases(a, b, TILE_LAYOUT_WARP, rank) &&
         sameBases(a, b, TILE_LAYOUT_BLOCK, rank);
}

/* Decodes `code` into order[0..rank), digit k of `code` counting down from
 * rank-1-k, so code 0 is [rank-1, ..., 0], the default order, and the codes
 * below rank^rank reach every permutation; false unless a permutation. */
static bool orderFromCode(int32_t code, int32_t rank, int32_t *order) {
  bool used[TILE_LAYOUT_MAX_RANK] = {false};
  for (int32_t k = 0; k < rank; ++k, code /= rank) {
    order[k] = (rank - 1 - k - code % rank + rank) % rank;
    if (used[order[k]])
      return false;
    used[order[k]] = true;
  }
  return true;
}

static bool hasZeroBasis(const TileLinearLayout *layout, TileLayoutDimName input,
                         int32_t rank) {
  for (int32_t bit = 0; bit < numBases(layout, input); ++bit) {
    int32_t basis[TILE_LAYOUT_MAX_RANK];
    basisOf(layout, input, bit, rank, basis);
    if (axisOfBasis(basis, rank) == -1)
      return true;
  }
  return false;
}

/* A blocked encoding whose layout on `shape` is `layout` up to the order of
 * registers; the first with registers in the same order if there is one. */
static bool findBlocked(const TileLinearLayout *layout, int32_t rank, const int64_t *shape,
                        TileBlockedEncoding *found) {
  int32_t codes = 1;
  for (int32_t k = 0; k < rank; ++k)
    codes *= rank;
  int32_t laneChoices = hasZeroBasis(layout, TILE_LAYOUT_LANE, rank) ? rank : 1;
  int32_t warpChoices = hasZeroBasis(layout, TILE_LAYOUT_WARP, rank) ? rank : 1;
  bool haveCandidate = false;
  for (int32_t code = 0; code < codes; ++code) {
    int32_t order[TILE_LAYOUT_MAX_RANK];
    if (!orderFromCode(code, rank, order))
      continue;
    for (int32_t zeroLaneDim = 0; zeroLaneDim < laneChoices; ++zeroLaneDim)
      for (int32_t zeroWarpDim = 0; zeroWarpDim < warpChoices; ++zeroWarpDim) {
        TileBlockedEncoding candidate;
        TileLinearLayout built;
        if (!inferBlocked(layout, rank, order, zeroLaneDim, zeroWarpDim, &candidate) ||
            tileLayoutFromBlocked(&built, &candidate, rank, shape) != TILE_LAYOUT_OK ||
            !sameThreads(&built, layout, rank) || !sameRegisterSet(&built, layout, rank))
          continue;
        if (sameBases(&built, layout, TILE_LAYOUT_REGISTER, rank)) {
          *found = candidate;
          return true;
        }
        if (!haveCandidate)
          *found = candidate;
        haveCandidate = true;
      }
  }
  return haveCandidate;
}

static MlirAttribute blockedAttribute(MlirContext context, const TileBlockedEncoding *blocked,
                                      int32_t rank) {
  unsigned sizePerThread[TILE_LAYOUT_MAX_RANK], lanes[TILE_LAYOUT_MAX_RANK],
      warps[TILE_LAYOUT_MAX_RANK], order[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d) {
    sizePerThread[d] = (unsigned)blocked->sizePerThread[d];
    lanes[d] = (unsigned)blocked->threadsPerWarp[d];
    warps[d] = (unsigned)blocked->warpsPerCTA[d];
    order[d] = (unsigned)blocked->order[d];
  }
  return tilegpuBlockedLayoutAttrGet(context, rank, sizePerThread, lanes, warps, order);
}

static MlirAttribute linearAttribute(MlirContext context, const TileLinearLayout *layout,
                                     int32_t rank) {
  int32_t storage[4][TILE_LAYOUT_MAX_BASES * TILE_LAYOUT_MAX_RANK];
  intptr_t counts[4];
  const int32_t *bases[4];
  for (int32_t h = 0; h < 4; ++h) {
    counts[h] = numBases(layout, hardwareDims[h]);
    for (int32_t bit = 0; bit < counts[h]; ++bit)
      basisOf(layout, hardwareDims[h], bit, rank, &storage[h][bit * rank]);
    bases[h] = storage[h];
  }
  return tilegpuLinearLayoutAttrGet(context, rank, counts, bases);
}

/* `preferred` when it is a blocked layout holding the same elements in the
 * same threads, else the blocked layout found for `layout`, else a linear
 * one. */
static MlirAttribute layoutAttribute(MlirContext context, const TileLinearLayout *layout,
                                     int32_t rank, const int64_t *shape,
                                     MlirAttribute preferred) {
  TileLinearLayout preferredLayout;
  if (linearLayoutOfBlocked(preferred, rank, shape, &preferredLayout) &&
      sameThreads(&preferredLayout, layout, rank) &&
      sameRegisterSet(&preferredLayout, layout, rank))
    return preferred;
  TileBlockedEncoding blocked;
  if (findBlocked(layout, rank, shape, &blocked))
    return blockedAttribute(context, &blocked, rank);
  return linearAttribute(context, layout, rank);
}

/*===----------------------------------------------------------------------===*
 * The three ops
 *===----------------------------------------------------------------------===*/

MlirAttribute tileJoinedLayout(MlirContext context, MlirAttribute operandLayout,
                               intptr_t rank, const int64_t *shape,
                               MlirAttribute preferred) {
  TileLinearLayout operand, joined;
  if (rank + 1 > TILE_LAYOUT_MAX_RANK ||
      !linearLayoutOfBlocked(operandLayout, rank, shape, &operand))
    return (MlirAttribute){NULL};
  int64_t joinedShape[TILE_LAYOUT_MAX_RANK];
  memcpy(joinedShape, shape, sizeof(int64_t) * (size_t)rank);
  joinedShape[rank] = 2;
  int32_t joinedRank = (int32_t)rank + 1;
  if (!initTensorLayout(&joined, joinedRank, joinedShape))
    return (MlirAttribute){NULL};
  /* The new dim is register bit 0, so each thread holds both halves of a
   * pair next to each other. */
  int32_t values[TILE_LAYOUT_MAX_RANK] = {0};
  values[rank] = 1;
  if (tileLayoutAppendBasis(&joined, TILE_LAYOUT_REGISTER, values) != TILE_LAYOUT_OK)
    return (MlirAttribute){NULL};
  values[rank] = 0;
  for (int32_t h = 0; h < 4; ++h)
    for (int32_t bit = 0; bit < numBases(&operand, hardwareDims[h]); ++bit) {
      basisOf(&operand, hardwareDims[h], bit, (int32_t)rank, values);
      if (tileLayoutAppendBasis(&joined, hardwareDims[h], values) != TILE_LAYOUT_OK)
        return (MlirAttribute){NULL};
    }
  return layoutAttribute(context, &joined, joinedRank, joinedShape, preferred);
}

MlirAttribute tileSplitLayout(MlirContext context, MlirAttribute operandLayout,
                              intptr_t rank, const int64_t *shape,
                              MlirAttribute preferred) {
  TileLinearLayout operand, halves;
  if (rank < 2 || shape[rank - 1] != 2 ||
      !linearLayoutOfBlocked(operandLayout, rank, shape, &operand))
    return (MlirAttribute){NULL};
  int32_t halfRank = (int32_t)rank - 1;
  if (!initTensorLayout(&halves, halfRank, shape))
    return (MlirAttribute){NULL};
  /* Exactly one register basis picks the half, and nothing else moves
   * along the minor dim; every other basis carries over without it. */
  bool foundMinor = false;
  for (int32_t h = 0; h < 4; ++h)
    for (int32_t bit = 0; bit < numBases(&operand, hardwareDims[h]); ++bit) {
      int32_t values[TILE_LAYOUT_MAX_RANK];
      basisOf(&operand, hardwareDims[h], bit, (int32_t)rank, values);
      if (values[halfRank] != 0) {
        if (hardwareDims[h] != TILE_LAYOUT_REGISTER || foundMinor ||
            axisOfBasis(values, (int32_t)rank) != halfRank)
          return (MlirAttribute){NULL};
        foundMinor = true;
        continue;
      }
      if (tileLayoutAppendBasis(&halves, hardwareDims[h], values) != TILE_LAYOUT_OK)
        return (MlirAttribute){NULL};
    }
  if (!foundMinor)
    return (MlirAttribute){NULL};
  return layoutAttribute(context, &halves, halfRank, shape, preferred);
}

MlirAttribute tileReshapedLayout(MlirContext context, MlirAttribute sourceLayout,
                                 intptr_t sourceRank, const int64_t *sourceShape,
                                 intptr_t resultRank, const int64_t *resultShape,
                                 MlirAttribute preferred) {
  TileLinearLayout source, reshaped;
  if (resultRank < 1 || resultRank > TILE_LAYOUT_MAX_RANK ||
      !linearLayoutOfBlocked(sourceLayout, sourceRank, sourceShape, &source))
    return (MlirAttribute){NULL};
  TileLayoutDimName names[TILE_LAYOUT_MAX_RANK];
  int32_t sizes[TILE_LAYOUT_MAX_RANK];
  for (intptr_t d = 0; d < resultRank; ++d) {
    if (resultShape[d] < 1 || resultShape[d] > ((int64_t)1 << 30))
      return (MlirAttribute){NULL};
    names[d] = tileLayoutTensorDim((int32_t)d);
    sizes[d] = (int32_t)resultShape[d];
  }
  if (tileLayoutReshapeOuts(&reshaped, &source, (int32_t)resultRank, names, sizes) !=
      TILE_LAYOUT_OK)
    return (MlirAttribute){NULL};
  return layoutAttribute(context, &reshaped, (int32_t)resultRank, resultShape,
                         preferred);
}
