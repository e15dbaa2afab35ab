/*===- scan.c - tile.scan: threads, then lanes, then segments ---------------===*
 *
 * An inclusive scan along `axis` (from the end with `reverse`), with any
 * associative combiner and any number of operands. The layout's bases
 * along the axis, sorted by the coordinate bit they set, must read: first
 * register bits (a thread's run of consecutive elements), then consecutive
 * lane bits, then anything but lanes (warps, or registers that wrap the
 * tile around) -- every blocked layout does. Then:
 *   1. each thread scans its runs in order;
 *   2. the run totals are scanned across lanes with `shfl.sync.up`
 *      (`down` in reverse; Hillis-Steele, log2(lanes) steps), and each run
 *      takes the total of the lanes before it with one more shuffle;
 *   3. "segments" (what one warp's lanes cover) are joined through shared
 *      memory: the last lane of each writes its total, `barrier0`, and every
 *      thread combines the totals of the segments before its own into the
 *      elements of that segment.
 * The accumulated value is always the combiner's left operand, so the
 * reverse scan is the flip of a scan of the flipped tensor, as in Triton.
 * Other layouts get a "not lowered yet" error at the op.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/support.h"

#include <stdlib.h>
#include <string.h>

static int32_t log2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

static int32_t log2Of(int64_t value) {
  int32_t bits = 0;
  while (((int64_t)1 << bits) < value)
    ++bits;
  return bits;
}

static bool notLowered(MlirOperation op, const char *why) {
  tileLoweringError(op, "scanning this layout is not lowered yet (%s); convert "
                        "the operand to a blocked layout whose fastest dim is "
                        "the scanned one",
                    why);
  return false;
}

/* Which hardware bit sets coordinate bit k along the axis. */
typedef struct AxisBit {
  TileLayoutDimName source;
  int32_t bit;
} AxisBit;

bool tileScanPlanGet(TileLowering *lowering, MlirOperation op, TileScanPlan *plan) {
  memset(plan, 0, sizeof(*plan));
  intptr_t count = mlirOperationGetNumOperands(op);
  int64_t axis;
  if (!tileCombineOperandsCheck(lowering, op, "scans", &axis, &plan->layout))
    return false;
  MlirType type = mlirValueGetType(mlirOperationGetOperand(op, 0));
  plan->numOperands = (int32_t)count;
  plan->axis = (int32_t)axis;
  plan->rank = (int32_t)tileRankOf(type);
  plan->reverse = tileHasFlag(op, "reverse");
  plan->freeLanes = tileLayoutGetFreeVariableMask(&plan->layout, TILE_LAYOUT_LANE);
  plan->freeWarps = tileLayoutGetFreeVariableMask(&plan->layout, TILE_LAYOUT_WARP);
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  tileShapeOf(type, shape, TILE_LAYOUT_MAX_RANK);
  int32_t axisBits = log2Of(shape[axis]);

  /* Sort the bases along the axis by the coordinate bit they set. */
  AxisBit bits[32];
  bool seen[32] = {false};
  static const TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                             TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 3; ++i) {
    uint32_t copies = tileLayoutGetFreeVariableMask(&plan->layout, names[i]);
    for (int32_t bit = 0; bit < log2Size(&plan->layout, names[i]); ++bit) {
      if ((copies >> bit) & 1)
        continue;
      int32_t basis[TILE_LAYOUT_MAX_RANK];
      tileLayoutBasis(&plan->layout, names[i], bit, plan->rank, basis);
      if (basis[axis] == 0)
        continue;
      for (int32_t d = 0; d < plan->rank; ++d)
        if (d != axis && basis[d] != 0)
          return notLowered(op, "a basis steps along the axis and another dim");
      int32_t k = log2Of(basis[axis]);
      if ((1 << k) != basis[axis] || k >= axisBits || seen[k])
        return notLowered(op, "the axis is not a plain power-of-two split");
      seen[k] = true;
      bits[k] = (AxisBit){names[i], bit};
    }
  }
  int32_t k = 0;
  while (k < axisBits && bits[k].source == TILE_LAYOUT_REGISTER)
    ++k;
  plan->innerRegisterBits = k;
  plan->firstLaneBit = k < axisBits && bits[k].source == TILE_LAYOUT_LANE ? bits[k].bit : 0;
  while (k < axisBits && bits[k].source == TILE_LAYOUT_LANE) {
    if (bits[k].bit != plan->firstLaneBit + plan->laneBits)
      return notLowered(op, "the lanes along the axis are not consecutive lane bits");
    ++plan->laneBits;
    ++k;
  }
  for (; k < axisBits; ++k)
    if (bits[k].source == TILE_LAYOUT_LANE)
      return notLowered(op, "lanes step along the axis above warps or wrapped registers");
  plan->segments = 1 << (axisBits - plan->innerRegisterBits - plan->laneBits);
  plan->rows = tileNumElementsOf(type) / shape[axis];
  if (plan->segments == 1)
    return true;
  plan->scratchBytes =
      tileCombineScratchLayout(op, plan->rows * plan->segments, plan->operandOffsets);
  return true;
}

/* ---- Lowering ----------------------------------------------------------- */

/* A thread's run: the registers of one row and one segment, in axis order. */
typedef struct Runs {
  int32_t count, length;
  int32_t key[TILE_LOWERING_MAX_REGISTERS][TILE_LAYOUT_MAX_RANK];
  int32_t members[TILE_LOWERING_MAX_REGISTERS]; /* run g, position p: g * length + p */
} Runs;

typedef struct Scan {
  TileLowering *lowering;
  MlirOperation op;
  MlirLocation location;
  const TileScanPlan *plan;
  int32_t registers;
  MlirValue (*values)[TILE_COMBINE_MAX_OPERANDS]; /* per register */
  Runs *runs;
} Scan;

static bool groupRuns(Scan *scan) {
  const TileScanPlan *plan = scan->plan;
  Runs *runs = scan->runs;
  uint32_t copies = tileLayoutGetFreeVariableMask(&plan->layout, TILE_LAYOUT_REGISTER);
  runs->count = 0;
  runs->length = 1 << plan->innerRegisterBits;
  int32_t inner = runs->length - 1;
  for (int32_t r = 0; r < scan->registers; ++r) {
    if ((uint32_t)r & copies)
      continue;
    int32_t key[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(&plan->layout, plan->rank, r, key);
    int32_t position = key[plan->axis] & inner;
    key[plan->axis] &= ~inner;
    int32_t g = 0;
    while (g < runs->count &&
           memcmp(runs->key[g], key, sizeof(int32_t) * (size_t)plan->rank) != 0)
      ++g;
    if (g == runs->count) {
      if ((runs->count + 1) * runs->length > TILE_LOWERING_MAX_REGISTERS)
        return false;
      memcpy(runs->key[runs->count++], key, sizeof(key));
      for (int32_t p = 0; p < runs->length; ++p)
        runs->members[g * runs->length + p] = -1;
    }
    runs->members[g * runs->length + position] = r;
  }
  for (int32_t i = 0; i < runs->count * runs->length; ++i)
    if (runs->members[i] < 0)
      return false;
  return true;
}

/* The register at step `step` of run `g` in scan order. */
static int32_t runMember(const Scan *scan, int32_t g, int32_t step) {
  int32_t length = scan->runs->length;
  return scan->runs->members[g * length + (scan->plan->reverse ? length - 1 - step : step)];
}

static bool combineInto(Scan *scan, const MlirValue *left, MlirValue *right) {
  return tileEmitCombine(scan->lowering, scan->op, left, right, right);
}

/* right = condition ? combine(left, right) : right, per operand. */
static bool combineIf(Scan *scan, MlirValue condition, const MlirValue *left,
                      MlirValue *right) {
  MlirValue combined[TILE_COMBINE_MAX_OPERANDS];
  memcpy(combined, right, sizeof(MlirValue) * (size_t)scan->plan->numOperands);
  if (!combineInto(scan, left, combined))
    return false;
  for (int32_t n = 0; n < scan->plan->numOperands; ++n)
    right[n] = tileEmitSelect(scan->lowering, scan->location, condition, combined[n], right[n]);
  return true;
}

static bool scanInThreads(Scan *scan) {
  for (int32_t g = 0; g < scan->runs->count; ++g)
    for (int32_t step = 1; step < scan->runs->length; ++step)
      if (!combineInto(scan, scan->values[runMember(scan, g, step - 1)],
                       scan->values[runMember(scan, g, step)]))
        return false;
  return true;
}

static MlirValue laneAlongAxis(Scan *scan, MlirValue lane) {
  TileLowering *lowering = scan->lowering;
  MlirValue shifted = tileEmitBinary(lowering, scan->location, "llvm.lshr", lane,
                                     tileEmitI32(lowering, scan->location, scan->plan->firstLaneBit));
  return tileEmitBinary(lowering, scan->location, "llvm.and", shifted,
                        tileEmitI32(lowering, scan->location, (1 << scan->plan->laneBits) - 1));
}

/* Hillis-Steele over the run totals, then each run takes the lanes before. */
static bool scanAcrossLanes(Scan *scan, MlirValue lane) {
  const TileScanPlan *plan = scan->plan;
  TileLowering *lowering = scan->lowering;
  MlirLocation location = scan->location;
  const char *kind = plan->reverse ? "down" : "up";
  int32_t lanes = 1 << plan->laneBits;
  MlirValue index = laneAlongAxis(scan, lane);
  for (int32_t g = 0; g < scan->runs->count; ++g) {
    MlirValue total[TILE_COMBINE_MAX_OPERANDS];
    memcpy(total, scan->values[runMember(scan, g, scan->runs->length - 1)],
           sizeof(MlirValue) * (size_t)plan->numOperands);
    for (int32_t i = 0; i < plan->laneBits; ++i) {
      MlirValue before[TILE_COMBINE_MAX_OPERANDS];
      for (int32_t n = 0; n < plan->numOperands; ++n)
        before[n] = tileEmitShuffle(lowering, location, kind, total[n],
                                    1 << (plan->firstLaneBit + i));
      MlirValue valid =
          plan->reverse
              ? tileEmitCompare(lowering, location, "ult", index,
                                tileEmitI32(lowering, location, lanes - (1 << i)))
              : tileEmitCompare(lowering, location, "uge", index,
                                tileEmitI32(lowering, location, 1 << i));
      if (!combineIf(scan, valid, before, total))
        return false;
    }
    MlirValue exclusive[TILE_COMBINE_MAX_OPERANDS];
    for (int32_t n = 0; n < plan->numOperands; ++n)
      exclusive[n] = tileEmitShuffle(lowering, location, kind, total[n], 1 << plan->firstLaneBit);
    MlirValue hasBefore = tileEmitCompare(
        lowering, location, "ne", index,
        tileEmitI32(lowering, location, plan->reverse ? lanes - 1 : 0));
    for (int32_t step = 0; step < scan->runs->length; ++step)
      if (!combineIf(scan, hasBefore, exclusive, scan->values[runMember(scan, g, step)]))
        return false;
  }
  return true;
}

static MlirValue scratchAddress(Scan *scan, MlirValue base, int64_t scratchOffset,
                                MlirValue slot, int32_t operand, MlirType type) {
  TileLowering *lowering = scan->lowering;
  MlirLocation location = scan->location;
  int64_t bytes = tileSharedElementBytes(type);
  MlirValue byteOffset = tileEmitBinary(
      lowering, location, "llvm.add",
      tileEmitBinary(lowering, location, "llvm.mul", slot, tileEmitI32(lowering, location, bytes)),
      tileEmitI32(lowering, location, scratchOffset + scan->plan->operandOffsets[operand]));
  return tileEmitSharedAddress(lowering, location, base, byteOffset);
}

/* The last lane of every segment writes its total to slot row * S + s;
 * then each run combines the totals of the segments before its own. */
static bool joinSegments(Scan *scan, MlirValue lane, MlirValue warp, int64_t scratchOffset) {
  const TileScanPlan *plan = scan->plan;
  TileLowering *lowering = scan->lowering;
  MlirLocation location = scan->location;
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  tileShapeOf(mlirValueGetType(mlirOperationGetOperand(scan->op, 0)), shape,
              TILE_LAYOUT_MAX_RANK);
  MlirValue *coordinates =
      malloc(sizeof(MlirValue) * (size_t)scan->registers * (size_t)plan->rank);
  MlirValue *rowSlots = malloc(sizeof(MlirValue) * 2 * (size_t)scan->runs->count);
  if (!coordinates || !rowSlots) {
    free(coordinates);
    free(rowSlots);
    tileLoweringError(scan->op, "out of memory");
    return false;
  }
  MlirValue *segments = rowSlots + scan->runs->count;
  tileEmitCoordinates(lowering, location, &plan->layout, plan->rank, coordinates);
  int32_t segmentShift = plan->innerRegisterBits + plan->laneBits;
  for (int32_t g = 0; g < scan->runs->count; ++g) {
    const MlirValue *mine = coordinates + (size_t)runMember(scan, g, 0) * (size_t)plan->rank;
    segments[g] = tileEmitBinary(lowering, location, "llvm.lshr", mine[plan->axis],
                                 tileEmitI32(lowering, location, segmentShift));
    rowSlots[g] = tileEmitBinary(
        lowering, location, "llvm.mul",
        tileEmitLinearIndex(lowering, location, plan->rank, shape, mine, plan->axis),
        tileEmitI32(lowering, location, plan->segments));
  }
  free(coordinates);

  MlirValue base = tileEmitSharedBase(lowering, location);
  MlirValue writer = tileEmitBinary(
      lowering, location, "llvm.and",
      tileEmitBitsClear(lowering, location, lane, (int32_t)plan->freeLanes),
      tileEmitBitsClear(lowering, location, warp, (int32_t)plan->freeWarps));
  if (plan->laneBits > 0)
    writer = tileEmitBinary(
        lowering, location, "llvm.and", writer,
        tileEmitCompare(lowering, location, "eq", laneAlongAxis(scan, lane),
                        tileEmitI32(lowering, location,
                                    plan->reverse ? 0 : (1 << plan->laneBits) - 1)));
  MlirOperation ifOp = tileEmitBeginIf(lowering, location, writer);
  for (int32_t g = 0; g < scan->runs->count; ++g) {
    const MlirValue *total = scan->values[runMember(scan, g, scan->runs->length - 1)];
    MlirValue slot = tileEmitBinary(lowering, location, "llvm.add", rowSlots[g], segments[g]);
    for (int32_t n = 0; n < plan->numOperands; ++n) {
      MlirType type = mlirValueGetType(total[n]);
      tileEmitSharedStore(lowering, location,
                          scratchAddress(scan, base, scratchOffset, slot, n, type), total[n],
                          tileSharedElementBytes(type));
    }
  }
  tileEmitEndIf(lowering, ifOp);
  tileEmitBarrier(lowering, location);

  bool ok = true;
  for (int32_t g = 0; g < scan->runs->count && ok; ++g) {
    MlirValue carry[TILE_COMBINE_MAX_OPERANDS];
    for (int32_t step = 0; step < plan->segments && ok; ++step) {
      int32_t t = plan->reverse ? plan->segments - 1 - step : step;
      MlirValue slot = tileEmitBinary(lowering, location, "llvm.add", rowSlots[g],
                                      tileEmitI32(lowering, location, t));
      MlirValue total[TILE_COMBINE_MAX_OPERANDS];
      for (int32_t n = 0; n < plan->numOperands; ++n) {
        MlirType type = mlirValueGetType(scan->values[runMember(scan, g, 0)][n]);
        total[n] = tileEmitSharedLoad(lowering, location,
                                      scratchAddress(scan, base, scratchOffset, slot, n, type),
                                      type, tileSharedElementBytes(type));
      }
      if (step == 0) {
        memcpy(carry, total, sizeof(MlirValue) * (size_t)plan->numOperands);
        continue;
      }
      /* Segment t comes before this run's segment. */
      MlirValue before = tileEmitCompare(lowering, location, plan->reverse ? "ugt" : "ult",
                                         tileEmitI32(lowering, location, t), segments[g]);
      MlirValue combined[TILE_COMBINE_MAX_OPERANDS];
      memcpy(combined, total, sizeof(MlirValue) * (size_t)plan->numOperands);
      ok = combineInto(scan, carry, combined);
      for (int32_t n = 0; n < plan->numOperands && ok; ++n)
        carry[n] = tileEmitSelect(lowering, location, before, combined[n], carry[n]);
    }
    MlirValue hasCarry = tileEmitCompare(
        lowering, location, "ne", segments[g],
        tileEmitI32(lowering, location, plan->reverse ? plan->segments - 1 : 0));
    for (int32_t step = 0; step < scan->runs->length && ok; ++step)
      ok = combineIf(scan, hasCarry, carry, scan->values[runMember(scan, g, step)]);
  }
  free(rowSlots);
  return ok;
}

static bool emitScan(Scan *scan) {
  TileLowering *lowering = scan->lowering;
  const TileScanPlan *plan = scan->plan;
  for (int32_t n = 0; n < plan->numOperands; ++n) {
    MlirValue column[TILE_LOWERING_MAX_REGISTERS];
    tileEmitUnpack(lowering, scan->location,
                   tileLoweredValue(mlirOperationGetOperand(scan->op, n)), scan->registers,
                   column);
    for (int32_t r = 0; r < scan->registers; ++r)
      scan->values[r][n] = column[r];
  }
  if (!groupRuns(scan))
    return notLowered(scan->op, "a thread's registers do not form whole runs");
  if (!scanInThreads(scan))
    return false;
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, scan->location, &lane, &warp);
  if (plan->laneBits > 0 && !scanAcrossLanes(scan, lane))
    return false;
  if (plan->segments > 1) {
    int64_t scratchOffset;
    if (!tileSharedOffsetOf(scan->op, &scratchOffset) ||
        !joinSegments(scan, lane, warp, scratchOffset))
      return false;
  }
  /* Registers that copy another one take its result. */
  uint32_t copies = tileLayoutGetFreeVariableMask(&plan->layout, TILE_LAYOUT_REGISTER);
  for (int32_t r = 0; r < scan->registers; ++r) {
    if (!((uint32_t)r & copies))
      continue;
    int32_t mine[TILE_LAYOUT_MAX_RANK], other[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(&plan->layout, plan->rank, r, mine);
    for (int32_t s = 0; s < r; ++s) {
      tileRegisterCoordinates(&plan->layout, plan->rank, s, other);
      if (!((uint32_t)s & copies) &&
          memcmp(mine, other, sizeof(int32_t) * (size_t)plan->rank) == 0) {
        memcpy(scan->values[r], scan->values[s], sizeof(scan->values[r]));
        break;
      }
    }
  }
  MlirValue results[TILE_COMBINE_MAX_OPERANDS];
  for (int32_t n = 0; n < plan->numOperands; ++n) {
    MlirType structType =
        tileLoweredType(lowering, scan->op, mlirValueGetType(mlirOperationGetResult(scan->op, n)));
    if (mlirTypeIsNull(structType))
      return false;
    MlirValue column[TILE_LOWERING_MAX_REGISTERS];
    for (int32_t r = 0; r < scan->registers; ++r)
      column[r] = scan->values[r][n];
    results[n] = tileEmitPack(lowering, scan->location, structType, scan->registers, column);
  }
  tileReplaceOp(lowering, scan->op, results);
  return true;
}

MlirLogicalResult tileLowerScan(TileLowering *lowering, MlirOperation op) {
  TileScanPlan plan;
  if (!tileScanPlanGet(lowering, op, &plan))
    return mlirLogicalResultFailure();
  Scan scan = {
      .lowering = lowering,
      .op = op,
      .location = mlirOperationGetLocation(op),
      .plan = &plan,
      .registers = tileLayoutGetNumRegisters(&plan.layout),
  };
  scan.values = malloc(sizeof(*scan.values) * (size_t)scan.registers);
  scan.runs = malloc(sizeof(Runs));
  bool ok = scan.values && scan.runs;
  if (!ok)
    tileLoweringError(op, "out of memory");
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  ok = ok && emitScan(&scan);
  free(scan.values);
  free(scan.runs);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
