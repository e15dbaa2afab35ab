/* The linear-layout core: construction, algebra over GF(2) and the queries
 * the lowering asks (see linear_layout.h for the model).
 *
 * Linear algebra packs a layout into at most 64 columns, one per input bit
 * (input dims in order, low bit first), each a 64-bit vector over the output
 * bits (output dims in order, each taking log2(size) bits, low bits first).
 * Coordinates are powers of two in size, so packing a coordinate tuple into
 * bits is exact and XOR of tuples is XOR of packed vectors. Every function
 * here writes its result only through a local copy that it checks first, so a
 * failing call leaves a zeroed result and never a half-built one.
 */
#include "linear_layout.h"

#include <stdlib.h>
#include <string.h>

/* ---- Small helpers ----------------------------------------------------- */

static bool isPowerOfTwo(int64_t value) {
  return value > 0 && (value & (value - 1)) == 0;
}

static int32_t log2Exact(int64_t value) {
  int32_t log = 0;
  while (((int64_t)1 << log) < value)
    ++log;
  return log;
}

static bool isValidName(TileLayoutDimName name) {
  return (int)name >= 0 && name < TILE_LAYOUT_NUM_DIM_NAMES;
}

static int32_t findName(const TileLayoutDimName *names, int32_t count,
                        TileLayoutDimName name) {
  for (int32_t i = 0; i < count; ++i)
    if (names[i] == name)
      return i;
  return -1;
}

static int32_t totalInBits(const TileLinearLayout *layout) {
  int32_t bits = 0;
  for (int32_t i = 0; i < layout->numInDims; ++i)
    bits += layout->inLog2Sizes[i];
  return bits;
}

static int32_t totalOutBits(const TileLinearLayout *layout) {
  int32_t bits = 0;
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    bits += layout->outLog2Sizes[o];
  return bits;
}

static int32_t outBitOffset(const TileLinearLayout *layout, int32_t outDim) {
  int32_t offset = 0;
  for (int32_t o = 0; o < outDim; ++o)
    offset += layout->outLog2Sizes[o];
  return offset;
}

static uint64_t lowMask(int32_t bits) {
  return bits >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
}

/* Packs one value per output dim (in `layout`'s output order) into bits. */
static uint64_t packOutValues(const TileLinearLayout *layout,
                              const int32_t *values) {
  uint64_t packed = 0;
  int32_t shift = 0;
  for (int32_t o = 0; o < layout->numOutDims; ++o) {
    packed |= (uint64_t)(uint32_t)values[o] << shift;
    shift += layout->outLog2Sizes[o];
  }
  return packed;
}

/* Collects the packed output vector of every input bit, in column order. */
static int32_t packColumns(const TileLinearLayout *layout, uint64_t *columns) {
  int32_t count = 0;
  for (int32_t i = 0; i < layout->numInDims; ++i)
    for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b)
      columns[count++] = packOutValues(layout, layout->bases[i][b]);
  return count;
}

/* Turns a set of columns (bit c = column c) back into per-input-dim values. */
static void unpackColumnSet(const TileLinearLayout *layout, uint64_t columnSet,
                            int32_t *inValues) {
  int32_t column = 0;
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    inValues[i] = 0;
    for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b, ++column)
      if ((columnSet >> column) & 1)
        inValues[i] |= 1 << b;
  }
}

/* ---- GF(2) elimination ------------------------------------------------- */

/* An echelon basis keyed by each vector's highest set bit. `combination`
 * remembers which original columns XOR to that vector, so solving a system
 * yields a preimage. Columns found dependent on earlier ones never enter a
 * combination: solutions set those free variables to zero. */
typedef struct Gf2Basis {
  uint64_t vector[64];
  uint64_t combination[64];
  uint64_t present;
} Gf2Basis;

static int32_t highestBit(uint64_t value) { return 63 - __builtin_clzll(value); }

static void reduceByBasis(const Gf2Basis *basis, uint64_t *vector,
                          uint64_t *combination) {
  while (*vector) {
    int32_t bit = highestBit(*vector);
    if (!((basis->present >> bit) & 1))
      return;
    *vector ^= basis->vector[bit];
    *combination ^= basis->combination[bit];
  }
}

/* Returns false when `vector` depends on the vectors already inserted. */
static bool gf2Insert(Gf2Basis *basis, uint64_t vector, uint64_t combination) {
  reduceByBasis(basis, &vector, &combination);
  if (!vector)
    return false;
  int32_t pivot = highestBit(vector);
  basis->vector[pivot] = vector;
  basis->combination[pivot] = combination;
  basis->present |= (uint64_t)1 << pivot;
  return true;
}

static bool gf2Solve(const Gf2Basis *basis, uint64_t target,
                     uint64_t *combination) {
  *combination = 0;
  reduceByBasis(basis, &target, combination);
  return target == 0;
}

static void buildBasisOfColumns(Gf2Basis *basis, const uint64_t *columns,
                                int32_t count, uint64_t *freeColumns) {
  memset(basis, 0, sizeof *basis);
  *freeColumns = 0;
  for (int32_t c = 0; c < count; ++c)
    if (!gf2Insert(basis, columns[c], (uint64_t)1 << c))
      *freeColumns |= (uint64_t)1 << c;
}

static int32_t rankOf(const TileLinearLayout *layout) {
  uint64_t columns[64] = {0};
  int32_t count = packColumns(layout, columns);
  Gf2Basis basis;
  uint64_t freeColumns;
  buildBasisOfColumns(&basis, columns, count, &freeColumns);
  return count - __builtin_popcountll(freeColumns);
}

/* ---- Names and printing helpers ---------------------------------------- */

const char *tileLayoutDimNameString(TileLayoutDimName name) {
  static const char *const names[TILE_LAYOUT_NUM_DIM_NAMES] = {
      "register", "lane", "warp", "block", "offset",
      "dim0",     "dim1", "dim2", "dim3"};
  return isValidName(name) ? names[name] : "<invalid>";
}

const char *tileLayoutStatusString(TileLayoutStatus status) {
  switch (status) {
  case TILE_LAYOUT_OK:
    return "ok";
  case TILE_LAYOUT_ERROR_INVALID_ARGUMENT:
    return "invalid argument (size not a power of two, unknown or repeated "
           "dim name, bad order or permutation)";
  case TILE_LAYOUT_ERROR_TOO_LARGE:
    return "layout exceeds the fixed limits (dims, bases per dim, total bits)";
  case TILE_LAYOUT_ERROR_DIM_MISMATCH:
    return "the dims of the two layouts do not line up";
  case TILE_LAYOUT_ERROR_NOT_INVERTIBLE:
    return "the layout has no inverse for this request";
  case TILE_LAYOUT_ERROR_UNSUPPORTED:
    return "this layout kind is not implemented";
  }
  return "unknown status";
}

TileLayoutDimName tileLayoutTensorDim(int32_t index) {
  return (TileLayoutDimName)(TILE_LAYOUT_DIM0 + index);
}

/* ---- Construction ------------------------------------------------------ */

void tileLayoutInitEmpty(TileLinearLayout *layout) {
  memset(layout, 0, sizeof *layout);
}

TileLayoutStatus tileLayoutInit(TileLinearLayout *layout, int32_t numOutDims,
                                const TileLayoutDimName *outNames,
                                const int32_t *outSizes) {
  tileLayoutInitEmpty(layout);
  if (numOutDims < 0 || numOutDims > TILE_LAYOUT_MAX_DIMS ||
      (numOutDims > 0 && (!outNames || !outSizes)))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  int32_t bits = 0;
  for (int32_t o = 0; o < numOutDims; ++o) {
    if (!isValidName(outNames[o]) || !isPowerOfTwo(outSizes[o]) ||
        findName(outNames, o, outNames[o]) >= 0)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    bits += log2Exact(outSizes[o]);
  }
  if (bits > TILE_LAYOUT_MAX_TOTAL_BITS)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  layout->numOutDims = numOutDims;
  for (int32_t o = 0; o < numOutDims; ++o) {
    layout->outNames[o] = outNames[o];
    layout->outLog2Sizes[o] = log2Exact(outSizes[o]);
  }
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutAddInDim(TileLinearLayout *layout,
                                    TileLayoutDimName name) {
  if (!isValidName(name))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (findName(layout->inNames, layout->numInDims, name) >= 0)
    return TILE_LAYOUT_OK;
  if (layout->numInDims == TILE_LAYOUT_MAX_DIMS)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  layout->inNames[layout->numInDims] = name;
  layout->inLog2Sizes[layout->numInDims] = 0;
  layout->numInDims++;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutAppendBasis(TileLinearLayout *layout,
                                       TileLayoutDimName inName,
                                       const int32_t *values) {
  if (layout->numOutDims > 0 && !values)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    if (values[o] < 0 || (int64_t)values[o] >= ((int64_t)1 << layout->outLog2Sizes[o]))
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLayoutStatus status = tileLayoutAddInDim(layout, inName);
  if (status != TILE_LAYOUT_OK)
    return status;
  int32_t in = findName(layout->inNames, layout->numInDims, inName);
  if (layout->inLog2Sizes[in] == TILE_LAYOUT_MAX_BASES ||
      totalInBits(layout) == TILE_LAYOUT_MAX_TOTAL_BITS)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  int32_t bit = layout->inLog2Sizes[in]++;
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    layout->bases[in][bit][o] = values[o];
  return TILE_LAYOUT_OK;
}

/* Shared by identity and zeros: `size` input values, each bit mapping to
 * `1 << bit` along the output (identity) or to zero (zeros). */
static TileLayoutStatus makeLayout1D(TileLinearLayout *layout, int32_t size,
                                     TileLayoutDimName inName,
                                     TileLayoutDimName outName,
                                     bool identity) {
  tileLayoutInitEmpty(layout);
  if (!isPowerOfTwo(size) || !isValidName(inName))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  if (log2Exact(size) > TILE_LAYOUT_MAX_BASES)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  int32_t outSize = identity ? size : 1;
  TileLayoutStatus status = tileLayoutInit(layout, 1, &outName, &outSize);
  if (status == TILE_LAYOUT_OK)
    status = tileLayoutAddInDim(layout, inName);
  for (int32_t bit = 0; status == TILE_LAYOUT_OK && (1 << bit) < size; ++bit) {
    int32_t value = identity ? 1 << bit : 0;
    status = tileLayoutAppendBasis(layout, inName, &value);
  }
  if (status != TILE_LAYOUT_OK)
    tileLayoutInitEmpty(layout);
  return status;
}

TileLayoutStatus tileLayoutIdentity1D(TileLinearLayout *layout, int32_t size,
                                      TileLayoutDimName inName,
                                      TileLayoutDimName outName) {
  return makeLayout1D(layout, size, inName, outName, true);
}

TileLayoutStatus tileLayoutZeros1D(TileLinearLayout *layout, int32_t size,
                                   TileLayoutDimName inName,
                                   TileLayoutDimName outName) {
  return makeLayout1D(layout, size, inName, outName, false);
}

/* ---- Algebra ----------------------------------------------------------- */

/* Merges two name orders into one that keeps the relative order of both
 * (Triton's `supremum`); fails when they order two names differently. */
static bool mergeNameOrders(const TileLayoutDimName *x, int32_t countX,
                            const TileLayoutDimName *y, int32_t countY,
                            TileLayoutDimName *merged, int32_t *countMerged) {
  int32_t i = 0, j = 0, count = 0;
  for (;;) {
    while (i < countX && findName(merged, count, x[i]) >= 0)
      ++i;
    while (j < countY && findName(merged, count, y[j]) >= 0)
      ++j;
    if (i >= countX && j >= countY)
      break;
    TileLayoutDimName next;
    if (i < countX && j < countY && x[i] == y[j]) {
      next = x[i];
    } else if (i < countX && findName(y + j, countY - j, x[i]) < 0) {
      if (findName(y, j, x[i]) >= 0)
        return false; /* y placed x[i] before names x puts first */
      next = x[i];
    } else if (j < countY && findName(x + i, countX - i, y[j]) < 0) {
      if (findName(x, i, y[j]) >= 0)
        return false;
      next = y[j];
    } else {
      return false; /* each list wants its head after the other's head */
    }
    if (count == TILE_LAYOUT_MAX_DIMS)
      return false;
    merged[count++] = next;
  }
  *countMerged = count;
  return true;
}

static int32_t inLog2Of(const TileLinearLayout *layout, TileLayoutDimName n) {
  int32_t i = findName(layout->inNames, layout->numInDims, n);
  return i < 0 ? 0 : layout->inLog2Sizes[i];
}

static int32_t outLog2Of(const TileLinearLayout *layout, TileLayoutDimName n) {
  int32_t o = findName(layout->outNames, layout->numOutDims, n);
  return o < 0 ? 0 : layout->outLog2Sizes[o];
}

/* The value of basis `bit` of input `inName` along output `outName`, zero
 * where either dim is absent. */
static int32_t basisValue(const TileLinearLayout *layout,
                          TileLayoutDimName inName, int32_t bit,
                          TileLayoutDimName outName) {
  int32_t i = findName(layout->inNames, layout->numInDims, inName);
  int32_t o = findName(layout->outNames, layout->numOutDims, outName);
  if (i < 0 || o < 0 || bit >= layout->inLog2Sizes[i])
    return 0;
  return layout->bases[i][bit][o];
}

TileLayoutStatus tileLayoutProduct(TileLinearLayout *result,
                                   const TileLinearLayout *inner,
                                   const TileLinearLayout *outer) {
  TileLinearLayout product;
  tileLayoutInitEmpty(&product);
  tileLayoutInitEmpty(result);
  if (!mergeNameOrders(inner->inNames, inner->numInDims, outer->inNames,
                       outer->numInDims, product.inNames, &product.numInDims) ||
      !mergeNameOrders(inner->outNames, inner->numOutDims, outer->outNames,
                       outer->numOutDims, product.outNames,
                       &product.numOutDims))
    return TILE_LAYOUT_ERROR_DIM_MISMATCH;
  for (int32_t o = 0; o < product.numOutDims; ++o)
    product.outLog2Sizes[o] = outLog2Of(inner, product.outNames[o]) +
                              outLog2Of(outer, product.outNames[o]);
  if (totalOutBits(&product) > TILE_LAYOUT_MAX_TOTAL_BITS)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  for (int32_t i = 0; i < product.numInDims; ++i) {
    TileLayoutDimName name = product.inNames[i];
    int32_t innerBits = inLog2Of(inner, name);
    int32_t outerBits = inLog2Of(outer, name);
    if (innerBits + outerBits > TILE_LAYOUT_MAX_BASES)
      return TILE_LAYOUT_ERROR_TOO_LARGE;
    product.inLog2Sizes[i] = innerBits + outerBits;
    for (int32_t o = 0; o < product.numOutDims; ++o) {
      TileLayoutDimName out = product.outNames[o];
      for (int32_t b = 0; b < innerBits; ++b)
        product.bases[i][b][o] = basisValue(inner, name, b, out);
      /* Outer's copies sit past the extent inner covers along `out`. */
      for (int32_t b = 0; b < outerBits; ++b)
        product.bases[i][innerBits + b][o] = basisValue(outer, name, b, out)
                                             << outLog2Of(inner, out);
    }
  }
  if (totalInBits(&product) > TILE_LAYOUT_MAX_TOTAL_BITS)
    return TILE_LAYOUT_ERROR_TOO_LARGE;
  *result = product;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutApply(const TileLinearLayout *layout,
                                 const int32_t *inValues, int32_t *outValues) {
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    outValues[o] = 0;
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    if (inValues[i] < 0 ||
        (int64_t)inValues[i] >= ((int64_t)1 << layout->inLog2Sizes[i]))
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b)
      if ((inValues[i] >> b) & 1)
        for (int32_t o = 0; o < layout->numOutDims; ++o)
          outValues[o] ^= layout->bases[i][b][o];
  }
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutCompose(TileLinearLayout *result,
                                   const TileLinearLayout *first,
                                   const TileLinearLayout *second) {
  tileLayoutInitEmpty(result);
  /* Where each of first's outputs enters second. */
  int32_t secondInput[TILE_LAYOUT_MAX_DIMS];
  for (int32_t o = 0; o < first->numOutDims; ++o) {
    secondInput[o] =
        findName(second->inNames, second->numInDims, first->outNames[o]);
    if (secondInput[o] < 0 ||
        second->inLog2Sizes[secondInput[o]] < first->outLog2Sizes[o])
      return TILE_LAYOUT_ERROR_DIM_MISMATCH;
  }
  TileLinearLayout composed;
  tileLayoutInitEmpty(&composed);
  composed.numOutDims = second->numOutDims;
  memcpy(composed.outNames, second->outNames, sizeof composed.outNames);
  memcpy(composed.outLog2Sizes, second->outLog2Sizes,
         sizeof composed.outLog2Sizes);
  for (int32_t i = 0; i < first->numInDims; ++i) {
    tileLayoutAddInDim(&composed, first->inNames[i]);
    for (int32_t b = 0; b < first->inLog2Sizes[i]; ++b) {
      int32_t secondIn[TILE_LAYOUT_MAX_DIMS] = {0};
      int32_t value[TILE_LAYOUT_MAX_DIMS];
      for (int32_t o = 0; o < first->numOutDims; ++o)
        secondIn[secondInput[o]] = first->bases[i][b][o];
      tileLayoutApply(second, secondIn, value);
      tileLayoutAppendBasis(&composed, first->inNames[i], value);
    }
  }
  *result = composed;
  return TILE_LAYOUT_OK;
}

/* Starts a layout whose outputs are `source`'s inputs (for inverses). */
static void initOutsFromIns(TileLinearLayout *layout,
                            const TileLinearLayout *source) {
  tileLayoutInitEmpty(layout);
  layout->numOutDims = source->numInDims;
  memcpy(layout->outNames, source->inNames, sizeof layout->outNames);
  memcpy(layout->outLog2Sizes, source->inLog2Sizes,
         sizeof layout->outLog2Sizes);
}

TileLayoutStatus tileLayoutPseudoInvert(TileLinearLayout *result,
                                        const TileLinearLayout *layout) {
  tileLayoutInitEmpty(result);
  uint64_t columns[64] = {0};
  int32_t count = packColumns(layout, columns);
  Gf2Basis basis;
  uint64_t freeColumns;
  buildBasisOfColumns(&basis, columns, count, &freeColumns);
  if (count - __builtin_popcountll(freeColumns) != totalOutBits(layout))
    return TILE_LAYOUT_ERROR_NOT_INVERTIBLE; /* not surjective */
  TileLinearLayout inverse;
  initOutsFromIns(&inverse, layout);
  for (int32_t o = 0; o < layout->numOutDims; ++o) {
    tileLayoutAddInDim(&inverse, layout->outNames[o]);
    for (int32_t b = 0; b < layout->outLog2Sizes[o]; ++b) {
      uint64_t columnSet;
      gf2Solve(&basis, (uint64_t)1 << (outBitOffset(layout, o) + b),
               &columnSet);
      int32_t values[TILE_LAYOUT_MAX_DIMS];
      unpackColumnSet(layout, columnSet, values);
      tileLayoutAppendBasis(&inverse, layout->outNames[o], values);
    }
  }
  *result = inverse;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutInvert(TileLinearLayout *result,
                                  const TileLinearLayout *layout) {
  tileLayoutInitEmpty(result);
  if (totalInBits(layout) != totalOutBits(layout) ||
      !tileLayoutIsInjective(layout))
    return TILE_LAYOUT_ERROR_NOT_INVERTIBLE;
  return tileLayoutPseudoInvert(result, layout);
}

/* Whether input dim `name` has the same size and bases (by output name) in
 * both layouts; such dims map to themselves in a conversion. */
static bool inDimAgrees(const TileLinearLayout *a, const TileLinearLayout *b,
                        TileLayoutDimName name) {
  int32_t ia = findName(a->inNames, a->numInDims, name);
  int32_t ib = findName(b->inNames, b->numInDims, name);
  if (ia < 0 || ib < 0 || a->inLog2Sizes[ia] != b->inLog2Sizes[ib])
    return false;
  for (int32_t bit = 0; bit < a->inLog2Sizes[ia]; ++bit)
    for (int32_t o = 0; o < a->numOutDims; ++o)
      if (a->bases[ia][bit][o] != basisValue(b, name, bit, a->outNames[o]))
        return false;
  return true;
}

/* Packs `to`'s columns in `from`'s output order, skipping input dims in
 * `skipDims` (a mask by name) by leaving those columns zero. */
static void packColumnsInOrderOf(const TileLinearLayout *to,
                                 const TileLinearLayout *from,
                                 uint32_t skipDims, uint64_t *columns) {
  int32_t column = 0;
  for (int32_t i = 0; i < to->numInDims; ++i)
    for (int32_t b = 0; b < to->inLog2Sizes[i]; ++b, ++column) {
      int32_t values[TILE_LAYOUT_MAX_DIMS];
      for (int32_t o = 0; o < from->numOutDims; ++o)
        values[o] = basisValue(to, to->inNames[i], b, from->outNames[o]);
      columns[column] = ((skipDims >> to->inNames[i]) & 1)
                            ? 0
                            : packOutValues(from, values);
    }
}

TileLayoutStatus tileLayoutInvertAndCompose(TileLinearLayout *result,
                                            const TileLinearLayout *from,
                                            const TileLinearLayout *to) {
  tileLayoutInitEmpty(result);
  if (from->numOutDims != to->numOutDims)
    return TILE_LAYOUT_ERROR_DIM_MISMATCH;
  for (int32_t o = 0; o < from->numOutDims; ++o)
    if (outLog2Of(to, from->outNames[o]) != from->outLog2Sizes[o] ||
        findName(to->outNames, to->numOutDims, from->outNames[o]) < 0)
      return TILE_LAYOUT_ERROR_DIM_MISMATCH;

  uint32_t identityDims = 0;
  for (int32_t i = 0; i < from->numInDims; ++i)
    if (inDimAgrees(from, to, from->inNames[i]))
      identityDims |= 1u << from->inNames[i];

  /* Solve first without the identity dims' columns, so the remaining dims
   * never borrow them; fall back to all of `to` for a basis that needs them. */
  uint64_t columns[64] = {0};
  int32_t count = totalInBits(to);
  Gf2Basis reduced, full;
  uint64_t freeColumns;
  packColumnsInOrderOf(to, from, identityDims, columns);
  buildBasisOfColumns(&reduced, columns, count, &freeColumns);
  packColumnsInOrderOf(to, from, 0, columns);
  buildBasisOfColumns(&full, columns, count, &freeColumns);

  TileLinearLayout conversion;
  initOutsFromIns(&conversion, to);
  for (int32_t i = 0; i < from->numInDims; ++i) {
    TileLayoutDimName name = from->inNames[i];
    tileLayoutAddInDim(&conversion, name);
    for (int32_t b = 0; b < from->inLog2Sizes[i]; ++b) {
      int32_t values[TILE_LAYOUT_MAX_DIMS] = {0};
      if ((identityDims >> name) & 1) {
        values[findName(to->inNames, to->numInDims, name)] = 1 << b;
      } else {
        uint64_t target = packOutValues(from, from->bases[i][b]);
        uint64_t columnSet;
        if (!gf2Solve(&reduced, target, &columnSet) &&
            !gf2Solve(&full, target, &columnSet))
          return TILE_LAYOUT_ERROR_NOT_INVERTIBLE;
        unpackColumnSet(to, columnSet, values);
      }
      tileLayoutAppendBasis(&conversion, name, values);
    }
  }
  *result = conversion;
  return TILE_LAYOUT_OK;
}

/* Fills `positions` with where each of `names` sits in `existing`; fails
 * unless `names` is a permutation of `existing`. */
static bool permutationOf(const TileLayoutDimName *existing, int32_t count,
                          const TileLayoutDimName *names, int32_t *positions) {
  if (count > 0 && !names)
    return false;
  for (int32_t k = 0; k < count; ++k) {
    positions[k] = findName(existing, count, names[k]);
    if (positions[k] < 0 || findName(names, k, names[k]) >= 0)
      return false;
  }
  return true;
}

TileLayoutStatus tileLayoutTransposeOuts(TileLinearLayout *result,
                                         const TileLinearLayout *layout,
                                         const TileLayoutDimName *names) {
  int32_t from[TILE_LAYOUT_MAX_DIMS];
  tileLayoutInitEmpty(result);
  if (!permutationOf(layout->outNames, layout->numOutDims, names, from))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout transposed = *layout;
  for (int32_t o = 0; o < layout->numOutDims; ++o) {
    transposed.outNames[o] = layout->outNames[from[o]];
    transposed.outLog2Sizes[o] = layout->outLog2Sizes[from[o]];
    for (int32_t i = 0; i < layout->numInDims; ++i)
      for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b)
        transposed.bases[i][b][o] = layout->bases[i][b][from[o]];
  }
  *result = transposed;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutTransposeIns(TileLinearLayout *result,
                                        const TileLinearLayout *layout,
                                        const TileLayoutDimName *names) {
  int32_t from[TILE_LAYOUT_MAX_DIMS];
  tileLayoutInitEmpty(result);
  if (!permutationOf(layout->inNames, layout->numInDims, names, from))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout transposed = *layout;
  memset(transposed.bases, 0, sizeof transposed.bases);
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    transposed.inNames[i] = layout->inNames[from[i]];
    transposed.inLog2Sizes[i] = layout->inLog2Sizes[from[i]];
    memcpy(transposed.bases[i], layout->bases[from[i]],
           sizeof transposed.bases[i]);
  }
  *result = transposed;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutPermuteTensorDims(TileLinearLayout *result,
                                             const TileLinearLayout *layout,
                                             const int32_t *perm) {
  tileLayoutInitEmpty(result);
  int32_t rank = layout->numOutDims;
  if (!perm || rank > TILE_LAYOUT_MAX_RANK)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout renamed = *layout;
  TileLayoutDimName standard[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d) {
    standard[d] = tileLayoutTensorDim(d);
    if (perm[d] < 0 || perm[d] >= rank ||
        findName(layout->outNames, rank, tileLayoutTensorDim(d)) < 0)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    for (int32_t e = 0; e < d; ++e)
      if (perm[e] == perm[d])
        return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  }
  /* Old dim perm[d] becomes new dim d; then restore the standard order. */
  for (int32_t d = 0; d < rank; ++d)
    renamed.outNames[findName(layout->outNames, rank,
                              tileLayoutTensorDim(perm[d]))] =
        tileLayoutTensorDim(d);
  return tileLayoutTransposeOuts(result, &renamed, standard);
}

/* The flat row-major index of one basis: the first output dim is the most
 * major, so it takes the highest bits. */
static uint64_t flattenRowMajor(const TileLinearLayout *layout,
                                const int32_t *values) {
  uint64_t flat = 0;
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    flat = (flat << layout->outLog2Sizes[o]) | (uint32_t)values[o];
  return flat;
}

TileLayoutStatus tileLayoutReshapeOuts(TileLinearLayout *result,
                                       const TileLinearLayout *layout,
                                       int32_t numOutDims,
                                       const TileLayoutDimName *outNames,
                                       const int32_t *outSizes) {
  TileLinearLayout reshaped;
  TileLayoutStatus status =
      tileLayoutInit(&reshaped, numOutDims, outNames, outSizes);
  tileLayoutInitEmpty(result);
  if (status != TILE_LAYOUT_OK)
    return status;
  if (totalOutBits(&reshaped) != totalOutBits(layout))
    return TILE_LAYOUT_ERROR_DIM_MISMATCH;
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    tileLayoutAddInDim(&reshaped, layout->inNames[i]);
    for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b) {
      uint64_t flat = flattenRowMajor(layout, layout->bases[i][b]);
      int32_t values[TILE_LAYOUT_MAX_DIMS];
      for (int32_t o = numOutDims - 1; o >= 0; --o) {
        values[o] = (int32_t)(flat & lowMask(reshaped.outLog2Sizes[o]));
        flat >>= reshaped.outLog2Sizes[o];
      }
      tileLayoutAppendBasis(&reshaped, layout->inNames[i], values);
    }
  }
  *result = reshaped;
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutSublayout(TileLinearLayout *result,
                                     const TileLinearLayout *layout,
                                     int32_t numInDims,
                                     const TileLayoutDimName *inNames,
                                     int32_t numOutDims,
                                     const TileLayoutDimName *outNames) {
  tileLayoutInitEmpty(result);
  if (numInDims < 0 || numInDims > layout->numInDims || numOutDims < 0 ||
      numOutDims > layout->numOutDims || (numInDims > 0 && !inNames) ||
      (numOutDims > 0 && !outNames))
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout sub;
  tileLayoutInitEmpty(&sub);
  sub.numOutDims = numOutDims;
  for (int32_t o = 0; o < numOutDims; ++o) {
    int32_t source = findName(layout->outNames, layout->numOutDims, outNames[o]);
    if (source < 0 || findName(outNames, o, outNames[o]) >= 0)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    sub.outNames[o] = outNames[o];
    sub.outLog2Sizes[o] = layout->outLog2Sizes[source];
  }
  for (int32_t i = 0; i < numInDims; ++i) {
    int32_t source = findName(layout->inNames, layout->numInDims, inNames[i]);
    if (source < 0 || findName(inNames, i, inNames[i]) >= 0)
      return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
    sub.inNames[i] = inNames[i];
    sub.inLog2Sizes[i] = layout->inLog2Sizes[source];
    for (int32_t b = 0; b < sub.inLog2Sizes[i]; ++b)
      for (int32_t o = 0; o < numOutDims; ++o)
        sub.bases[i][b][o] = basisValue(layout, inNames[i], b, outNames[o]);
  }
  sub.numInDims = numInDims;
  *result = sub;
  return TILE_LAYOUT_OK;
}

/* ---- Queries ----------------------------------------------------------- */

bool tileLayoutEqual(const TileLinearLayout *a, const TileLinearLayout *b) {
  /* The invariants keep unused storage zero, so bytes decide. */
  return memcmp(a, b, sizeof *a) == 0;
}

int32_t tileLayoutFindInDim(const TileLinearLayout *layout,
                            TileLayoutDimName name) {
  return findName(layout->inNames, layout->numInDims, name);
}

int32_t tileLayoutFindOutDim(const TileLinearLayout *layout,
                             TileLayoutDimName name) {
  return findName(layout->outNames, layout->numOutDims, name);
}

int32_t tileLayoutGetInDimSize(const TileLinearLayout *layout,
                               TileLayoutDimName name) {
  return 1 << inLog2Of(layout, name);
}

int32_t tileLayoutGetOutDimSize(const TileLinearLayout *layout,
                                TileLayoutDimName name) {
  return 1 << outLog2Of(layout, name);
}

int32_t tileLayoutGetNumRegisters(const TileLinearLayout *layout) {
  return tileLayoutGetInDimSize(layout, TILE_LAYOUT_REGISTER);
}

uint32_t tileLayoutGetFreeVariableMask(const TileLinearLayout *layout,
                                       TileLayoutDimName name) {
  uint64_t columns[64] = {0};
  int32_t count = packColumns(layout, columns);
  Gf2Basis basis;
  uint64_t freeColumns;
  buildBasisOfColumns(&basis, columns, count, &freeColumns);
  int32_t column = 0;
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    if (layout->inNames[i] == name)
      return (uint32_t)((freeColumns >> column) &
                        lowMask(layout->inLog2Sizes[i]));
    column += layout->inLog2Sizes[i];
  }
  return 0;
}

bool tileLayoutIsSurjective(const TileLinearLayout *layout) {
  return rankOf(layout) == totalOutBits(layout);
}

bool tileLayoutIsInjective(const TileLinearLayout *layout) {
  return rankOf(layout) == totalInBits(layout);
}

int32_t tileLayoutGetContiguousElements(const TileLinearLayout *layout,
                                        TileLayoutDimName outName) {
  int32_t reg = findName(layout->inNames, layout->numInDims,
                         TILE_LAYOUT_REGISTER);
  int32_t out = findName(layout->outNames, layout->numOutDims, outName);
  if (reg < 0 || out < 0)
    return 1;
  int32_t k = 0;
  for (; k < layout->inLog2Sizes[reg]; ++k) {
    bool unitStep = layout->bases[reg][k][out] == (1 << k);
    for (int32_t o = 0; o < layout->numOutDims; ++o)
      if (o != out && layout->bases[reg][k][o] != 0)
        unitStep = false;
    if (!unitStep)
      break;
  }
  return 1 << k;
}

/* Whether input dim `name` of `conversion` (hardware index -> hardware
 * index) maps to itself and nothing else touches it, so it can be factored
 * out: values never move along that dim. Absent dims factor trivially. */
static bool dimFactorsOut(const TileLinearLayout *conversion,
                          TileLayoutDimName name) {
  int32_t in = findName(conversion->inNames, conversion->numInDims, name);
  int32_t out = findName(conversion->outNames, conversion->numOutDims, name);
  int32_t inBits = in < 0 ? 0 : conversion->inLog2Sizes[in];
  int32_t outBits = out < 0 ? 0 : conversion->outLog2Sizes[out];
  if (inBits != outBits)
    return false;
  for (int32_t i = 0; i < conversion->numInDims; ++i)
    for (int32_t b = 0; b < conversion->inLog2Sizes[i]; ++b)
      for (int32_t o = 0; o < conversion->numOutDims; ++o) {
        int32_t expected = (i == in && o == out) ? 1 << b : 0;
        if ((i == in || o == out) && conversion->bases[i][b][o] != expected)
          return false;
      }
  return true;
}

TileLayoutStatus tileLayoutClassifyConversion(const TileLinearLayout *src,
                                              const TileLinearLayout *dst,
                                              TileLayoutConversionKind *kind) {
  TileLinearLayout conversion;
  TileLayoutStatus status = tileLayoutInvertAndCompose(&conversion, dst, src);
  if (status != TILE_LAYOUT_OK)
    return status;
  /* Factor out the largest hardware dims first; the first that cannot be
   * factored out is where data has to move. */
  if (!dimFactorsOut(&conversion, TILE_LAYOUT_BLOCK) ||
      !dimFactorsOut(&conversion, TILE_LAYOUT_WARP))
    *kind = TILE_LAYOUT_CONVERSION_SHARED_MEMORY;
  else if (!dimFactorsOut(&conversion, TILE_LAYOUT_LANE))
    *kind = TILE_LAYOUT_CONVERSION_WARP_SHUFFLE;
  else if (!dimFactorsOut(&conversion, TILE_LAYOUT_REGISTER))
    *kind = TILE_LAYOUT_CONVERSION_REGISTER_PERMUTATION;
  else
    *kind = TILE_LAYOUT_CONVERSION_NO_OP;
  return TILE_LAYOUT_OK;
}

const char *tileLayoutConversionKindString(TileLayoutConversionKind kind) {
  switch (kind) {
  case TILE_LAYOUT_CONVERSION_NO_OP:
    return "no-op";
  case TILE_LAYOUT_CONVERSION_REGISTER_PERMUTATION:
    return "register permutation";
  case TILE_LAYOUT_CONVERSION_WARP_SHUFFLE:
    return "warp shuffle";
  case TILE_LAYOUT_CONVERSION_SHARED_MEMORY:
    return "shared memory";
  }
  return "unknown";
}

/* ---- Shared-memory access analysis ------------------------------------- */

enum { BANK_COUNT = 32, BANK_BYTES = 4, MAX_WORDS_PER_ACCESS = 32 * 32 };

/* Maps (register, lane, warp, block) to a shared offset; fails unless the
 * shared layout's only input is `offset` (plus an optional size-1 block). */
static TileLayoutStatus hardwareToOffset(TileLinearLayout *toOffset,
                                         const TileLinearLayout *distributed,
                                         const TileLinearLayout *shared) {
  for (int32_t i = 0; i < shared->numInDims; ++i)
    if (shared->inNames[i] != TILE_LAYOUT_OFFSET &&
        shared->inLog2Sizes[i] != 0)
      return TILE_LAYOUT_ERROR_DIM_MISMATCH;
  return tileLayoutInvertAndCompose(toOffset, distributed, shared);
}

/* How many of the first register bits step the offset by 1, 2, 4, ...: the
 * registers a thread can move with one vector access. */
static int32_t contiguousRegisterBits(const TileLinearLayout *toOffset) {
  int32_t reg = tileLayoutFindInDim(toOffset, TILE_LAYOUT_REGISTER);
  int32_t offset = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  int32_t k = 0;
  while (reg >= 0 && k < toOffset->inLog2Sizes[reg] &&
         toOffset->bases[reg][k][offset] == (1 << k))
    ++k;
  return k;
}

static int compareWords(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Wavefronts one warp-wide access takes: the most distinct words any bank
 * serves. Also returns the distinct words touched. Sorts `words`. */
static int32_t wavefrontsOfAccess(int64_t *words, int32_t count, int32_t *distinctWords) {
  int32_t perBank[BANK_COUNT] = {0};
  int32_t distinct = 0, worst = 0;
  qsort(words, (size_t)count, sizeof(words[0]), compareWords);
  for (int32_t w = 0; w < count; ++w) {
    if (w > 0 && words[w] == words[w - 1])
      continue;
    ++distinct;
    int32_t bank = (int32_t)(words[w] % BANK_COUNT);
    if (++perBank[bank] > worst)
      worst = perBank[bank];
  }
  *distinctWords = distinct;
  return worst;
}

/* table[i] = the offset of value i of input dim `name` alone: the XOR of
 * the bases of i's set bits (the map is linear over GF(2)). */
static void fillOffsetTable(const TileLinearLayout *toOffset, TileLayoutDimName name,
                            int32_t size, int32_t *table) {
  int32_t in = tileLayoutFindInDim(toOffset, name);
  int32_t out = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  table[0] = 0;
  for (int32_t value = 1; value < size; ++value) {
    int32_t bit = 0;
    while (!((value >> bit) & 1))
      ++bit;
    int32_t basis = in >= 0 && out >= 0 && bit < toOffset->inLog2Sizes[in]
                        ? toOffset->bases[in][bit][out]
                        : 0;
    table[value] = table[value & (value - 1)] ^ basis;
  }
}

TileLayoutStatus tileLayoutGetSharedAccessCost(
    const TileLinearLayout *distributed, const TileLinearLayout *shared,
    int32_t elementBits, int32_t maxAccessBits,
    TileLayoutSharedAccessCost *cost) {
  memset(cost, 0, sizeof *cost);
  if (!isPowerOfTwo(elementBits) || !isPowerOfTwo(maxAccessBits) ||
      maxAccessBits < elementBits || maxAccessBits > 128)
    return TILE_LAYOUT_ERROR_INVALID_ARGUMENT;
  TileLinearLayout toOffset;
  TileLayoutStatus status = hardwareToOffset(&toOffset, distributed, shared);
  if (status != TILE_LAYOUT_OK)
    return status;
  int32_t vectorBits = contiguousRegisterBits(&toOffset);
  while ((elementBits << vectorBits) > maxAccessBits)
    --vectorBits;
  int32_t vector = 1 << vectorBits;
  int32_t registers = tileLayoutGetInDimSize(&toOffset, TILE_LAYOUT_REGISTER);
  int32_t lanes = tileLayoutGetInDimSize(&toOffset, TILE_LAYOUT_LANE);
  int32_t warps = tileLayoutGetInDimSize(&toOffset, TILE_LAYOUT_WARP);
  int32_t accessBytes = vector * elementBits / 8;
  cost->vectorElements = vector;
  cost->accessesPerThread = registers / vector;
  /* Offsets by table: offset(reg, lane, warp) = R[reg] ^ L[lane] ^ W[warp]. */
  int32_t *registerOffsets = malloc(sizeof(int32_t) * (size_t)registers);
  int32_t laneOffsets[32], *warpOffsets = malloc(sizeof(int32_t) * (size_t)warps);
  if (lanes > 32)
    lanes = 32; /* a warp's width; the map has no more lanes */
  if (!registerOffsets || !warpOffsets) {
    free(registerOffsets);
    free(warpOffsets);
    return TILE_LAYOUT_ERROR_TOO_LARGE; /* out of memory */
  }
  fillOffsetTable(&toOffset, TILE_LAYOUT_REGISTER, registers, registerOffsets);
  fillOffsetTable(&toOffset, TILE_LAYOUT_LANE, lanes, laneOffsets);
  fillOffsetTable(&toOffset, TILE_LAYOUT_WARP, warps, warpOffsets);
  for (int32_t warp = 0; warp < warps; ++warp) {
    int32_t wavefronts = 0, ideal = 0;
    for (int32_t reg = 0; reg < registers; reg += vector) {
      int64_t words[MAX_WORDS_PER_ACCESS];
      int32_t count = 0;
      for (int32_t lane = 0; lane < lanes; ++lane) {
        int32_t offset = registerOffsets[reg] ^ laneOffsets[lane] ^ warpOffsets[warp];
        int64_t firstByte = (int64_t)offset * elementBits / 8;
        int64_t lastByte = firstByte + (accessBytes > 0 ? accessBytes : 1) - 1;
        for (int64_t word = firstByte / BANK_BYTES;
             word <= lastByte / BANK_BYTES; ++word)
          words[count++] = word;
      }
      int32_t distinct;
      wavefronts += wavefrontsOfAccess(words, count, &distinct);
      ideal += (distinct * BANK_BYTES + BANK_COUNT * BANK_BYTES - 1) /
               (BANK_COUNT * BANK_BYTES);
    }
    if (wavefronts > cost->wavefronts) {
      cost->wavefronts = wavefronts;
      cost->idealWavefronts = ideal;
    }
  }
  cost->bankConflicts = cost->wavefronts - cost->idealWavefronts;
  free(registerOffsets);
  free(warpOffsets);
  return TILE_LAYOUT_OK;
}

TileLayoutStatus tileLayoutIsLdmatrixEligible(
    const TileLinearLayout *distributed, const TileLinearLayout *shared,
    int32_t elementBits, bool *eligible, int32_t *numMatrices) {
  *eligible = false;
  *numMatrices = 0;
  if (elementBits != 16)
    return TILE_LAYOUT_OK; /* only the b16 form is modelled */
  TileLinearLayout toOffset;
  TileLayoutStatus status = hardwareToOffset(&toOffset, distributed, shared);
  if (status != TILE_LAYOUT_OK)
    return status;
  int32_t reg = tileLayoutFindInDim(&toOffset, TILE_LAYOUT_REGISTER);
  int32_t lane = tileLayoutFindInDim(&toOffset, TILE_LAYOUT_LANE);
  int32_t offset = tileLayoutFindOutDim(&toOffset, TILE_LAYOUT_OFFSET);
  if (reg < 0 || lane < 0 || toOffset.inLog2Sizes[reg] < 1 ||
      toOffset.inLog2Sizes[lane] != 5)
    return TILE_LAYOUT_OK;
  /* A thread's register pair and the 4 lanes of a quad form one 16-byte row
   * of an 8x8 matrix: offsets 1, 2, 4. */
  if (toOffset.bases[reg][0][offset] != 1 ||
      toOffset.bases[lane][0][offset] != 2 ||
      toOffset.bases[lane][1][offset] != 4)
    return TILE_LAYOUT_OK;
  /* Every other basis must move whole rows so each row address stays
   * 16-byte aligned: offsets that are multiples of 8 elements. */
  for (int32_t i = 0; i < toOffset.numInDims; ++i)
    for (int32_t b = 0; b < toOffset.inLog2Sizes[i]; ++b) {
      bool rowBasis = (i == reg && b == 0) || (i == lane && b < 2);
      if (!rowBasis && (toOffset.bases[i][b][offset] & 7) != 0)
        return TILE_LAYOUT_OK;
    }
  *eligible = true;
  int32_t extraRegisterBits = toOffset.inLog2Sizes[reg] - 1;
  *numMatrices = 1 << (extraRegisterBits < 2 ? extraRegisterBits : 2);
  return TILE_LAYOUT_OK;
}

/* ---- Printing ---------------------------------------------------------- */

void tileLayoutPrint(const TileLinearLayout *layout, FILE *stream) {
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    fprintf(stream, "%s%s=[", i ? " " : "",
            tileLayoutDimNameString(layout->inNames[i]));
    for (int32_t b = 0; b < layout->inLog2Sizes[i]; ++b) {
      fprintf(stream, "%s[", b ? "," : "");
      for (int32_t o = 0; o < layout->numOutDims; ++o)
        fprintf(stream, "%s%d", o ? "," : "", layout->bases[i][b][o]);
      fputc(']', stream);
    }
    fputc(']', stream);
  }
  fprintf(stream, "%s->", layout->numInDims ? " " : "");
  for (int32_t o = 0; o < layout->numOutDims; ++o)
    fprintf(stream, " %s:%d", tileLayoutDimNameString(layout->outNames[o]),
            1 << layout->outLog2Sizes[o]);
  fputc('\n', stream);
}
