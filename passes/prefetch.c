/*===- prefetch.c - tilegpu-prefetch: not applied yet -----------------------===*
 *
 * -tilegpu-prefetch is meant to be Triton's Prefetch pass: in a K loop
 * whose dot reads its operands from shared memory (tilegpu-pipeline's
 * `local_load`s of a ring slot), split each operand into K slices, load
 * the first slice of the next iteration's operands at the end of this
 * iteration, and the next slice before this slice's mma, so that ldmatrix
 * overlaps mma across the loop's back edge and only one slice of the
 * operands is live in registers at a time.
 *
 * It does not rewrite anything yet, for two reasons it names on every such
 * loop in a `tile_prefetch.skipped` string attribute:
 *   - a K slice of a slot is a `tilegpu.memdesc_subslice` (Triton's
 *     memdesc_subslice: static offsets, the allocation shape kept), but its
 *     lowering is only base + the origin's offset, which holds for slices
 *     of whole rows (a K slice of the [K, N] operand, offset a multiple of
 *     the swizzle period) and not for a K slice of the [M, K] operand along
 *     its contiguous, swizzled dimension: that view's rows keep the slot's
 *     stride and its origin XORs into the swizzle, so local_load and
 *     ldmatrix (dot_mma.c) would have to take the view's origin from the
 *     memdesc instead of reading it as a buffer of its own shape;
 *   - loading the next iteration's first slice at the end of this one
 *     needs that slot's `async_wait` and barrier there too, i.e.
 *     tilegpu-pipeline must place the wait at the end of the body for the
 *     next iteration (a wait depth of num-stages - 2 counted one commit
 *     later) instead of at its start.
 * Splitting K inside one iteration without crossing the back edge would
 * only reorder ldmatrix before mma, which LLVM and ptxas already schedule
 * freely: that is not a prefetch, so the pass does not pretend to be one.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/support.h"
#include "passes/passes.h"

#include "mlir-c/BuiltinAttributes.h"

static const char skipAttributeName[] = "tile_prefetch.skipped";
static const char notApplied[] =
    "not applied: splitting K needs memdesc_subslice views along the A operand's "
    "contiguous dimension in local_load/ldmatrix, and the next iteration's "
    "async_wait at the end of the body (see passes/prefetch.c)";

/* True if `value` comes straight from a local_load. */
static bool isSharedOperand(MlirValue value) {
  MlirOperation producer = tileDefiningOp(value);
  return !mlirOperationIsNull(producer) &&
         tileOperationIsNamed(producer, "tilegpu.local_load");
}

/* Marks the scf.for around each dot whose operands are read from shared
 * memory inside the loop: the loops the pass would rewrite. */
static MlirWalkResult markLoop(MlirOperation op, void *userData) {
  (void)userData;
  if (!tileOperationIsNamed(op, "tile.dot") ||
      !isSharedOperand(mlirOperationGetOperand(op, 0)) ||
      !isSharedOperand(mlirOperationGetOperand(op, 1)))
    return MlirWalkResultAdvance;
  MlirOperation loop = mlirOperationGetParentOperation(op);
  if (mlirOperationIsNull(loop) || !tileOperationIsNamed(loop, "scf.for"))
    return MlirWalkResultAdvance;
  mlirOperationSetAttributeByName(
      loop, mlirStringRefCreateFromCString(skipAttributeName),
      mlirStringAttrGet(mlirOperationGetContext(op),
                        mlirStringRefCreateFromCString(notApplied)));
  return MlirWalkResultAdvance;
}

static MlirLogicalResult runPrefetch(MlirOperation module, const TilePassOptionValue *options) {
  (void)options;
  mlirOperationWalk(module, markLoop, NULL, MlirWalkPreOrder);
  return mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tilePrefetchPass = {
    .argument = "tilegpu-prefetch",
    .name = "TileGPUPrefetch",
    .description = "Prefetch the next K slice of shared-memory dot operands "
                   "(not applied yet: marks the loops it would rewrite with "
                   "tile_prefetch.skipped and the reason)",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runPrefetch,
};
