/*===- canonicalize.c - canonicalization patterns of the tile shape ops ---===*
 *
 * Chains of shape ops collapse: a splat followed by broadcast, expand_dims,
 * reshape or trans is one splat of the final type; broadcast of broadcast,
 * reshape of reshape and trans of trans are one op. Each pattern replaces
 * its root and leaves dead producers to the driver.
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/builder.h"
#include "dialects/support.h"
#include "dialects/tile/TileHooks.h"

#include "mlir-c/BuiltinAttributes.h"

#include <string.h>

/* The op defining `value`, if its name is `name`; a null op otherwise. */
static MlirOperation definingOpNamed(MlirValue value, const char *name) {
  if (!mlirValueIsAOpResult(value))
    return (MlirOperation){NULL};
  MlirOperation producer = mlirOpResultGetOwner(value);
  MlirStringRef producerName = mlirIdentifierStr(mlirOperationGetName(producer));
  if (producerName.length != strlen(name) ||
      memcmp(producerName.data, name, producerName.length) != 0)
    return (MlirOperation){NULL};
  return producer;
}

static MlirType resultTypeOf(MlirOperation op) {
  return mlirValueGetType(mlirOperationGetResult(op, 0));
}

/* Replaces `op` with a new op `name` of `op`'s result type on `operand`,
 * carrying `attributes`. */
static MlirLogicalResult replaceWithOpOn(MlirPatternRewriter patternRewriter,
                                         MlirOperation op, const char *name,
                                         MlirValue operand, intptr_t numAttributes,
                                         const MlirNamedAttribute *attributes) {
  MlirRewriterBase rewriter = mlirPatternRewriterAsBase(patternRewriter);
  mlirRewriterBaseSetInsertionPointBefore(rewriter, op);
  MlirType type = resultTypeOf(op);
  MlirOperation replacementOp =
      tileBuildOp(rewriter, name, mlirOperationGetLocation(op), 1, &operand, 1,
                  &type, numAttributes, attributes);
  MlirValue replacement = mlirOperationGetResult(replacementOp, 0);
  mlirRewriterBaseReplaceOpWithValues(rewriter, op, 1, &replacement);
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult replaceWithUnary(MlirPatternRewriter patternRewriter,
                                          MlirOperation op, const char *name,
                                          MlirValue operand) {
  return replaceWithOpOn(patternRewriter, op, name, operand, 0, NULL);
}

/* op(producer x) -> replacement x, when op's operand is made by `producer`. */
static MlirLogicalResult bypassProducer(MlirPatternRewriter rewriter,
                                        MlirOperation op, const char *producer,
                                        const char *replacement) {
  MlirOperation inner =
      definingOpNamed(mlirOperationGetOperand(op, 0), producer);
  if (mlirOperationIsNull(inner))
    return mlirLogicalResultFailure();
  return replaceWithUnary(rewriter, op, replacement,
                          mlirOperationGetOperand(inner, 0));
}

/* shape_op(splat x) -> splat x, for every shape op rooted here. */
static MlirLogicalResult foldSplatProducer(MlirRewritePattern pattern,
                                           MlirOperation op,
                                           MlirPatternRewriter rewriter,
                                           void *userData) {
  return bypassProducer(rewriter, op, "tile.splat", "tile.splat");
}

/* broadcast(broadcast x) -> broadcast x. */
static MlirLogicalResult foldBroadcastChain(MlirRewritePattern pattern,
                                            MlirOperation op,
                                            MlirPatternRewriter rewriter,
                                            void *userData) {
  return bypassProducer(rewriter, op, "tile.broadcast", "tile.broadcast");
}

/* reshape(reshape x) -> reshape x; element order may be relaxed only if
 * both reshapes allowed it. */
static MlirLogicalResult foldReshapeChain(MlirRewritePattern pattern,
                                          MlirOperation op,
                                          MlirPatternRewriter patternRewriter,
                                          void *userData) {
  MlirOperation inner =
      definingOpNamed(mlirOperationGetOperand(op, 0), "tile.reshape");
  if (mlirOperationIsNull(inner))
    return mlirLogicalResultFailure();
  bool allowReorder =
      tileHasFlag(op, "allow_reorder") && tileHasFlag(inner, "allow_reorder");
  MlirContext context = mlirOperationGetContext(op);
  MlirNamedAttribute flag =
      tileNamedAttr(context, "allow_reorder", mlirUnitAttrGet(context));
  return replaceWithOpOn(patternRewriter, op, "tile.reshape",
                         mlirOperationGetOperand(inner, 0), allowReorder ? 1 : 0,
                         &flag);
}

/* trans(trans x, inner), outer -> trans(x, inner o outer). */
static MlirLogicalResult foldTransChain(MlirRewritePattern pattern,
                                        MlirOperation op,
                                        MlirPatternRewriter patternRewriter,
                                        void *userData) {
  MlirOperation inner =
      definingOpNamed(mlirOperationGetOperand(op, 0), "tile.trans");
  if (mlirOperationIsNull(inner))
    return mlirLogicalResultFailure();
  int64_t outer[16], first[16];
  int32_t composed[16];
  intptr_t rank = tileGetI32ArrayAttr(op, "order", outer, 16);
  if (rank < 0 || rank > 16 || tileGetI32ArrayAttr(inner, "order", first, 16) != rank)
    return mlirLogicalResultFailure();
  /* Result dim i of the outer is its operand dim outer[i], which is the
   * inner's operand dim first[outer[i]]. */
  for (intptr_t i = 0; i < rank; ++i)
    composed[i] = (int32_t)first[outer[i]];
  MlirContext context = mlirOperationGetContext(op);
  MlirNamedAttribute order = tileNamedAttr(
      context, "order", mlirDenseI32ArrayGet(context, rank, composed));
  return replaceWithOpOn(patternRewriter, op, "tile.trans",
                         mlirOperationGetOperand(inner, 0), 1, &order);
}

void tilePopulateBroadcastPatterns(MlirRewritePatternSet set, MlirContext context) {
  tileAddPattern(set, context, "tile.broadcast", foldSplatProducer);
  tileAddPattern(set, context, "tile.broadcast", foldBroadcastChain);
}

void tilePopulateExpandDimsPatterns(MlirRewritePatternSet set, MlirContext context) {
  tileAddPattern(set, context, "tile.expand_dims", foldSplatProducer);
}

void tilePopulateReshapePatterns(MlirRewritePatternSet set, MlirContext context) {
  tileAddPattern(set, context, "tile.reshape", foldSplatProducer);
  tileAddPattern(set, context, "tile.reshape", foldReshapeChain);
}

void tilePopulateTransPatterns(MlirRewritePatternSet set, MlirContext context) {
  tileAddPattern(set, context, "tile.trans", foldSplatProducer);
  tileAddPattern(set, context, "tile.trans", foldTransChain);
}
