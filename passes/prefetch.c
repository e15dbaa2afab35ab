/*===- prefetch.c - tilegpu-prefetch: K slices of dot operands across the back edge ===*
 *
 * -tilegpu-prefetch is Triton's Prefetch pass. It rewrites the K loops that
 * tilegpu-pipeline leaves, where a tensor-core `tile.dot` reads both
 * operands whole from the ring slot of this iteration:
 *
 *   scf.for ... iter_args(acc, ..., read, write)
 *     w = async_wait {num = S-2}
 *     async copies -> ring[write]; async_commit_group
 *     a = local_load ring_a[read] token w;  b = local_load ring_b[read] token w
 *     acc' = tile.dot a, b, acc
 *     yield acc', ..., next(read), next(write)
 *
 * into a loop that multiplies K slices of `width` (one mma.sync's K: 256 /
 * element bits) and loads the first slice of the next iteration at the
 * end of this one:
 *
 *   w0 = async_wait {num = S-2}
 *   a0 = local_load subslice(ring_a[read0], [0, 0]) token w0;  b0 likewise
 *   scf.for ... iter_args(acc, ..., read, write, a_k0 = a0, b_k0 = b0)
 *     async copies -> ring[write] {tile_prefetch.free_slot}; async_commit_group
 *     acc = tile.dot a_k0, b_k0, acc
 *     a_k = local_load subslice(ring_a[read], [0, k * width])
 *     b_k = local_load subslice(ring_b[read], [k * width, 0])
 *     acc = tile.dot a_k, b_k, acc                 (k = 1 .. K / width - 1)
 *     w = async_wait {num = S-2}                   (the next slot has landed)
 *     a_next = local_load subslice(ring_a[next(read)], [0, 0]) token w; b_next
 *     yield acc, ..., next(read), next(write), a_next, b_next
 *
 * so the ldmatrix of the next iteration's first slice, and the barrier that
 * must precede it, overlap the tensor cores' last mma.sync of this one, and
 * only a slice of each operand is live in registers at a time.
 *
 * The wait keeps its count: after this iteration's commit, S-1 + i + 1
 * groups are committed and iteration i+1's must have landed, which leaves
 * S-2 pending, as at the top of the loop before. The copies move nothing
 * but become `tile_prefetch.free_slot`: they write slot (i + S - 1) mod S, and
 * the only read since the last barrier (the one after the end-of-iteration
 * wait) is slot (i + 1) mod S, different for S >= 2; every earlier read
 * of the written slot came before that barrier. tilegpu-insert-barriers
 * reads the attribute and does not put a second barrier before them.
 *
 * A loop is left alone, with the reason in a `tile_prefetch.skipped` string
 * attribute, when its dot is not of that shape (operands loaded whole from
 * a ring slot the loop carries, with the async_wait's token, and used only
 * by the dot), when the dot is not on mma v2 operands, or when K is not a
 * multiple of the slice width.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>

enum { MAX_LOOPS = 64, MAX_SLICES = 16, MAX_CARRIED = 128 };

static const char skipAttributeName[] = "tile_prefetch.skipped";
static const char freeSlotAttributeName[] = "tile_prefetch.free_slot";

/* The parts of one loop the rewrite touches. */
typedef struct PrefetchPlan {
  MlirOperation loop, dot, wait;
  MlirOperation loads[2];    /* local_load of A and of B */
  MlirOperation slots[2];    /* their memdesc_index ring[read] */
  intptr_t readArgument;     /* the iter_arg index of `read` */
  int64_t width;             /* K of one slice */
  int64_t numSlices;
} PrefetchPlan;

static void skip(MlirOperation loop, const char *reason) {
  mlirOperationSetAttributeByName(
      loop, mlirStringRefCreateFromCString(skipAttributeName),
      mlirStringAttrGet(mlirOperationGetContext(loop), mlirStringRefCreateFromCString(reason)));
}

static bool hasOneUse(MlirValue value) {
  MlirOpOperand use = mlirValueGetFirstUse(value);
  return !mlirOpOperandIsNull(use) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(use));
}

/* The op defining `value` if it is `name` in `block`, else null. */
static MlirOperation producerIn(MlirValue value, const char *name, MlirBlock block) {
  if (!mlirValueIsAOpResult(value))
    return (MlirOperation){NULL};
  MlirOperation op = mlirOpResultGetOwner(value);
  if (!tileOperationIsNamed(op, name) || !mlirBlockEqual(mlirOperationGetBlock(op), block))
    return (MlirOperation){NULL};
  return op;
}

/* True for a dot_operand layout of an mma v2 parent. */
static bool isMmaV2Operand(MlirValue value) {
  MlirAttribute encoding = tileEncodingOf(mlirValueGetType(value));
  if (mlirAttributeIsNull(encoding) || !tilegpuAttributeIsADotOperandLayout(encoding))
    return false;
  MlirAttribute parent = tilegpuDotOperandLayoutAttrGetParent(encoding);
  return tilegpuAttributeIsAMmaLayout(parent) && tilegpuMmaLayoutAttrGetVersion(parent) == 2;
}

/* Fills the plan for operand `which` (0: A, 1: B) of the dot; the reason
 * it does not fit, or null. */
static const char *planOperand(PrefetchPlan *plan, MlirBlock body, int which) {
  MlirValue operand = mlirOperationGetOperand(plan->dot, which);
  MlirOperation load = producerIn(operand, "tilegpu.local_load", body);
  if (mlirOperationIsNull(load) || !hasOneUse(operand))
    return "not applied: a dot operand is not a local_load used by the dot alone";
  if (mlirOperationGetNumOperands(load) != 2)
    return "not applied: a dot operand's local_load does not wait for its copies (no token)";
  MlirOperation wait = producerIn(mlirOperationGetOperand(load, 1), "tilegpu.async_wait", body);
  MlirOperation slot = producerIn(mlirOperationGetOperand(load, 0), "tilegpu.memdesc_index", body);
  if (mlirOperationIsNull(wait) || mlirOperationIsNull(slot))
    return "not applied: a dot operand is not read from a ring slot after an async_wait";
  MlirValue ring = mlirOperationGetOperand(slot, 0);
  MlirValue read = mlirOperationGetOperand(slot, 1);
  if (mlirValueIsAOpResult(ring) &&
      mlirOperationIsNull(producerIn(ring, "tilegpu.local_alloc", mlirOperationGetBlock(plan->loop))))
    return "not applied: a dot operand's ring is not allocated before the loop";
  if (!mlirValueIsABlockArgument(read) || !mlirBlockEqual(mlirBlockArgumentGetOwner(read), body) ||
      mlirBlockArgumentGetArgNumber(read) == 0)
    return "not applied: the ring slot a dot operand reads is not carried by the loop";
  intptr_t readArgument = mlirBlockArgumentGetArgNumber(read) - 1;
  if (which == 1 && (readArgument != plan->readArgument ||
                     !mlirOperationEqual(wait, plan->wait)))
    return "not applied: the dot's operands come from different slots or waits";
  plan->loads[which] = load;
  plan->slots[which] = slot;
  plan->wait = wait;
  plan->readArgument = readArgument;
  return NULL;
}

/* Fills the plan for the dot; the reason it does not fit, or null. */
static const char *planDot(PrefetchPlan *plan) {
  MlirBlock body = mlirOperationGetBlock(plan->dot);
  MlirValue a = mlirOperationGetOperand(plan->dot, 0);
  if (!isMmaV2Operand(a) || !isMmaV2Operand(mlirOperationGetOperand(plan->dot, 1)))
    return "not applied: the dot is not on mma v2 (mma.sync) operands";
  const char *reason = planOperand(plan, body, 0);
  if (!reason)
    reason = planOperand(plan, body, 1);
  if (reason)
    return reason;
  int64_t shape[2];
  tileShapeOf(mlirValueGetType(a), shape, 2);
  plan->width = 256 / (int64_t)tileBitWidthOf(tileElementTypeOf(mlirValueGetType(a)));
  if (plan->width <= 0 || shape[1] % plan->width != 0 || shape[1] / plan->width > MAX_SLICES)
    return "not applied: K is not a multiple of one mma.sync's K (256 bits of elements), "
           "or has over 16 of them";
  plan->numSlices = shape[1] / plan->width;
  return NULL;
}

/* ---- The rewrite --------------------------------------------------------- */

/* `tensor` with dim `dim` cut to `size`. */
static MlirType withDim(MlirType type, int dim, int64_t size) {
  int64_t shape[2] = {mlirShapedTypeGetDimSize(type, 0), mlirShapedTypeGetDimSize(type, 1)};
  shape[dim] = size;
  if (tilegpuTypeIsAMemDesc(type)) {
    intptr_t allocRank = tilegpuMemDescTypeGetAllocRank(type);
    int64_t allocShape[4];
    for (intptr_t d = 0; d < allocRank && d < 4; ++d)
      allocShape[d] = tilegpuMemDescTypeGetAllocDimSize(type, d);
    return tilegpuMemDescTypeGet(2, shape, mlirShapedTypeGetElementType(type),
                                 tilegpuMemDescTypeGetEncoding(type),
                                 tilegpuMemDescTypeGetMemorySpace(type),
                                 tilegpuMemDescTypeIsMutable(type), allocRank, allocShape);
  }
  return mlirRankedTensorTypeGet(2, shape, tileElementTypeOf(type), tileEncodingOf(type));
}

/* Slice `k` of operand `which` of slot `slot` (a memdesc of the whole
 * operand), read after `token` (may be null). */
static MlirValue loadSlice(MlirRewriterBase rewriter, const PrefetchPlan *plan, int which,
                           MlirValue slot, int64_t k, MlirValue token) {
  MlirContext context = mlirOperationGetContext(plan->dot);
  MlirLocation location = mlirOperationGetLocation(plan->loads[which]);
  int kDim = which == 0 ? 1 : 0;
  int32_t offsets[2] = {0, 0};
  offsets[kDim] = (int32_t)(k * plan->width);
  MlirType viewType = withDim(mlirValueGetType(slot), kDim, plan->width);
  MlirNamedAttribute origin =
      tileNamedAttr(context, "offsets", mlirDenseI32ArrayGet(context, 2, offsets));
  MlirValue view = mlirOperationGetResult(
      tileBuildOp(rewriter, "tilegpu.memdesc_subslice", location, 1, &slot, 1, &viewType, 1,
                  &origin),
      0);
  MlirType tensorType =
      withDim(mlirValueGetType(mlirOperationGetResult(plan->loads[which], 0)), kDim,
              plan->width);
  MlirValue operands[2] = {view, token};
  return mlirOperationGetResult(tileBuildOp(rewriter, "tilegpu.local_load", location,
                                            mlirValueIsNull(token) ? 1 : 2, operands, 1,
                                            &tensorType, 0, NULL),
                                0);
}

/* memdesc_index of operand `which`'s ring at `index`, like the loop's. */
static MlirValue indexRing(MlirRewriterBase rewriter, const PrefetchPlan *plan, int which,
                           MlirValue index) {
  MlirOperation clone = mlirRewriterBaseClone(rewriter, plan->slots[which]);
  mlirOperationSetOperand(clone, 1, index);
  return mlirOperationGetResult(clone, 0);
}

/* The wait and both first slices of the slot at `index`, at the insertion
 * point; the slices go to `firsts`. */
static void prefetchFirstSlices(MlirRewriterBase rewriter, const PrefetchPlan *plan,
                                MlirValue index, MlirValue *firsts) {
  MlirValue token = mlirOperationGetResult(mlirRewriterBaseClone(rewriter, plan->wait), 0);
  for (int which = 0; which < 2; ++which)
    firsts[which] = loadSlice(rewriter, plan, which, indexRing(rewriter, plan, which, index),
                              0, token);
}

static MlirLogicalResult prefetchLoop(PrefetchPlan *plan) {
  MlirContext context = mlirOperationGetContext(plan->loop);
  MlirRewriterBase rewriter = mlirIRRewriterCreate(context);
  MlirBlock body = mlirOperationGetBlock(plan->dot);
  intptr_t count = mlirOperationGetNumResults(plan->loop);

  /* Before the loop: the first slices of the first slot. */
  mlirRewriterBaseSetInsertionPointBefore(rewriter, plan->loop);
  MlirValue inits[MAX_CARRIED + 2];
  if (count > MAX_CARRIED) {
    mlirIRRewriterDestroy(rewriter);
    skip(plan->loop, "not applied: the loop carries too many values");
    return mlirLogicalResultSuccess();
  }
  for (intptr_t j = 0; j < count; ++j)
    inits[j] = mlirOperationGetOperand(plan->loop, 3 + j);
  prefetchFirstSlices(rewriter, plan, inits[plan->readArgument], inits + count);
  plan->loop = tileRebuildLoopWithIterArgs(rewriter, plan->loop, count + 2, inits);

  /* The dot, slice by slice. */
  mlirRewriterBaseSetInsertionPointBefore(rewriter, plan->dot);
  MlirValue acc = mlirOperationGetOperand(plan->dot, 2);
  for (int64_t k = 0; k < plan->numSlices; ++k) {
    MlirValue slices[2];
    for (int which = 0; which < 2; ++which)
      slices[which] = k == 0 ? mlirBlockGetArgument(body, 1 + count + which)
                             : loadSlice(rewriter, plan, which,
                                         mlirOperationGetResult(plan->slots[which], 0), k,
                                         (MlirValue){NULL});
    MlirOperation partial = mlirRewriterBaseClone(rewriter, plan->dot);
    mlirOperationSetOperand(partial, 0, slices[0]);
    mlirOperationSetOperand(partial, 1, slices[1]);
    mlirOperationSetOperand(partial, 2, acc);
    acc = mlirOperationGetResult(partial, 0);
  }
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(plan->dot, 0), acc);

  /* At the end: the first slices of the next slot. */
  MlirOperation yield = mlirBlockGetTerminator(body);
  mlirRewriterBaseSetInsertionPointBefore(rewriter, yield);
  MlirValue yielded[MAX_CARRIED + 2];
  for (intptr_t j = 0; j < count; ++j)
    yielded[j] = mlirOperationGetOperand(yield, j);
  prefetchFirstSlices(rewriter, plan, yielded[plan->readArgument], yielded + count);
  mlirOperationSetOperands(yield, count + 2, yielded);

  /* The whole-operand loads, the dot and the wait at the top go. */
  mlirOperationDestroy(plan->dot);
  for (int which = 0; which < 2; ++which)
    mlirOperationDestroy(plan->loads[which]);
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(plan->wait, 0))))
    mlirOperationDestroy(plan->wait);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (tileOperationIsNamed(op, "tilegpu.async_copy_global_to_local"))
      mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString(freeSlotAttributeName),
                                      mlirUnitAttrGet(context));
  mlirIRRewriterDestroy(rewriter);
  return mlirLogicalResultSuccess();
}

/* ---- The pass ------------------------------------------------------------ */

/* True if both operands of `dot` come from local_loads. */
static bool readsSharedMemory(MlirOperation dot) {
  for (int which = 0; which < 2; ++which) {
    MlirValue operand = mlirOperationGetOperand(dot, which);
    if (!mlirValueIsAOpResult(operand) ||
        !tileOperationIsNamed(mlirOpResultGetOwner(operand), "tilegpu.local_load"))
      return false;
  }
  return true;
}

typedef struct DotList {
  MlirOperation loops[MAX_LOOPS];
  MlirOperation dots[MAX_LOOPS]; /* null: the loop holds several */
  int32_t count;
} DotList;

/* Collects the dots whose parent is an scf.for (one per loop). */
static MlirWalkResult collectDot(MlirOperation op, void *userData) {
  DotList *list = userData;
  if (!tileOperationIsNamed(op, "tile.dot"))
    return MlirWalkResultAdvance;
  MlirOperation loop = mlirOperationGetParentOperation(op);
  if (mlirOperationIsNull(loop) || !tileOperationIsNamed(loop, "scf.for"))
    return MlirWalkResultAdvance;
  for (int32_t i = 0; i < list->count; ++i)
    if (mlirOperationEqual(list->loops[i], loop)) {
      skip(loop, "not applied: the loop holds more than one dot");
      list->dots[i] = (MlirOperation){NULL};
      return MlirWalkResultAdvance;
    }
  if (list->count < MAX_LOOPS) {
    list->loops[list->count] = loop;
    list->dots[list->count++] = op;
  }
  return MlirWalkResultAdvance;
}

static MlirLogicalResult runPrefetch(MlirOperation module, const TilePassOptionValue *options) {
  (void)options;
  DotList list = {.count = 0};
  mlirOperationWalk(module, collectDot, &list, MlirWalkPreOrder);
  for (int32_t i = 0; i < list.count; ++i) {
    if (mlirOperationIsNull(list.dots[i]))
      continue;
    PrefetchPlan plan = {.loop = mlirOperationGetParentOperation(list.dots[i]),
                         .dot = list.dots[i]};
    /* Dots on registers are not candidates; say nothing about them. */
    if (tileHasFlag(plan.loop, skipAttributeName) || !readsSharedMemory(plan.dot))
      continue;
    const char *reason = planDot(&plan);
    if (reason) {
      skip(plan.loop, reason);
      continue;
    }
    if (mlirLogicalResultIsFailure(prefetchLoop(&plan)))
      return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tilePrefetchPass = {
    .argument = "tilegpu-prefetch",
    .name = "TileGPUPrefetch",
    .description = "Split tensor-core dots of pipelined K loops into K slices and load the "
                   "next iteration's first slice at the end of this one",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runPrefetch,
};
