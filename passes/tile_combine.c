/*===- tile_combine.c - tile-level simplifications (-tile-combine) ---------===*
 *
 * Rewrites that make later passes' work smaller, in the spirit of Triton's
 * `triton-combine`:
 *   - addptr(addptr(p, a), b)          -> addptr(p, a + b)
 *   - addf/addi(dot(a, b, 0), c)       -> dot(a, b, c)  (the dot's only use)
 *   - the shape ops' canonical forms   (splat/broadcast/reshape/trans chains)
 * Every rewrite keeps types exactly; nothing here needs layouts.
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/tile/TileHooks.h"
#include "passes/passes.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Rewrite.h"

#include <string.h>

static bool isOpNamed(MlirOperation op, const char *name) {
  if (mlirOperationIsNull(op))
    return false;
  MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(op));
  return opName.length == strlen(name) && memcmp(opName.data, name, opName.length) == 0;
}

static MlirOperation producerOf(MlirValue value) {
  return mlirValueIsAOpResult(value) ? mlirOpResultGetOwner(value)
                                     : (MlirOperation){NULL};
}

static bool hasOneUse(MlirValue value) {
  MlirOpOperand use = mlirValueGetFirstUse(value);
  return !mlirOpOperandIsNull(use) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(use));
}

/* True if `value` is an arith.constant splat of zero (integer or float). */
static bool isZeroSplat(MlirValue value) {
  MlirOperation constant = producerOf(value);
  if (!isOpNamed(constant, "arith.constant"))
    return false;
  MlirAttribute attr = mlirOperationGetAttributeByName(
      constant, mlirStringRefCreateFromCString("value"));
  if (!mlirAttributeIsADenseElements(attr) || !mlirDenseElementsAttrIsSplat(attr))
    return false;
  MlirAttribute element = mlirDenseElementsAttrGetSplatValue(attr);
  if (mlirAttributeIsAInteger(element))
    return mlirIntegerAttrGetValueInt(element) == 0;
  if (mlirAttributeIsAFloat(element))
    return mlirFloatAttrGetValueDouble(element) == 0.0;
  return false;
}

/* addptr(addptr(p, a), b) -> addptr(p, a + b) when a and b have one type. */
static MlirLogicalResult combineAddPtrChain(MlirRewritePattern pattern,
                                            MlirOperation op,
                                            MlirPatternRewriter patternRewriter,
                                            void *userData) {
  MlirOperation inner = producerOf(mlirOperationGetOperand(op, 0));
  if (!isOpNamed(inner, "tile.addptr"))
    return mlirLogicalResultFailure();
  MlirValue innerOffset = mlirOperationGetOperand(inner, 1);
  MlirValue outerOffset = mlirOperationGetOperand(op, 1);
  MlirType offsetType = mlirValueGetType(outerOffset);
  if (!mlirTypeEqual(mlirValueGetType(innerOffset), offsetType))
    return mlirLogicalResultFailure();
  MlirRewriterBase rewriter = mlirPatternRewriterAsBase(patternRewriter);
  mlirRewriterBaseSetInsertionPointBefore(rewriter, op);
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue offsets[2] = {innerOffset, outerOffset};
  MlirValue sum = mlirOperationGetResult(
      tileBuildOp(rewriter, "arith.addi", location, 2, offsets, 1, &offsetType, 0, NULL), 0);
  MlirValue operands[2] = {mlirOperationGetOperand(inner, 0), sum};
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirValue replacement = mlirOperationGetResult(
      tileBuildOp(rewriter, "tile.addptr", location, 2, operands, 1, &type, 0, NULL), 0);
  mlirRewriterBaseReplaceOpWithValues(rewriter, op, 1, &replacement);
  return mlirLogicalResultSuccess();
}

/* add(dot(a, b, 0), c) -> dot(a, b, c): the accumulator input is free. */
static MlirLogicalResult combineDotAdd(MlirRewritePattern pattern,
                                       MlirOperation op,
                                       MlirPatternRewriter patternRewriter,
                                       void *userData) {
  for (intptr_t side = 0; side < 2; ++side) {
    MlirValue dotResult = mlirOperationGetOperand(op, side);
    MlirOperation dot = producerOf(dotResult);
    if (!isOpNamed(dot, "tile.dot") || !hasOneUse(dotResult) ||
        !isZeroSplat(mlirOperationGetOperand(dot, 2)))
      continue;
    MlirValue addend = mlirOperationGetOperand(op, 1 - side);
    MlirRewriterBase rewriter = mlirPatternRewriterAsBase(patternRewriter);
    /* The new dot reads the addend, so it goes where the add is. */
    mlirRewriterBaseSetInsertionPointBefore(rewriter, op);
    MlirOperation combined = mlirRewriterBaseClone(rewriter, dot);
    mlirOperationSetOperand(combined, 2, addend);
    MlirValue replacement = mlirOperationGetResult(combined, 0);
    mlirRewriterBaseReplaceOpWithValues(rewriter, op, 1, &replacement);
    return mlirLogicalResultSuccess();
  }
  return mlirLogicalResultFailure();
}

static MlirLogicalResult runTileCombine(MlirOperation op,
                                        const TilePassOptionValue *options) {
  MlirContext context = mlirOperationGetContext(op);
  MlirRewritePatternSet set = mlirRewritePatternSetCreate(context);
  tileAddPattern(set, context, "tile.addptr", combineAddPtrChain);
  tileAddPattern(set, context, "arith.addf", combineDotAdd);
  tileAddPattern(set, context, "arith.addi", combineDotAdd);
  tilePopulateBroadcastPatterns(set, context);
  tilePopulateExpandDimsPatterns(set, context);
  tilePopulateReshapePatterns(set, context);
  tilePopulateTransPatterns(set, context);
  MlirFrozenRewritePatternSet frozen = mlirFreezeRewritePattern(set);
  MlirGreedyRewriteDriverConfig config = mlirGreedyRewriteDriverConfigCreate();
  MlirLogicalResult result =
      mlirApplyPatternsAndFoldGreedilyWithOp(op, frozen, config);
  mlirGreedyRewriteDriverConfigDestroy(config);
  mlirFrozenRewritePatternSetDestroy(frozen);
  if (mlirLogicalResultIsFailure(result)) {
    mlirEmitError(mlirOperationGetLocation(op),
                  "tile-combine: the rewrite did not converge");
    return result;
  }
  return mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileCombinePass = {
    .argument = "tile-combine",
    .name = "TileCombine",
    .description = "Tile-level simplifications: addptr chains, dot + add into "
                   "the accumulator, splat/broadcast/reshape/trans chains",
    .anchorOpName = NULL,
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runTileCombine,
};
