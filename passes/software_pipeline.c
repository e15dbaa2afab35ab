/*===- software_pipeline.c - software pipelining of the loads that feed dots ---------===*
 *
 * -tilegpu-pipeline{num-stages=S} rewrites an `scf.for` whose body loads
 * the operands of a tensor-core `tile.dot` (a `tile.load` whose only users
 * are `tilegpu.convert_layout`s to an mma `#tilegpu.dot_operand` layout) so
 * that the loads of the next S - 1 iterations are in flight while this one
 * multiplies (Triton's software pipeliner, simplified to two stages: the
 * copy and the rest). For each such load it allocates a ring buffer of S
 * slots in shared memory (the operand's swizzled layout, as
 * tilegpu-reduce-data-duplication would give it) and produces
 *
 *   ring = local_alloc                      (S x tile)
 *   prologue, s = 0 .. S-2:  async_copy (iteration s) -> ring[s]
 *                            async_commit_group
 *   scf.for i ... iter_args(..., extract = 0, insert = S-1)
 *     async_wait {num = S-2}                 (iteration i has landed)
 *     async_copy (iteration i+S-1) -> ring[insert]; async_commit_group
 *     operand = local_load ring[extract]     (replaces the convert_layout)
 *     ... the dot ...
 *     yield ..., (extract + 1) mod S, (insert + 1) mod S
 *   async_wait {num = 0}; local_dealloc ring
 *
 * The copies are `cp.async` (async_copy_global_to_local): the load's mask
 * becomes the copy's zero-fill, and the copies of iterations past the end
 * of the loop (the last S-1 iterations issue them, as does the prologue of
 * a short loop) are masked off entirely with `i + s < ub`, so they read
 * nothing. The wait comes before the copy so one barrier per iteration
 * suffices: tilegpu-insert-barriers puts a barrier right after every
 * async_wait, after which every thread has read the slot the new copy
 * overwrites (it was read in the previous iteration) and every thread's
 * copies into the slot read now are visible.
 *
 * What the copy of iteration i+S-1 needs is computed inside iteration i:
 *   - the ops of the loads' backward slice in the body are cloned with the
 *     induction variable shifted by (S-1) * step;
 *   - loop-carried values in that slice (pointers advanced by addptr) run
 *     S-1 iterations ahead: the prologue computes them for iteration S-1
 *     and the body keeps advancing them, so the body's own update ops are
 *     unchanged.
 * A loop is left alone, with the reason in a `tile_pipeline.skipped` string
 * attribute on the scf.for, when a load's slice reads other loop-carried
 * values or holds ops that are not plain computations, when such a value
 * is used after the loop or by other ops, when a load is volatile or its
 * `other` is not zero (cp.async fills with zeros only), or when a thread's
 * contiguous run is under 4 bytes (the smallest cp.async; see
 * copyBytesOf). Loads that fail only their own checks stay plain loads
 * while the others are pipelined. num-stages 1 changes nothing.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "passes/axis_info.h"
#include "passes/passes.h"
#include "passes/reduce_data_duplication.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  MAX_PIPELINED_LOADS = 8,
  MAX_CONVERTS_PER_LOAD = 4,
  MAX_SLICE_OPS = 256,
  MAX_ITER_ARGS = 64,
  MAX_MAPPED_VALUES = 1024,
  MIN_COPY_BYTES = 4,
  CP_ASYNC_CAPABILITY = 80, /* the first GPU with cp.async */
  MAX_COPY_BYTES = 16,
};

static const char skipAttributeName[] = "tile_pipeline.skipped";

/* One load turned into cp.async copies through a ring buffer. */
typedef struct PipelinedLoad {
  MlirOperation load;
  MlirOperation converts[MAX_CONVERTS_PER_LOAD];
  int32_t numConverts;
  MlirAttribute shared; /* the ring's (and each slot's) shared layout */
  MlirValue ring;
} PipelinedLoad;

/* What the pass found out about one loop. */
typedef struct LoopPlan {
  MlirOperation loop;
  MlirBlock body;
  MlirValue inductionVariable;
  intptr_t numIterArgs;
  PipelinedLoad loads[MAX_PIPELINED_LOADS];
  int32_t numLoads;
  bool ahead[MAX_ITER_ARGS]; /* carried values that run S-1 iterations ahead */
  /* The loads' operands and the ahead values' updates: the body ops they
   * come from, in block order. */
  MlirOperation slice[MAX_SLICE_OPS];
  int32_t sliceSize;
  MlirOperation lastLoad; /* the copies and local_loads go right after it */
  char reason[256];       /* why the loop is not pipelined */
  char loadReason[256];   /* why a load is not, when none is */
} LoopPlan;

/* Old value -> new value while cloning. */
typedef struct ValueMap {
  MlirValue from[MAX_MAPPED_VALUES], to[MAX_MAPPED_VALUES];
  int32_t count;
} ValueMap;

static MlirValue mapped(const ValueMap *map, MlirValue value) {
  for (int32_t i = map->count - 1; i >= 0; --i)
    if (mlirValueEqual(map->from[i], value))
      return map->to[i];
  return value;
}

static bool mapAdd(ValueMap *map, MlirValue from, MlirValue to) {
  if (map->count == MAX_MAPPED_VALUES)
    return false;
  map->from[map->count] = from;
  map->to[map->count++] = to;
  return true;
}

/* ---- Small IR builders --------------------------------------------------- */

/* (index + 1) mod count, for a ring-slot index. */
static MlirValue buildNextSlot(MlirRewriterBase rewriter, MlirLocation location,
                               MlirValue index, int64_t count) {
  MlirType i32 = mlirValueGetType(index);
  MlirValue next = tileBuildBinary(rewriter, "arith.addi", location, index,
                                   tileBuildIntConstant(rewriter, location, i32, 1));
  MlirValue wraps = tileBuildCompare(rewriter, location, 2 /* slt */, next,
                                     tileBuildIntConstant(rewriter, location, i32, count));
  MlirValue operands[3] = {wraps, next, tileBuildIntConstant(rewriter, location, i32, 0)};
  return mlirOperationGetResult(
      tileBuildOp(rewriter, "arith.select", location, 3, operands, 1, &i32, 0, NULL), 0);
}

/* ---- Which loads, and what their copies need ------------------------------ */

/* The loop stays as it is, for `message`. */
static void skip(LoopPlan *plan, const char *message) {
  if (!plan->reason[0])
    snprintf(plan->reason, sizeof(plan->reason), "not pipelined: %s", message);
}

/* A load that stays a plain load; the loop may still pipeline others. */
static void skipLoad(LoopPlan *plan, const char *message) {
  if (!plan->loadReason[0])
    snprintf(plan->loadReason, sizeof(plan->loadReason), "not pipelined: %s", message);
}

/* True for a convert_layout into an mma operand layout (ldmatrix's users). */
static bool isMmaOperandConvert(MlirOperation op) {
  if (!tileOperationIsNamed(op, "tilegpu.convert_layout"))
    return false;
  MlirAttribute source = tileLayoutOf(mlirOperationGetOperand(op, 0));
  MlirAttribute result = tileLayoutOf(mlirOperationGetResult(op, 0));
  return !mlirAttributeIsNull(source) && tilegpuAttributeIsABlockedLayout(source) &&
         !mlirAttributeIsNull(result) && tilegpuAttributeIsADotOperandLayout(result) &&
         tilegpuAttributeIsAMmaLayout(tilegpuDotOperandLayoutAttrGetParent(result));
}

static MlirValue optionalOperand(MlirOperation op, intptr_t group) {
  intptr_t start, size;
  if (!tileOperandSegment(op, group, &start, &size) || size == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, start);
}

/* True if `value` is a constant zero (a splat of +0.0 or 0). */
static bool isZeroConstant(MlirValue value) {
  MlirOperation producer = tileDefiningOp(value);
  if (mlirOperationIsNull(producer) || !tileOperationIsNamed(producer, "arith.constant"))
    return false;
  MlirAttribute attr =
      mlirOperationGetAttributeByName(producer, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsADenseElements(attr)) {
    if (!mlirDenseElementsAttrIsSplat(attr))
      return false;
    attr = mlirDenseElementsAttrGetSplatValue(attr);
  }
  if (mlirAttributeIsAFloat(attr)) {
    double zero = mlirFloatAttrGetValueDouble(attr);
    return zero == 0.0 && !signbit(zero);
  }
  return mlirAttributeIsAInteger(attr) && mlirIntegerAttrGetValueInt(attr) == 0;
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* The bytes one thread's cp.async may move at once for `load`, as the
 * lowering (conversion/tilegpu_to_llvm/async_copy.c) will find them along
 * the layout's fastest dim: the thread's run of elements, what the
 * addresses allow (contiguity, alignment) and the mask's constancy, at
 * most 16. The shared side (the swizzle's vector) is never narrower for
 * an mma operand. */
static int64_t copyBytesOf(const TileAxisInfoAnalysis *analysis, MlirOperation load) {
  MlirValue pointers = mlirOperationGetOperand(load, 0);
  MlirValue mask = optionalOperand(load, 1);
  MlirAttribute blocked = tileLayoutOf(pointers);
  MlirType element = tilePointerTypeGetPointeeType(tileElementTypeOf(mlirValueGetType(pointers)));
  int64_t bytes = tileBitWidthOf(element) / 8;
  if (bytes == 0)
    return 0;
  unsigned fast = tilegpuBlockedLayoutAttrGetOrder(blocked, 0);
  int64_t elements = tilegpuBlockedLayoutAttrGetSizePerThread(blocked, fast);
  const TileAxisInfo *address = tileAxisInfoLookup(analysis, pointers);
  if (!address || fast >= (unsigned)address->rank)
    return bytes;
  elements = min64(elements, address->contiguity[fast]);
  elements = min64(elements, address->divisibility[fast] / bytes);
  if (!mlirValueIsNull(mask)) {
    const TileAxisInfo *maskInfo = tileAxisInfoLookup(analysis, mask);
    elements = min64(elements, maskInfo && fast < (unsigned)maskInfo->rank
                                   ? maskInfo->constancy[fast]
                                   : 1);
  }
  int64_t run = 1;
  while (run * 2 <= elements && run * 2 * bytes <= MAX_COPY_BYTES)
    run *= 2;
  return run * bytes;
}

/* Finds the loads of `plan->loop` that become copies. */
static void findLoads(LoopPlan *plan, const TileAxisInfoAnalysis *analysis) {
  for (MlirOperation op = mlirBlockGetFirstOperation(plan->body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!tileOperationIsNamed(op, "tile.load") ||
        !tileIsTensor(mlirValueGetType(mlirOperationGetOperand(op, 0))))
      continue;
    MlirValue result = mlirOperationGetResult(op, 0);
    PipelinedLoad load = {.load = op};
    bool feedsDots = !mlirOpOperandIsNull(mlirValueGetFirstUse(result));
    for (MlirOpOperand use = mlirValueGetFirstUse(result); !mlirOpOperandIsNull(use);
         use = mlirOpOperandGetNextUse(use)) {
      MlirOperation user = mlirOpOperandGetOwner(use);
      if (!isMmaOperandConvert(user) || load.numConverts == MAX_CONVERTS_PER_LOAD ||
          !mlirBlockEqual(mlirOperationGetBlock(user), plan->body)) {
        feedsDots = false;
        break;
      }
      load.converts[load.numConverts++] = user;
    }
    if (!feedsDots)
      continue;
    MlirType tensorType = mlirValueGetType(result);
    if (tileRankOf(tensorType) != 2) {
      skipLoad(plan, "only 2-D dot operand loads are pipelined");
      continue;
    }
    if (tileHasFlag(op, "isVolatile")) {
      skipLoad(plan, "the load is volatile, and must happen in its own iteration");
      continue;
    }
    MlirValue other = optionalOperand(op, 2);
    if (!mlirValueIsNull(other) && !isZeroConstant(other)) {
      skipLoad(plan, "the load's `other` is not zero, and cp.async fills with zeros");
      continue;
    }
    if (copyBytesOf(analysis, op) < MIN_COPY_BYTES) {
      skipLoad(plan, "a thread's contiguous run of a dot operand load is under 4 "
                     "bytes (contiguity, alignment or mask constancy of its pointers), "
                     "the smallest cp.async");
      continue;
    }
    load.shared = tileDotOperandSharedLayoutGet(
        mlirOperationGetContext(op), tileLayoutOf(mlirOperationGetOperand(op, 0)),
        tileLayoutOf(mlirOperationGetResult(load.converts[0], 0)), tensorType);
    for (int32_t i = 1; i < load.numConverts; ++i)
      if (!mlirAttributeEqual(tileLayoutOf(mlirOperationGetResult(load.converts[i], 0)),
                              tileLayoutOf(mlirOperationGetResult(load.converts[0], 0))))
        load.shared = (MlirAttribute){NULL};
    if (mlirAttributeIsNull(load.shared)) {
      skipLoad(plan, "the load feeds dot operands of different layouts");
      continue;
    }
    if (plan->numLoads == MAX_PIPELINED_LOADS)
      break;
    plan->loads[plan->numLoads++] = load;
  }
}

/* ---- The slice the copies need ------------------------------------------ */

static bool inSlice(const LoopPlan *plan, MlirOperation op) {
  for (int32_t i = 0; i < plan->sliceSize; ++i)
    if (mlirOperationEqual(plan->slice[i], op))
      return true;
  return false;
}

static bool isPipelinedLoad(const LoopPlan *plan, MlirOperation op) {
  for (int32_t i = 0; i < plan->numLoads; ++i)
    if (mlirOperationEqual(plan->loads[i].load, op))
      return true;
  return false;
}

/* Ops a slice may hold: computations without effects or regions, which
 * may be cloned for another iteration. */
static bool isClonable(MlirOperation op) {
  static const char *const names[] = {
      "tile.splat", "tile.broadcast", "tile.expand_dims", "tile.addptr", "tile.make_range",
      "tile.reshape", "tile.trans", "tile.int_to_ptr", "tile.ptr_to_int", "tile.bitcast",
      "tilegpu.convert_layout"};
  if (mlirOperationGetNumRegions(op) != 0)
    return false;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if (name.length > 6 && memcmp(name.data, "arith.", 6) == 0)
    return true;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i)
    if (tileOperationIsNamed(op, names[i]))
      return true;
  return false;
}

/* Adds the body ops `value` comes from to the slice; an iteration
 * argument joins the ahead set and brings its update along. */
static void addToSlice(LoopPlan *plan, MlirValue value) {
  if (plan->reason[0])
    return;
  if (mlirValueIsABlockArgument(value)) {
    if (!mlirBlockEqual(mlirBlockArgumentGetOwner(value), plan->body))
      return;
    intptr_t index = mlirBlockArgumentGetArgNumber(value);
    if (index == 0 || plan->ahead[index - 1])
      return;
    plan->ahead[index - 1] = true;
    addToSlice(plan, mlirOperationGetOperand(mlirBlockGetTerminator(plan->body), index - 1));
    return;
  }
  MlirOperation producer = mlirOpResultGetOwner(value);
  if (!mlirBlockEqual(mlirOperationGetBlock(producer), plan->body)) {
    /* Defined outside the loop, or nested inside another body op. */
    MlirOperation parent = mlirOperationGetParentOperation(producer);
    for (; !mlirOperationIsNull(parent); parent = mlirOperationGetParentOperation(parent))
      if (mlirOperationEqual(parent, plan->loop)) {
        skip(plan, "a load's operands come from inside a nested region");
        return;
      }
    return;
  }
  if (inSlice(plan, producer))
    return;
  if (!isClonable(producer)) {
    char message[160];
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(producer));
    snprintf(message, sizeof(message),
             "a load's operands come from '%.*s', which is not a plain computation",
             (int)name.length, name.data);
    skip(plan, message);
    return;
  }
  if (plan->sliceSize == MAX_SLICE_OPS) {
    skip(plan, "the loads' operands take too many ops");
    return;
  }
  plan->slice[plan->sliceSize++] = producer;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(producer); ++i)
    addToSlice(plan, mlirOperationGetOperand(producer, i));
}

/* True if `value` is an ahead argument or comes from one through the slice. */
static bool dependsOnAhead(const LoopPlan *plan, MlirValue value) {
  if (mlirValueIsABlockArgument(value)) {
    intptr_t index = mlirBlockArgumentGetArgNumber(value);
    return mlirBlockEqual(mlirBlockArgumentGetOwner(value), plan->body) && index > 0 &&
           plan->ahead[index - 1];
  }
  MlirOperation producer = mlirOpResultGetOwner(value);
  if (!inSlice(plan, producer))
    return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(producer); ++i)
    if (dependsOnAhead(plan, mlirOperationGetOperand(producer, i)))
      return true;
  return false;
}

/* True if `value` is the induction variable or comes from it through the
 * slice. */
static bool dependsOnInduction(const LoopPlan *plan, MlirValue value) {
  if (mlirValueEqual(value, plan->inductionVariable))
    return true;
  if (mlirValueIsABlockArgument(value))
    return false;
  MlirOperation producer = mlirOpResultGetOwner(value);
  if (!inSlice(plan, producer))
    return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(producer); ++i)
    if (dependsOnInduction(plan, mlirOperationGetOperand(producer, i)))
      return true;
  return false;
}

/* A value that runs ahead may only feed the slice, the loads and its own
 * update; the loop's result for it (now S-1 iterations too far) must be
 * unused. */
static void checkAheadUses(LoopPlan *plan) {
  MlirOperation yield = mlirBlockGetTerminator(plan->body);
  for (intptr_t j = 0; j < plan->numIterArgs && !plan->reason[0]; ++j) {
    if (!plan->ahead[j])
      continue;
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(plan->loop, j))))
      skip(plan, "a loop-carried value the loads use is also used after the loop");
  }
  for (int32_t i = 0; i < plan->sliceSize && !plan->reason[0]; ++i) {
    MlirOperation op = plan->slice[i];
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
      MlirValue result = mlirOperationGetResult(op, r);
      if (!dependsOnAhead(plan, result))
        continue;
      for (MlirOpOperand use = mlirValueGetFirstUse(result); !mlirOpOperandIsNull(use);
           use = mlirOpOperandGetNextUse(use)) {
        MlirOperation user = mlirOpOperandGetOwner(use);
        bool allowed = inSlice(plan, user) || isPipelinedLoad(plan, user) ||
                       (mlirOperationEqual(user, yield) &&
                        plan->ahead[mlirOpOperandGetOperandNumber(use)]);
        if (!allowed)
          skip(plan, "a loop-carried value the loads use also feeds other ops");
      }
    }
  }
  for (intptr_t j = 0; j < plan->numIterArgs && !plan->reason[0]; ++j) {
    if (!plan->ahead[j])
      continue;
    MlirValue argument = mlirBlockGetArgument(plan->body, j + 1);
    for (MlirOpOperand use = mlirValueGetFirstUse(argument); !mlirOpOperandIsNull(use);
         use = mlirOpOperandGetNextUse(use)) {
      MlirOperation user = mlirOpOperandGetOwner(use);
      if (!inSlice(plan, user) && !isPipelinedLoad(plan, user) &&
          !(mlirOperationEqual(user, yield) && plan->ahead[mlirOpOperandGetOperandNumber(use)]))
        skip(plan, "a loop-carried value the loads use also feeds other ops");
    }
  }
}

/* Sorts the slice into block order, so clones see their operands first. */
static void sortSlice(LoopPlan *plan) {
  for (int32_t i = 1; i < plan->sliceSize; ++i)
    for (int32_t j = i; j > 0 && mlirOperationIsBeforeInBlock(plan->slice[j],
                                                              plan->slice[j - 1]);
         --j) {
      MlirOperation swap = plan->slice[j];
      plan->slice[j] = plan->slice[j - 1];
      plan->slice[j - 1] = swap;
    }
}

/* Finds the last pipelined load; the copies and local_loads go right
 * after it, so every convert they replace must come later. */
static void findLastLoad(LoopPlan *plan) {
  MlirOperation last = plan->loads[0].load;
  for (int32_t i = 1; i < plan->numLoads; ++i)
    if (mlirOperationIsBeforeInBlock(last, plan->loads[i].load))
      last = plan->loads[i].load;
  for (int32_t i = 0; i < plan->numLoads; ++i)
    for (int32_t c = 0; c < plan->loads[i].numConverts; ++c)
      if (mlirOperationIsBeforeInBlock(plan->loads[i].converts[c], last))
        skip(plan, "an operand's convert_layout comes before another operand's load");
  plan->lastLoad = last;
}

static bool planLoop(LoopPlan *plan, MlirOperation loop, const TileAxisInfoAnalysis *analysis) {
  memset(plan, 0, sizeof(*plan));
  plan->loop = loop;
  plan->body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  plan->inductionVariable = mlirBlockGetArgument(plan->body, 0);
  plan->numIterArgs = mlirOperationGetNumResults(loop);
  if (plan->numIterArgs > MAX_ITER_ARGS)
    return false;
  findLoads(plan, analysis);
  if (plan->numLoads == 0) {
    memcpy(plan->reason, plan->loadReason, sizeof(plan->reason));
    return false;
  }
  for (int32_t i = 0; i < plan->numLoads; ++i) {
    MlirOperation load = plan->loads[i].load;
    addToSlice(plan, mlirOperationGetOperand(load, 0));
    MlirValue mask = optionalOperand(load, 1);
    if (!mlirValueIsNull(mask))
      addToSlice(plan, mask);
  }
  if (!plan->reason[0])
    checkAheadUses(plan);
  sortSlice(plan);
  if (!plan->reason[0])
    findLastLoad(plan);
  return !plan->reason[0];
}

/* ---- Rewriting ----------------------------------------------------------- */

typedef struct Rewrite {
  MlirRewriterBase rewriter;
  MlirContext context;
  MlirLocation location;
  int64_t numStages;
  MlirType i32, indexType; /* indexType: the induction variable's type */
  bool unsignedCompare;
  MlirValue lower, upper, step;
} Rewrite;

/* Clones `op` at the insertion point with its operands seen through `map`,
 * and maps its results to the clone's. */
static bool cloneMapped(Rewrite *rewrite, MlirOperation op, ValueMap *map) {
  MlirOperation clone = mlirRewriterBaseClone(rewrite->rewriter, op);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(clone); ++i)
    mlirOperationSetOperand(clone, i, mapped(map, mlirOperationGetOperand(op, i)));
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
    if (!mapAdd(map, mlirOperationGetResult(op, r), mlirOperationGetResult(clone, r)))
      return false;
  return true;
}

/* `iv + stages * step` in the induction variable's type. */
static MlirValue inductionPlus(Rewrite *rewrite, MlirValue iv, int64_t stages) {
  if (stages == 0)
    return iv;
  MlirValue distance = tileBuildBinary(
      rewrite->rewriter, "arith.muli", rewrite->location, rewrite->step,
      tileBuildIntConstant(rewrite->rewriter, rewrite->location, rewrite->indexType, stages));
  return tileBuildBinary(rewrite->rewriter, "arith.addi", rewrite->location, iv, distance);
}

static MlirValue buildMemDescIndex(Rewrite *rewrite, MlirValue ring, MlirValue slot) {
  MlirType ringType = mlirValueGetType(ring);
  int64_t allocShape[3], shape[2];
  for (int32_t d = 0; d < 3; ++d)
    allocShape[d] = mlirShapedTypeGetDimSize(ringType, d);
  shape[0] = allocShape[1];
  shape[1] = allocShape[2];
  MlirType slotType = tilegpuMemDescTypeGet(
      2, shape, mlirShapedTypeGetElementType(ringType), tilegpuMemDescTypeGetEncoding(ringType),
      tilegpuMemDescTypeGetMemorySpace(ringType), true, 3, allocShape);
  MlirValue operands[2] = {ring, slot};
  return mlirOperationGetResult(tileBuildOp(rewrite->rewriter, "tilegpu.memdesc_index",
                                            rewrite->location, 2, operands, 1, &slotType, 0,
                                            NULL),
                                0);
}

/* async_copy_global_to_local of `load` (operands seen through `map`) into
 * `slot`, masked off entirely when `inRange` is false. Returns its token. */
static MlirValue buildCopy(Rewrite *rewrite, MlirOperation load, const ValueMap *map,
                           MlirValue slot, MlirValue inRange) {
  MlirValue pointers = mapped(map, mlirOperationGetOperand(load, 0));
  MlirValue mask = optionalOperand(load, 1);
  MlirType pointerType = mlirValueGetType(pointers);
  int64_t shape[2];
  tileShapeOf(pointerType, shape, 2);
  MlirType maskType = mlirRankedTensorTypeGet(2, shape, mlirIntegerTypeGet(rewrite->context, 1),
                                              tileEncodingOf(pointerType));
  MlirValue rangeMask =
      tileBuildUnary(rewrite->rewriter, "tile.splat", rewrite->location, inRange, maskType);
  MlirValue copyMask = mlirValueIsNull(mask)
                           ? rangeMask
                           : tileBuildBinary(rewrite->rewriter, "arith.andi", rewrite->location,
                                             mapped(map, mask), rangeMask);
  MlirValue operands[3] = {pointers, slot, copyMask};
  int32_t segments[4] = {1, 1, 1, 0};
  MlirNamedAttribute attribute =
      tileNamedAttr(rewrite->context, "operandSegmentSizes",
                    mlirDenseI32ArrayGet(rewrite->context, 4, segments));
  MlirType token = tilegpuAsyncTokenTypeGet(rewrite->context);
  return mlirOperationGetResult(tileBuildOp(rewrite->rewriter,
                                            "tilegpu.async_copy_global_to_local",
                                            rewrite->location, 3, operands, 1, &token, 1,
                                            &attribute),
                                0);
}

static MlirValue buildCommit(Rewrite *rewrite, int32_t count, const MlirValue *tokens) {
  MlirType token = tilegpuAsyncTokenTypeGet(rewrite->context);
  return mlirOperationGetResult(tileBuildOp(rewrite->rewriter, "tilegpu.async_commit_group",
                                            rewrite->location, count, tokens, 1, &token, 0,
                                            NULL),
                                0);
}

static MlirValue buildWait(Rewrite *rewrite, int64_t pending) {
  MlirType token = tilegpuAsyncTokenTypeGet(rewrite->context);
  MlirNamedAttribute attribute = tileNamedAttr(
      rewrite->context, "num", mlirIntegerAttrGet(rewrite->i32, pending));
  return mlirOperationGetResult(tileBuildOp(rewrite->rewriter, "tilegpu.async_wait",
                                            rewrite->location, 0, NULL, 1, &token, 1,
                                            &attribute),
                                0);
}

/* Issues the copies of one iteration (`iv`, operands through `map`) into
 * slot `slot` of every ring, and commits them as one group. */
static void issueCopies(Rewrite *rewrite, const LoopPlan *plan, const ValueMap *map,
                        MlirValue iv, MlirValue slot) {
  MlirValue inRange = tileBuildCompare(rewrite->rewriter, rewrite->location,
                                       rewrite->unsignedCompare ? 6 : 2, iv, rewrite->upper);
  MlirValue tokens[MAX_PIPELINED_LOADS];
  for (int32_t i = 0; i < plan->numLoads; ++i)
    tokens[i] = buildCopy(rewrite, plan->loads[i].load, map,
                          buildMemDescIndex(rewrite, plan->loads[i].ring, slot), inRange);
  buildCommit(rewrite, plan->numLoads, tokens);
}

static void allocateRings(Rewrite *rewrite, LoopPlan *plan) {
  MlirAttribute space = tilegpuSharedMemorySpaceAttrGet(rewrite->context);
  for (int32_t i = 0; i < plan->numLoads; ++i) {
    PipelinedLoad *load = &plan->loads[i];
    MlirType tensorType = mlirValueGetType(mlirOperationGetResult(load->load, 0));
    int64_t shape[3] = {rewrite->numStages, 0, 0};
    tileShapeOf(tensorType, shape + 1, 2);
    MlirType ringType = tilegpuMemDescTypeGet(3, shape, tileElementTypeOf(tensorType),
                                              load->shared, space, true, 0, NULL);
    load->ring = mlirOperationGetResult(tileBuildOp(rewrite->rewriter, "tilegpu.local_alloc",
                                                    rewrite->location, 0, NULL, 1,
                                                    &ringType, 0, NULL),
                                        0);
  }
}

/* Before the loop: the copies of iterations 0 .. S-2 into slots 0 .. S-2.
 * Leaves in `initial` the ahead values for iteration S-1. */
static bool emitPrologue(Rewrite *rewrite, const LoopPlan *plan, MlirValue *initial) {
  MlirValue current[MAX_ITER_ARGS];
  for (intptr_t j = 0; j < plan->numIterArgs; ++j)
    current[j] = mlirOperationGetOperand(plan->loop, 3 + j);
  MlirOperation yield = mlirBlockGetTerminator(plan->body);
  for (int64_t stage = 0; stage < rewrite->numStages - 1; ++stage) {
    ValueMap *map = calloc(1, sizeof(ValueMap));
    if (!map)
      return false;
    MlirValue iv = inductionPlus(rewrite, rewrite->lower, stage);
    mapAdd(map, plan->inductionVariable, iv);
    for (intptr_t j = 0; j < plan->numIterArgs; ++j)
      if (plan->ahead[j])
        mapAdd(map, mlirBlockGetArgument(plan->body, j + 1), current[j]);
    bool cloned = true;
    for (int32_t i = 0; i < plan->sliceSize && cloned; ++i)
      cloned = cloneMapped(rewrite, plan->slice[i], map);
    if (cloned)
      issueCopies(rewrite, plan, map, iv,
                  tileBuildIntConstant(rewrite->rewriter, rewrite->location, rewrite->i32, stage));
    for (intptr_t j = 0; j < plan->numIterArgs; ++j)
      if (plan->ahead[j])
        current[j] = mapped(map, mlirOperationGetOperand(yield, j));
    free(map);
    if (!cloned)
      return false;
  }
  for (intptr_t j = 0; j < plan->numIterArgs; ++j)
    initial[j] = plan->ahead[j] ? current[j] : mlirOperationGetOperand(plan->loop, 3 + j);
  return true;
}

/* A new scf.for with the old one's body and two more carried values (the
 * slots read and written, from 0 and S-1); returns it, with the old one's
 * uses moved and the old one erased. */
static MlirOperation rebuildLoop(Rewrite *rewrite, const LoopPlan *plan,
                                 const MlirValue *initial) {
  intptr_t count = plan->numIterArgs;
  MlirValue inits[MAX_ITER_ARGS + 2];
  for (intptr_t j = 0; j < count; ++j)
    inits[j] = initial[j];
  inits[count] = tileBuildIntConstant(rewrite->rewriter, rewrite->location, rewrite->i32, 0);
  inits[count + 1] = tileBuildIntConstant(rewrite->rewriter, rewrite->location, rewrite->i32,
                                          rewrite->numStages - 1);
  return tileRebuildLoopWithIterArgs(rewrite->rewriter, plan->loop, count + 2, inits);
}

/* Inside the loop, after the last load: wait for this iteration's copies,
 * issue iteration i+S-1's, and read this iteration's operands. */
static bool emitSteadyState(Rewrite *rewrite, const LoopPlan *plan, MlirValue extract,
                            MlirValue insert) {
  mlirRewriterBaseSetInsertionPointAfter(rewrite->rewriter, plan->lastLoad);
  MlirValue landed = buildWait(rewrite, rewrite->numStages - 2);
  ValueMap *map = calloc(1, sizeof(ValueMap));
  if (!map)
    return false;
  MlirValue ahead = inductionPlus(rewrite, plan->inductionVariable, rewrite->numStages - 1);
  mapAdd(map, plan->inductionVariable, ahead);
  /* Slice ops that do not see the induction variable already compute
   * iteration i+S-1's values (ahead arguments) or loop invariants. */
  bool cloned = true;
  for (int32_t i = 0; i < plan->sliceSize && cloned; ++i) {
    MlirOperation op = plan->slice[i];
    bool shifted = false;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
      shifted |= dependsOnInduction(plan, mlirOperationGetResult(op, r));
    if (shifted)
      cloned = cloneMapped(rewrite, op, map);
  }
  if (cloned)
    issueCopies(rewrite, plan, map, ahead, insert);
  free(map);
  if (!cloned)
    return false;
  for (int32_t i = 0; i < plan->numLoads; ++i) {
    const PipelinedLoad *load = &plan->loads[i];
    MlirValue slot = buildMemDescIndex(rewrite, load->ring, extract);
    for (int32_t c = 0; c < load->numConverts; ++c) {
      MlirValue result = mlirOperationGetResult(load->converts[c], 0);
      MlirValue operands[2] = {slot, landed};
      MlirType type = mlirValueGetType(result);
      MlirValue operand = mlirOperationGetResult(
          tileBuildOp(rewrite->rewriter, "tilegpu.local_load", rewrite->location, 2, operands,
                      1, &type, 0, NULL),
          0);
      mlirValueReplaceAllUsesOfWith(result, operand);
    }
  }
  return true;
}

/* Erases the loads, their converts and the slice ops nothing uses now. */
static void eraseDead(const LoopPlan *plan) {
  for (int32_t i = 0; i < plan->numLoads; ++i) {
    for (int32_t c = 0; c < plan->loads[i].numConverts; ++c)
      mlirOperationDestroy(plan->loads[i].converts[c]);
    mlirOperationDestroy(plan->loads[i].load);
  }
  for (int32_t i = plan->sliceSize - 1; i >= 0; --i) {
    MlirOperation op = plan->slice[i];
    bool used = false;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
      used |= !mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, r)));
    if (!used)
      mlirOperationDestroy(op);
  }
}

static MlirLogicalResult pipelineLoop(LoopPlan *plan, int64_t numStages) {
  MlirContext context = mlirOperationGetContext(plan->loop);
  Rewrite rewrite = {
      .rewriter = mlirIRRewriterCreate(context),
      .context = context,
      .location = mlirOperationGetLocation(plan->loop),
      .numStages = numStages,
      .i32 = mlirIntegerTypeGet(context, 32),
      .indexType = mlirValueGetType(plan->inductionVariable),
      .unsignedCompare = tileHasFlag(plan->loop, "unsignedCmp"),
      .lower = mlirOperationGetOperand(plan->loop, 0),
      .upper = mlirOperationGetOperand(plan->loop, 1),
      .step = mlirOperationGetOperand(plan->loop, 2),
  };
  MlirLogicalResult result = mlirLogicalResultFailure();
  mlirRewriterBaseSetInsertionPointBefore(rewrite.rewriter, plan->loop);
  allocateRings(&rewrite, plan);
  MlirValue initial[MAX_ITER_ARGS];
  if (!emitPrologue(&rewrite, plan, initial))
    goto done;
  MlirOperation loop = rebuildLoop(&rewrite, plan, initial);
  plan->loop = loop;
  MlirBlock body = plan->body;
  MlirValue extract = mlirBlockGetArgument(body, 1 + plan->numIterArgs);
  MlirValue insert = mlirBlockGetArgument(body, 2 + plan->numIterArgs);
  if (!emitSteadyState(&rewrite, plan, extract, insert))
    goto done;
  MlirOperation yield = mlirBlockGetTerminator(body);
  mlirRewriterBaseSetInsertionPointBefore(rewrite.rewriter, yield);
  MlirValue yielded[MAX_ITER_ARGS + 2];
  for (intptr_t j = 0; j < plan->numIterArgs; ++j)
    yielded[j] = mlirOperationGetOperand(yield, j);
  yielded[plan->numIterArgs] = buildNextSlot(rewrite.rewriter, rewrite.location, extract,
                                             numStages);
  yielded[plan->numIterArgs + 1] = buildNextSlot(rewrite.rewriter, rewrite.location, insert,
                                                 numStages);
  mlirOperationSetOperands(yield, plan->numIterArgs + 2, yielded);
  eraseDead(plan);
  /* After the loop: the copies still in flight (of iterations past the end,
   * all masked off) finish before the buffers are reused. */
  mlirRewriterBaseSetInsertionPointAfter(rewrite.rewriter, loop);
  buildWait(&rewrite, 0);
  for (int32_t i = 0; i < plan->numLoads; ++i)
    tileBuildOp(rewrite.rewriter, "tilegpu.local_dealloc", rewrite.location, 1,
                &plan->loads[i].ring, 0, NULL, 0, NULL);
  result = mlirLogicalResultSuccess();
done:
  mlirIRRewriterDestroy(rewrite.rewriter);
  if (mlirLogicalResultIsFailure(result))
    mlirEmitError(rewrite.location, "tilegpu-pipeline: could not rewrite this loop (out "
                                    "of memory, or over 1024 values to clone); compile "
                                    "with num-stages=1 to leave it unpipelined");
  return result;
}

/* ---- The pass ------------------------------------------------------------ */

typedef struct LoopList {
  MlirOperation *loops;
  int32_t count, capacity;
} LoopList;

static MlirWalkResult collectLoop(MlirOperation op, void *userData) {
  LoopList *list = userData;
  if (!tileOperationIsNamed(op, "scf.for"))
    return MlirWalkResultAdvance;
  if (list->count == list->capacity) {
    int32_t capacity = list->capacity ? 2 * list->capacity : 8;
    MlirOperation *grown = realloc(list->loops, sizeof(*grown) * (size_t)capacity);
    if (!grown)
      return MlirWalkResultInterrupt;
    list->loops = grown;
    list->capacity = capacity;
  }
  list->loops[list->count++] = op;
  return MlirWalkResultAdvance;
}

/* The reason loops stay unpipelined on a target without cp.async, or null. */
static const char *targetReason(MlirOperation module, char *buffer, size_t size) {
  int32_t capability = tileTargetCapabilityOf(module, CP_ASYNC_CAPABILITY);
  if (capability >= CP_ASYNC_CAPABILITY)
    return NULL;
  snprintf(buffer, size,
           "not pipelined: cp.async needs cuda:80 or newer (this module targets cuda:%d)",
           (int)capability);
  return buffer;
}

static MlirLogicalResult pipelineFunction(MlirOperation function, int64_t numStages,
                                          const char *targetSkip) {
  LoopList list = {NULL, 0, 0};
  /* Post-order: inner loops first; each rewrite replaces only its own loop. */
  mlirOperationWalk(function, collectLoop, &list, MlirWalkPostOrder);
  MlirLogicalResult result = mlirLogicalResultSuccess();
  LoopPlan *plan = malloc(sizeof(LoopPlan));
  for (int32_t i = 0; plan && i < list.count && mlirLogicalResultIsSuccess(result); ++i) {
    /* The analysis sees the IR as earlier rewrites left it. */
    TileAxisInfoAnalysis *analysis = tileAxisInfoAnalyze(function);
    if (!analysis)
      break;
    bool planned = planLoop(plan, list.loops[i], analysis);
    if (planned && targetSkip)
      snprintf(plan->reason, sizeof(plan->reason), "%s", targetSkip);
    if (planned && !targetSkip)
      result = pipelineLoop(plan, numStages);
    else if (plan->reason[0])
      mlirOperationSetAttributeByName(
          list.loops[i], mlirStringRefCreateFromCString(skipAttributeName),
          mlirStringAttrGet(mlirOperationGetContext(function),
                            mlirStringRefCreateFromCString(plan->reason)));
    tileAxisInfoDestroy(analysis);
  }
  free(plan);
  free(list.loops);
  return result;
}

static MlirLogicalResult runPipeline(MlirOperation module, const TilePassOptionValue *options) {
  int64_t numStages = options[0].intValue;
  if (numStages < 1) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tilegpu-pipeline: num-stages must be at least 1 (1 turns pipelining off)");
    return mlirLogicalResultFailure();
  }
  if (numStages == 1)
    return mlirLogicalResultSuccess();
  char targetText[128];
  const char *targetSkip = targetReason(module, targetText, sizeof(targetText));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (tileOperationIsNamed(op, "func.func") &&
        mlirLogicalResultIsFailure(pipelineFunction(op, numStages, targetSkip)))
      return mlirLogicalResultFailure();
  return mlirLogicalResultSuccess();
}

static const TilePassOption pipelineOptions[] = {
    {"num-stages", TilePassOptionInt, "3",
     "slots of each ring buffer: copies of num-stages - 1 later iterations are in "
     "flight while one computes (1: no pipelining)"},
};

static MlirDialectHandle (*const pipelineDialects[])(void) = {
    mlirGetDialectHandle__tilegpu__,
    NULL,
};

_Alignas(8) const TilePassInfo tilePipelinePass = {
    .argument = "tilegpu-pipeline",
    .name = "TileGPUPipeline",
    .description = "Software-pipeline the loads that feed tensor-core dots in "
                   "scf.for loops: cp.async copies into num-stages ring buffers",
    .anchorOpName = "builtin.module",
    .options = pipelineOptions,
    .numOptions = 1,
    .dependentDialects = pipelineDialects,
    .run = runPipeline,
};
