/*===- axis_info.c - contiguity, divisibility and constancy of values ------===*
 *
 * See axis_info.h for what the facts mean. The transfer functions are those
 * of Triton's AxisInfo.cpp, op for op, so that tile and Triton vectorize the
 * same programs the same way. The facts live in an open-addressing hash map
 * keyed by the value's pointer (MlirValue.ptr).
 *
 * The solver walks the function in pre-order, recomputing every value from
 * its operands, until a whole walk changes nothing. The only values that can
 * be seen before their inputs are scf.for iter args (their yielded values
 * come later); they start as the init value's facts and are joined
 * (gcd per dimension) with the yielded value's facts on each walk, so they
 * only ever shrink and the walk terminates.
 *
 * Also here: the test-only pass -test-print-axis-info, which prints the facts
 * of every integer, index and pointer value to stderr.
 *
 *===----------------------------------------------------------------------===*/

#include "passes/axis_info.h"

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Triton's divisor of 0: every power of two divides it. */
static const int64_t kMaxDivisor = (int64_t)1 << 62;

/*===----------------------------------------------------------------------===*
 * The map from values to facts
 *===----------------------------------------------------------------------===*/

typedef struct Entry {
  const void *key; /* NULL: empty slot */
  TileAxisInfo info;
} Entry;

struct TileAxisInfoAnalysis {
  Entry *entries;
  size_t capacity; /* a power of two */
  size_t count;
};

static size_t slotOf(const void *key, size_t capacity) {
  uint64_t hash = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
  return (size_t)(hash >> 20) & (capacity - 1);
}

static Entry *findEntry(const TileAxisInfoAnalysis *analysis, const void *key) {
  size_t slot = slotOf(key, analysis->capacity);
  while (analysis->entries[slot].key && analysis->entries[slot].key != key)
    slot = (slot + 1) & (analysis->capacity - 1);
  return &analysis->entries[slot];
}

static bool growMap(TileAxisInfoAnalysis *analysis) {
  size_t capacity = analysis->capacity ? 2 * analysis->capacity : 1024;
  Entry *entries = calloc(capacity, sizeof(Entry));
  if (!entries)
    return false;
  TileAxisInfoAnalysis grown = {entries, capacity, analysis->count};
  for (size_t i = 0; i < analysis->capacity; ++i)
    if (analysis->entries[i].key)
      *findEntry(&grown, analysis->entries[i].key) = analysis->entries[i];
  free(analysis->entries);
  *analysis = grown;
  return true;
}

static bool sameInfo(const TileAxisInfo *a, const TileAxisInfo *b) {
  if (a->rank != b->rank || a->hasConstantValue != b->hasConstantValue ||
      (a->hasConstantValue && a->constantValue != b->constantValue))
    return false;
  for (int32_t d = 0; d < a->rank; ++d)
    if (a->contiguity[d] != b->contiguity[d] ||
        a->divisibility[d] != b->divisibility[d] || a->constancy[d] != b->constancy[d])
      return false;
  return true;
}

/* Records `info` for `value`; returns true if that changed the map. */
static bool recordInfo(TileAxisInfoAnalysis *analysis, MlirValue value,
                       const TileAxisInfo *info, bool *outOfMemory) {
  if (2 * (analysis->count + 1) > analysis->capacity && !growMap(analysis)) {
    *outOfMemory = true;
    return false;
  }
  Entry *entry = findEntry(analysis, value.ptr);
  if (entry->key && sameInfo(&entry->info, info))
    return false;
  if (!entry->key) {
    entry->key = value.ptr;
    ++analysis->count;
  }
  entry->info = *info;
  return true;
}

const TileAxisInfo *tileAxisInfoLookup(const TileAxisInfoAnalysis *analysis,
                                       MlirValue value) {
  if (!analysis || !analysis->capacity)
    return NULL;
  Entry *entry = findEntry(analysis, value.ptr);
  return entry->key ? &entry->info : NULL;
}

void tileAxisInfoDestroy(TileAxisInfoAnalysis *analysis) {
  if (!analysis)
    return;
  free(analysis->entries);
  free(analysis);
}

/*===----------------------------------------------------------------------===*
 * Arithmetic on facts
 *===----------------------------------------------------------------------===*/

static int64_t gcd64(int64_t a, int64_t b) {
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a < 0 ? -a : a;
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int64_t highestPowerOfTwoDivisor(int64_t value) {
  if (value == 0)
    return kMaxDivisor;
  int64_t divisor = value & -value;
  return divisor > 0 && divisor <= kMaxDivisor ? divisor : kMaxDivisor;
}

/* The divisibility of a product; saturates at kMaxDivisor. */
static int64_t multiplyDivisor(int64_t lhs, int64_t rhs) {
  if (rhs > 0 && lhs > kMaxDivisor / rhs)
    return kMaxDivisor;
  return lhs * rhs;
}

/* The shape a value has for the analysis: a scalar is [1]. */
static int32_t shapeForAnalysis(MlirType type, int64_t *shape) {
  if (!mlirTypeIsARankedTensor(type)) {
    shape[0] = 1;
    return 1;
  }
  intptr_t rank = mlirShapedTypeGetRank(type);
  if (rank == 0 || rank > TILE_AXIS_INFO_MAX_RANK) {
    shape[0] = 1;
    return 1;
  }
  for (intptr_t d = 0; d < rank; ++d)
    shape[d] = mlirShapedTypeGetDimSize(type, d);
  return (int32_t)rank;
}

static void setPessimistic(TileAxisInfo *info, int32_t rank) {
  memset(info, 0, sizeof(*info));
  info->rank = rank;
  for (int32_t d = 0; d < rank; ++d) {
    info->contiguity[d] = 1;
    info->divisibility[d] = 1;
    info->constancy[d] = 1;
  }
}

static void setConstant(TileAxisInfo *info, int64_t value) {
  info->hasConstantValue = true;
  info->constantValue = value;
}

static bool isConstantEqualTo(const TileAxisInfo *info, int64_t value) {
  return info->hasConstantValue && info->constantValue == value;
}

/* Triton's AxisInfo::join: what holds for both. */
static void joinInfo(TileAxisInfo *into, const TileAxisInfo *other) {
  if (into->rank != other->rank) {
    setPessimistic(into, into->rank);
    return;
  }
  for (int32_t d = 0; d < into->rank; ++d) {
    into->contiguity[d] = gcd64(into->contiguity[d], other->contiguity[d]);
    into->divisibility[d] = gcd64(into->divisibility[d], other->divisibility[d]);
    into->constancy[d] = gcd64(into->constancy[d], other->constancy[d]);
  }
  if (!(into->hasConstantValue && other->hasConstantValue &&
        into->constantValue == other->constantValue))
    into->hasConstantValue = false;
}

/*===----------------------------------------------------------------------===*
 * Transfer functions
 *===----------------------------------------------------------------------===*/

/* One op being visited: its operands' facts and its first result's shape. */
typedef struct Visit {
  MlirOperation op;
  const TileAxisInfo *operands[4];
  int32_t numOperands;
  int64_t shape[TILE_AXIS_INFO_MAX_RANK];
  int32_t rank;
} Visit;

typedef void (*TransferFn)(const Visit *visit, TileAxisInfo *result);

static void visitConstant(const Visit *visit, TileAxisInfo *result) {
  MlirAttribute value = mlirOperationGetAttributeByName(
      visit->op, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsAInteger(value)) {
    int64_t number = mlirIntegerAttrGetValueInt(value);
    result->divisibility[0] = highestPowerOfTwoDivisor(number);
    setConstant(result, number);
    return;
  }
  if (mlirAttributeIsADenseIntElements(value) && mlirDenseElementsAttrIsSplat(value)) {
    MlirAttribute element = mlirDenseElementsAttrGetSplatValue(value);
    if (!mlirAttributeIsAInteger(element))
      return;
    int64_t number = mlirIntegerAttrGetValueInt(element);
    for (int32_t d = 0; d < visit->rank; ++d) {
      result->divisibility[d] = highestPowerOfTwoDivisor(number);
      result->constancy[d] = visit->shape[d];
    }
    setConstant(result, number);
  }
}

static void visitMakeRange(const Visit *visit, TileAxisInfo *result) {
  int64_t start = 0, end = 0;
  tileGetIntAttr(visit->op, "start", &start);
  tileGetIntAttr(visit->op, "end", &end);
  result->contiguity[0] = end - start;
  result->divisibility[0] = highestPowerOfTwoDivisor(start);
}

static void visitSplat(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *source = visit->operands[0];
  for (int32_t d = 0; d < visit->rank; ++d) {
    result->divisibility[d] = source->divisibility[0];
    result->constancy[d] = visit->shape[d];
  }
  result->hasConstantValue = source->hasConstantValue;
  result->constantValue = source->constantValue;
}

static void visitBroadcast(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *source = visit->operands[0];
  int64_t sourceShape[TILE_AXIS_INFO_MAX_RANK];
  shapeForAnalysis(mlirValueGetType(mlirOperationGetOperand(visit->op, 0)), sourceShape);
  for (int32_t d = 0; d < visit->rank && d < source->rank; ++d) {
    bool stretched = sourceShape[d] == 1;
    result->contiguity[d] = stretched ? 1 : source->contiguity[d];
    result->divisibility[d] = source->divisibility[d];
    result->constancy[d] = stretched ? visit->shape[d] : source->constancy[d];
  }
  result->hasConstantValue = source->hasConstantValue;
  result->constantValue = source->constantValue;
}

static void visitExpandDims(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *source = visit->operands[0];
  int64_t axis = 0;
  tileGetIntAttr(visit->op, "axis", &axis);
  if (source->rank + 1 != visit->rank || axis < 0 || axis >= visit->rank)
    return;
  /* The new dimension has one element: its divisibility is what every
   * element of the source shares. */
  int64_t newDivisibility = source->divisibility[0];
  for (int32_t d = 1; d < source->rank; ++d)
    newDivisibility = gcd64(newDivisibility, source->divisibility[d]);
  if (source->hasConstantValue)
    newDivisibility = highestPowerOfTwoDivisor(source->constantValue);
  for (int32_t d = 0, from = 0; d < visit->rank; ++d) {
    if (d == axis) {
      result->divisibility[d] = newDivisibility;
      continue;
    }
    result->contiguity[d] = source->contiguity[from];
    result->divisibility[d] = source->divisibility[from];
    result->constancy[d] = source->constancy[from];
    ++from;
  }
  result->hasConstantValue = source->hasConstantValue;
  result->constantValue = source->constantValue;
}

static void visitTrans(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *source = visit->operands[0];
  int64_t order[TILE_AXIS_INFO_MAX_RANK];
  if (tileGetI32ArrayAttr(visit->op, "order", order, TILE_AXIS_INFO_MAX_RANK) !=
          visit->rank ||
      source->rank != visit->rank)
    return;
  for (int32_t d = 0; d < visit->rank; ++d) {
    result->contiguity[d] = source->contiguity[order[d]];
    result->divisibility[d] = source->divisibility[order[d]];
    result->constancy[d] = source->constancy[order[d]];
  }
  result->hasConstantValue = source->hasConstantValue;
  result->constantValue = source->constantValue;
}

/* Casts and layout conversions keep every fact. */
static void visitPassThrough(const Visit *visit, TileAxisInfo *result) {
  if (visit->operands[0]->rank == visit->rank)
    *result = *visit->operands[0];
}

/* The pointee size in bytes of an addptr, at least 1. */
static int64_t elementBytesOfPointer(MlirValue pointer) {
  MlirType pointerType = tileElementTypeOf(mlirValueGetType(pointer));
  if (!tileTypeIsAPointer(pointerType))
    return 1;
  int64_t bits = tileBitWidthOf(tilePointerTypeGetPointeeType(pointerType));
  return bits >= 8 ? bits / 8 : 1;
}

/* addi, subi and addptr: an addptr adds offset * element size bytes. */
static void visitAddSub(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  bool isSub = tileOperationIsNamed(visit->op, "arith.subi");
  bool isAddPtr = tileOperationIsNamed(visit->op, "tile.addptr");
  int64_t scale = isAddPtr ? elementBytesOfPointer(mlirOperationGetOperand(visit->op, 0)) : 1;
  for (int32_t d = 0; d < visit->rank; ++d) {
    /* Contiguity needs an increasing sequence, so a subtracted contiguous
     * rhs gives none. */
    result->contiguity[d] =
        isSub ? gcd64(lhs->contiguity[d], rhs->constancy[d])
              : max64(gcd64(lhs->constancy[d], rhs->contiguity[d]),
                      gcd64(lhs->contiguity[d], rhs->constancy[d]));
    result->divisibility[d] =
        gcd64(lhs->divisibility[d], multiplyDivisor(rhs->divisibility[d], scale));
    result->constancy[d] = gcd64(lhs->constancy[d], rhs->constancy[d]);
  }
  if (lhs->hasConstantValue && rhs->hasConstantValue)
    setConstant(result, isSub ? lhs->constantValue - rhs->constantValue
                              : lhs->constantValue + rhs->constantValue * scale);
}

static void visitMul(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  for (int32_t d = 0; d < visit->rank; ++d) {
    /* x * 1 and 1 * x keep x's runs. */
    int64_t lhsContiguity = isConstantEqualTo(rhs, 1) ? lhs->contiguity[d] : 1;
    int64_t rhsContiguity = isConstantEqualTo(lhs, 1) ? rhs->contiguity[d] : 1;
    result->contiguity[d] = max64(lhsContiguity, rhsContiguity);
    /* A run [2^n, 2^n + 1, ...] times anything is divisible by 1 only. */
    int64_t lhsDivisibility =
        lhs->contiguity[d] > 1 && !isConstantEqualTo(rhs, 1) ? 1 : lhs->divisibility[d];
    int64_t rhsDivisibility =
        rhs->contiguity[d] > 1 && !isConstantEqualTo(lhs, 1) ? 1 : rhs->divisibility[d];
    result->divisibility[d] = multiplyDivisor(lhsDivisibility, rhsDivisibility);
    result->constancy[d] = gcd64(lhs->constancy[d], rhs->constancy[d]);
  }
  if (lhs->hasConstantValue && rhs->hasConstantValue)
    setConstant(result, lhs->constantValue * rhs->constantValue);
}

static bool isContiguousDim(const TileAxisInfo *info, const Visit *visit, int32_t d) {
  return info->contiguity[d] == visit->shape[d];
}

static bool isConstantDim(const TileAxisInfo *info, const Visit *visit, int32_t d) {
  return info->constancy[d] == visit->shape[d];
}

static bool resultIsTensor(const Visit *visit) {
  return mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetResult(visit->op, 0)));
}

static void visitDiv(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  for (int32_t d = 0; d < visit->rank; ++d) {
    result->contiguity[d] = isConstantEqualTo(rhs, 1) ? lhs->contiguity[d] : 1;
    /* A contiguous run divided by a constant stays constant over runs of
     * gcd(divisibilities), cut to the run's length. */
    int64_t constancy = gcd64(lhs->constancy[d], rhs->constancy[d]);
    if (resultIsTensor(visit) && isContiguousDim(lhs, visit, d) &&
        isConstantDim(rhs, visit, d))
      constancy = max64(constancy, gcd64(lhs->contiguity[d],
                                         gcd64(lhs->divisibility[d], rhs->divisibility[d])));
    result->constancy[d] = constancy;
    result->divisibility[d] = isConstantEqualTo(lhs, 0) || isConstantEqualTo(rhs, 1)
                                  ? lhs->divisibility[d]
                                  : 1;
  }
  if (lhs->hasConstantValue && rhs->hasConstantValue && rhs->constantValue != 0)
    setConstant(result, lhs->constantValue / rhs->constantValue);
}

static void visitRem(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  bool tensor = resultIsTensor(visit);
  for (int32_t d = 0; d < visit->rank; ++d) {
    /* A contiguous run modulo a constant stays contiguous over runs of
     * gcd(divisibilities), cut to the run's length. */
    result->contiguity[d] =
        tensor && isContiguousDim(lhs, visit, d) && isConstantDim(rhs, visit, d)
            ? gcd64(lhs->contiguity[d], gcd64(lhs->divisibility[d], rhs->divisibility[d]))
            : 1;
    result->divisibility[d] = gcd64(lhs->divisibility[d], rhs->divisibility[d]);
    result->constancy[d] = tensor && isConstantEqualTo(rhs, 1)
                               ? visit->shape[d]
                               : gcd64(lhs->constancy[d], rhs->constancy[d]);
  }
  if (isConstantEqualTo(rhs, 1))
    setConstant(result, 0);
  else if (lhs->hasConstantValue && rhs->hasConstantValue && rhs->constantValue != 0)
    setConstant(result, lhs->constantValue % rhs->constantValue);
}

static void visitLogical(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  for (int32_t d = 0; d < visit->rank; ++d)
    result->constancy[d] = gcd64(lhs->constancy[d], rhs->constancy[d]);
  if (!lhs->hasConstantValue || !rhs->hasConstantValue)
    return;
  int64_t a = lhs->constantValue, b = rhs->constantValue;
  if (tileOperationIsNamed(visit->op, "arith.andi"))
    setConstant(result, a & b);
  else if (tileOperationIsNamed(visit->op, "arith.ori"))
    setConstant(result, a | b);
  else
    setConstant(result, a ^ b);
}

/* arith.cmpi predicates, as the arith dialect numbers them. */
enum { CMP_EQ, CMP_NE, CMP_SLT, CMP_SLE, CMP_SGT, CMP_SGE, CMP_ULT, CMP_ULE, CMP_UGT, CMP_UGE };

static bool evaluateComparison(int64_t predicate, int64_t a, int64_t b) {
  switch (predicate) {
  case CMP_EQ: return a == b;
  case CMP_NE: return a != b;
  case CMP_SLT: return a < b;
  case CMP_SLE: return a <= b;
  case CMP_SGT: return a > b;
  case CMP_SGE: return a >= b;
  case CMP_ULT: return (uint64_t)a < (uint64_t)b;
  case CMP_ULE: return (uint64_t)a <= (uint64_t)b;
  case CMP_UGT: return (uint64_t)a > (uint64_t)b;
  default: return (uint64_t)a >= (uint64_t)b;
  }
}

static void visitCmp(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *lhs = visit->operands[0], *rhs = visit->operands[1];
  int64_t predicate = 0;
  tileGetIntAttr(visit->op, "predicate", &predicate);
  if (!resultIsTensor(visit))
    return;
  bool lessThan = predicate == CMP_SLT || predicate == CMP_ULT;
  bool lessEqual = predicate == CMP_SLE || predicate == CMP_ULE;
  bool greaterThan = predicate == CMP_SGT || predicate == CMP_UGT;
  bool greaterEqual = predicate == CMP_SGE || predicate == CMP_UGE;
  for (int32_t d = 0; d < visit->rank; ++d) {
    if (lhs->hasConstantValue && rhs->hasConstantValue) {
      result->constancy[d] = visit->shape[d];
      continue;
    }
    int64_t constancy = gcd64(lhs->constancy[d], rhs->constancy[d]);
    /* A constant compared with a contiguous run (or the reverse) flips at
     * most once per run of gcd(divisibilities), where the run starts. */
    if ((greaterThan || lessEqual) && isConstantDim(lhs, visit, d))
      constancy = max64(constancy, gcd64(rhs->contiguity[d],
                                         gcd64(lhs->divisibility[d], rhs->divisibility[d])));
    else if ((lessThan || greaterEqual) && isConstantDim(rhs, visit, d))
      constancy = max64(constancy, gcd64(lhs->contiguity[d],
                                         gcd64(lhs->divisibility[d], rhs->divisibility[d])));
    result->constancy[d] = constancy;
  }
  if (lhs->hasConstantValue && rhs->hasConstantValue)
    setConstant(result, evaluateComparison(predicate, lhs->constantValue,
                                           rhs->constantValue));
}

static void visitSelect(const Visit *visit, TileAxisInfo *result) {
  const TileAxisInfo *condition = visit->operands[0];
  const TileAxisInfo *lhs = visit->operands[1], *rhs = visit->operands[2];
  if (condition->hasConstantValue) {
    const TileAxisInfo *chosen = condition->constantValue ? lhs : rhs;
    if (chosen->rank == visit->rank)
      *result = *chosen;
    return;
  }
  bool scalarCondition =
      !mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetOperand(visit->op, 0)));
  for (int32_t d = 0; d < visit->rank; ++d) {
    if (scalarCondition) {
      result->constancy[d] = min64(lhs->constancy[d], rhs->constancy[d]);
      result->contiguity[d] = min64(lhs->contiguity[d], rhs->contiguity[d]);
    } else {
      result->constancy[d] = min64(gcd64(lhs->constancy[d], condition->constancy[d]),
                                   gcd64(rhs->constancy[d], condition->constancy[d]));
      result->contiguity[d] = min64(gcd64(lhs->contiguity[d], condition->constancy[d]),
                                    gcd64(rhs->contiguity[d], condition->constancy[d]));
    }
    result->divisibility[d] = min64(lhs->divisibility[d], rhs->divisibility[d]);
  }
  if (lhs->hasConstantValue && rhs->hasConstantValue &&
      lhs->constantValue == rhs->constantValue)
    setConstant(result, lhs->constantValue);
}

typedef struct Transfer {
  const char *opName;
  int32_t numOperands; /* the operands the function reads */
  TransferFn visit;
} Transfer;

static const Transfer kTransfers[] = {
    {"arith.constant", 0, visitConstant},
    {"tile.make_range", 0, visitMakeRange},
    {"tile.splat", 1, visitSplat},
    {"tile.broadcast", 1, visitBroadcast},
    {"tile.expand_dims", 1, visitExpandDims},
    {"tile.trans", 1, visitTrans},
    {"tilegpu.convert_layout", 1, visitPassThrough},
    {"arith.extsi", 1, visitPassThrough},
    {"arith.extui", 1, visitPassThrough},
    {"arith.trunci", 1, visitPassThrough},
    {"arith.index_cast", 1, visitPassThrough},
    {"tile.int_to_ptr", 1, visitPassThrough},
    {"tile.ptr_to_int", 1, visitPassThrough},
    {"tile.addptr", 2, visitAddSub},
    {"arith.addi", 2, visitAddSub},
    {"arith.subi", 2, visitAddSub},
    {"arith.muli", 2, visitMul},
    {"arith.divsi", 2, visitDiv},
    {"arith.divui", 2, visitDiv},
    {"arith.remsi", 2, visitRem},
    {"arith.remui", 2, visitRem},
    {"arith.andi", 2, visitLogical},
    {"arith.ori", 2, visitLogical},
    {"arith.xori", 2, visitLogical},
    {"arith.cmpi", 2, visitCmp},
    {"arith.select", 3, visitSelect},
};

static const Transfer *transferFor(MlirOperation op) {
  for (size_t i = 0; i < sizeof(kTransfers) / sizeof(kTransfers[0]); ++i)
    if (tileOperationIsNamed(op, kTransfers[i].opName))
      return &kTransfers[i];
  return NULL;
}

/*===----------------------------------------------------------------------===*
 * The solver
 *===----------------------------------------------------------------------===*/

typedef struct Solver {
  TileAxisInfoAnalysis *analysis;
  MlirOperation func;
  bool changed;
  bool outOfMemory;
} Solver;

static void pessimisticFor(MlirValue value, TileAxisInfo *info) {
  int64_t shape[TILE_AXIS_INFO_MAX_RANK];
  setPessimistic(info, shapeForAnalysis(mlirValueGetType(value), shape));
}

static void record(Solver *solver, MlirValue value, const TileAxisInfo *info) {
  if (recordInfo(solver->analysis, value, info, &solver->outOfMemory))
    solver->changed = true;
}

/* The facts of `value` so far; pessimistic for a value not seen yet. */
static TileAxisInfo currentInfo(const Solver *solver, MlirValue value) {
  const TileAxisInfo *known = tileAxisInfoLookup(solver->analysis, value);
  if (known)
    return *known;
  TileAxisInfo info;
  pessimisticFor(value, &info);
  return info;
}

/* Reads hint `name` of function argument `index`, if present. */
static bool readArgumentHint(MlirOperation func, intptr_t index, const char *name,
                             int64_t *value) {
  MlirAttribute argAttrs =
      mlirOperationGetAttributeByName(func, mlirStringRefCreateFromCString("arg_attrs"));
  if (mlirAttributeIsNull(argAttrs) || !mlirAttributeIsAArray(argAttrs) ||
      index >= mlirArrayAttrGetNumElements(argAttrs))
    return false;
  MlirAttribute dictionary = mlirArrayAttrGetElement(argAttrs, index);
  if (!mlirAttributeIsADictionary(dictionary))
    return false;
  MlirAttribute hint =
      mlirDictionaryAttrGetElementByName(dictionary, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(hint) || !mlirAttributeIsAInteger(hint))
    return false;
  *value = mlirIntegerAttrGetValueInt(hint);
  return *value > 0;
}

static void seedFunctionArguments(Solver *solver, MlirOperation func) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  if (mlirBlockIsNull(entry))
    return;
  for (intptr_t i = 0, n = mlirBlockGetNumArguments(entry); i < n; ++i) {
    MlirValue argument = mlirBlockGetArgument(entry, i);
    TileAxisInfo info;
    pessimisticFor(argument, &info);
    int64_t hint = 0;
    for (int32_t d = 0; d < info.rank; ++d) {
      if (readArgumentHint(func, i, "tile.divisibility", &hint))
        info.divisibility[d] = hint;
      if (readArgumentHint(func, i, "tile.contiguity", &hint))
        info.contiguity[d] = hint;
      if (readArgumentHint(func, i, "tile.constancy", &hint))
        info.constancy[d] = hint;
    }
    record(solver, argument, &info);
  }
}

/* The init value joined with the value yielded so far (if seen yet). */
static TileAxisInfo loopCarriedInfo(const Solver *solver, MlirValue init,
                                    MlirValue yielded) {
  TileAxisInfo info = currentInfo(solver, init);
  const TileAxisInfo *fromYield = tileAxisInfoLookup(solver->analysis, yielded);
  if (fromYield)
    joinInfo(&info, fromYield);
  return info;
}

static MlirOperation terminatorOf(MlirOperation op, intptr_t region) {
  MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, region));
  return mlirBlockIsNull(block) ? (MlirOperation){NULL} : mlirBlockGetTerminator(block);
}

/* scf.for operands: lower bound, upper bound, step, then the inits; body
 * arguments: the induction variable, then the iter args. */
static void visitForLoop(Solver *solver, MlirOperation loop) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  MlirOperation yield = terminatorOf(loop, 0);
  if (mlirBlockIsNull(body) || mlirOperationIsNull(yield))
    return;
  TileAxisInfo lowerBound = currentInfo(solver, mlirOperationGetOperand(loop, 0));
  TileAxisInfo step = currentInfo(solver, mlirOperationGetOperand(loop, 2));
  TileAxisInfo inductionVariable;
  setPessimistic(&inductionVariable, 1);
  inductionVariable.divisibility[0] = gcd64(lowerBound.divisibility[0], step.divisibility[0]);
  record(solver, mlirBlockGetArgument(body, 0), &inductionVariable);
  for (intptr_t i = 0, n = mlirOperationGetNumResults(loop); i < n; ++i) {
    TileAxisInfo carried = loopCarriedInfo(solver, mlirOperationGetOperand(loop, 3 + i),
                                           mlirOperationGetOperand(yield, i));
    record(solver, mlirBlockGetArgument(body, 1 + i), &carried);
    record(solver, mlirOperationGetResult(loop, i), &carried);
  }
}

/* An scf.if result holds what both branches yield. */
static void visitIf(Solver *solver, MlirOperation branch) {
  MlirOperation thenYield = terminatorOf(branch, 0);
  MlirOperation elseYield = terminatorOf(branch, 1);
  for (intptr_t i = 0, n = mlirOperationGetNumResults(branch); i < n; ++i) {
    MlirValue result = mlirOperationGetResult(branch, i);
    if (mlirOperationIsNull(thenYield) || mlirOperationIsNull(elseYield)) {
      TileAxisInfo info;
      pessimisticFor(result, &info);
      record(solver, result, &info);
      continue;
    }
    TileAxisInfo info = loopCarriedInfo(solver, mlirOperationGetOperand(thenYield, i),
                                        mlirOperationGetOperand(elseYield, i));
    record(solver, result, &info);
  }
}

static void recordPessimisticBlockArguments(Solver *solver, MlirOperation op) {
  for (intptr_t r = 0, regions = mlirOperationGetNumRegions(op); r < regions; ++r)
    for (MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(block); block = mlirBlockGetNextInRegion(block))
      for (intptr_t a = 0, n = mlirBlockGetNumArguments(block); a < n; ++a) {
        TileAxisInfo info;
        pessimisticFor(mlirBlockGetArgument(block, a), &info);
        record(solver, mlirBlockGetArgument(block, a), &info);
      }
}

/* Elementwise transfer functions (two or three operands) read every
 * operand at the result's rank; a scalar select condition is the one
 * exception. Ranks the analysis does not track keep pessimistic facts. */
static bool operandRanksFit(const Transfer *transfer, const Visit *visit,
                            const TileAxisInfo *operands) {
  if (transfer->numOperands < 2)
    return true;
  bool scalarCondition =
      transfer->visit == visitSelect &&
      !mlirTypeIsARankedTensor(mlirValueGetType(mlirOperationGetOperand(visit->op, 0)));
  for (int32_t i = scalarCondition ? 1 : 0; i < transfer->numOperands; ++i)
    if (operands[i].rank != visit->rank)
      return false;
  return true;
}

static void visitGenericOp(Solver *solver, MlirOperation op) {
  intptr_t numResults = mlirOperationGetNumResults(op);
  if (numResults == 0)
    return;
  MlirValue result = mlirOperationGetResult(op, 0);
  TileAxisInfo info;
  pessimisticFor(result, &info);
  const Transfer *transfer = transferFor(op);
  if (transfer && mlirOperationGetNumOperands(op) >= transfer->numOperands) {
    Visit visit = {.op = op, .numOperands = transfer->numOperands};
    visit.rank = shapeForAnalysis(mlirValueGetType(result), visit.shape);
    TileAxisInfo operands[4];
    for (int32_t i = 0; i < transfer->numOperands; ++i) {
      operands[i] = currentInfo(solver, mlirOperationGetOperand(op, i));
      visit.operands[i] = &operands[i];
    }
    if (operandRanksFit(transfer, &visit, operands))
      transfer->visit(&visit, &info);
  }
  record(solver, result, &info);
  for (intptr_t i = 1; i < numResults; ++i) {
    pessimisticFor(mlirOperationGetResult(op, i), &info);
    record(solver, mlirOperationGetResult(op, i), &info);
  }
}

static MlirWalkResult visitOp(MlirOperation op, void *userData) {
  Solver *solver = (Solver *)userData;
  if (solver->outOfMemory)
    return MlirWalkResultInterrupt;
  if (mlirOperationEqual(op, solver->func))
    seedFunctionArguments(solver, op);
  else if (tileOperationIsNamed(op, "scf.for"))
    visitForLoop(solver, op);
  else if (tileOperationIsNamed(op, "scf.if"))
    visitIf(solver, op);
  else {
    recordPessimisticBlockArguments(solver, op);
    visitGenericOp(solver, op);
  }
  return MlirWalkResultAdvance;
}

TileAxisInfoAnalysis *tileAxisInfoAnalyze(MlirOperation func) {
  TileAxisInfoAnalysis *analysis = calloc(1, sizeof(TileAxisInfoAnalysis));
  if (!analysis || !growMap(analysis)) {
    free(analysis);
    return NULL;
  }
  Solver solver = {analysis, func, true, false};
  /* Each walk can only shrink facts, and facts are bounded below, so this
   * ends; the bound guards against a transfer function that is not
   * monotone. */
  for (int walk = 0; walk < 64 && solver.changed && !solver.outOfMemory; ++walk) {
    solver.changed = false;
    mlirOperationWalk(func, visitOp, &solver, MlirWalkPreOrder);
  }
  if (solver.outOfMemory) {
    tileAxisInfoDestroy(analysis);
    return NULL;
  }
  return analysis;
}

/*===----------------------------------------------------------------------===*
 * Printing, and the test pass
 *===----------------------------------------------------------------------===*/

static size_t appendList(char *buffer, size_t size, size_t at, const char *name,
                         const int64_t *values, int32_t rank) {
  at += (size_t)snprintf(buffer + at, at < size ? size - at : 0, "%s = [", name);
  for (int32_t d = 0; d < rank; ++d)
    at += (size_t)snprintf(buffer + at, at < size ? size - at : 0, "%s%lld",
                           d ? ", " : "", (long long)values[d]);
  at += (size_t)snprintf(buffer + at, at < size ? size - at : 0, "], ");
  return at;
}

const char *tileAxisInfoToString(const TileAxisInfo *info, char *buffer, size_t size) {
  if (size == 0)
    return buffer;
  size_t at = 0;
  at = appendList(buffer, size, at, "contiguity", info->contiguity, info->rank);
  at = appendList(buffer, size, at, "divisibility", info->divisibility, info->rank);
  at = appendList(buffer, size, at, "constancy", info->constancy, info->rank);
  if (info->hasConstantValue)
    snprintf(buffer + at, at < size ? size - at : 0, "constant_value = %lld",
             (long long)info->constantValue);
  else
    snprintf(buffer + at, at < size ? size - at : 0, "constant_value = <none>");
  return buffer;
}

static bool hasIntegerOrPointerElements(MlirValue value) {
  MlirType element = tileElementTypeOf(mlirValueGetType(value));
  return mlirTypeIsAInteger(element) || mlirTypeIsAIndex(element) ||
         tileTypeIsAPointer(element);
}

static unsigned lineOf(MlirOperation op) {
  MlirLocation location = mlirOperationGetLocation(op);
  return (unsigned)mlirLocationFileLineColRangeGetStartLine(location);
}

typedef struct Printer {
  const TileAxisInfoAnalysis *analysis;
} Printer;

static MlirWalkResult printFactsOfOp(MlirOperation op, void *userData) {
  const Printer *printer = (const Printer *)userData;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  char text[1024];
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    const TileAxisInfo *info = tileAxisInfoLookup(printer->analysis, result);
    if (!info || !hasIntegerOrPointerElements(result))
      continue;
    fprintf(stderr, "line %u: %.*s", lineOf(op), (int)name.length, name.data);
    if (n > 1)
      fprintf(stderr, " #%ld", (long)i);
    fprintf(stderr, ": %s\n", tileAxisInfoToString(info, text, sizeof(text)));
  }
  return MlirWalkResultAdvance;
}

static MlirWalkResult printFactsOfFunction(MlirOperation op, void *userData) {
  MlirLogicalResult *result = (MlirLogicalResult *)userData;
  if (!tileOperationIsNamed(op, "func.func"))
    return MlirWalkResultAdvance;
  TileAxisInfoAnalysis *analysis = tileAxisInfoAnalyze(op);
  if (!analysis) {
    mlirEmitError(mlirOperationGetLocation(op), "test-print-axis-info: out of memory");
    *result = mlirLogicalResultFailure();
    return MlirWalkResultInterrupt;
  }
  MlirStringRef name = mlirStringAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name")));
  fprintf(stderr, "axis info of @%.*s\n", (int)name.length, name.data);
  Printer printer = {analysis};
  mlirOperationWalk(op, printFactsOfOp, &printer, MlirWalkPreOrder);
  tileAxisInfoDestroy(analysis);
  return MlirWalkResultSkip;
}

static MlirLogicalResult runTestPrintAxisInfo(MlirOperation op,
                                              const TilePassOptionValue *options) {
  MlirLogicalResult result = mlirLogicalResultSuccess();
  mlirOperationWalk(op, printFactsOfFunction, &result, MlirWalkPreOrder);
  return result;
}

_Alignas(8) const TilePassInfo tileTestPrintAxisInfoPass = {
    .argument = "test-print-axis-info",
    .name = "TestPrintAxisInfo",
    .description = "Test only: print the contiguity, divisibility and constancy of "
                   "every integer and pointer value to stderr",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runTestPrintAxisInfo,
};
