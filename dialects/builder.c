/*===- builder.c - build IR from C through a rewriter ----------------------===*/

#include "dialects/builder.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdlib.h>

MlirOperation tileBuildOp(MlirRewriterBase rewriter, const char *name,
                          MlirLocation location, intptr_t numOperands,
                          const MlirValue *operands, intptr_t numResults,
                          const MlirType *resultTypes, intptr_t numAttributes,
                          const MlirNamedAttribute *attributes) {
  MlirOperationState state =
      mlirOperationStateGet(mlirStringRefCreateFromCString(name), location);
  mlirOperationStateAddOperands(&state, numOperands, operands);
  mlirOperationStateAddResults(&state, numResults, resultTypes);
  mlirOperationStateAddAttributes(&state, numAttributes, attributes);
  MlirOperation op = mlirOperationCreate(&state);
  return mlirRewriterBaseInsert(rewriter, op);
}

MlirValue tileBuildUnary(MlirRewriterBase rewriter, const char *name,
                         MlirLocation location, MlirValue operand,
                         MlirType resultType) {
  MlirOperation op = tileBuildOp(rewriter, name, location, 1, &operand, 1,
                                 &resultType, 0, NULL);
  return mlirOperationGetResult(op, 0);
}

MlirValue tileBuildIntConstant(MlirRewriterBase rewriter, MlirLocation location,
                               MlirType type, int64_t value) {
  MlirNamedAttribute attribute =
      tileNamedAttr(mlirTypeGetContext(type), "value", mlirIntegerAttrGet(type, value));
  return mlirOperationGetResult(
      tileBuildOp(rewriter, "arith.constant", location, 0, NULL, 1, &type, 1, &attribute), 0);
}

MlirValue tileBuildBinary(MlirRewriterBase rewriter, const char *name,
                          MlirLocation location, MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  MlirType type = mlirValueGetType(lhs);
  return mlirOperationGetResult(
      tileBuildOp(rewriter, name, location, 2, operands, 1, &type, 0, NULL), 0);
}

MlirValue tileBuildCompare(MlirRewriterBase rewriter, MlirLocation location,
                           int64_t predicate, MlirValue lhs, MlirValue rhs) {
  MlirContext context = mlirValueGetContext(lhs);
  MlirType lhsType = mlirValueGetType(lhs);
  MlirType type = mlirIntegerTypeGet(context, 1);
  if (mlirTypeIsARankedTensor(lhsType)) {
    intptr_t rank = mlirShapedTypeGetRank(lhsType);
    int64_t inlineShape[8];
    int64_t *shape = rank <= 8 ? inlineShape : malloc(sizeof(int64_t) * (size_t)rank);
    for (intptr_t d = 0; shape && d < rank; ++d)
      shape[d] = mlirShapedTypeGetDimSize(lhsType, d);
    if (shape)
      type = mlirRankedTensorTypeGet(rank, shape, type, mlirRankedTensorTypeGetEncoding(lhsType));
    if (shape != inlineShape)
      free(shape);
  }
  MlirValue operands[2] = {lhs, rhs};
  MlirNamedAttribute attribute = tileNamedAttr(
      context, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(context, 64), predicate));
  return mlirOperationGetResult(
      tileBuildOp(rewriter, "arith.cmpi", location, 2, operands, 1, &type, 1, &attribute), 0);
}

MlirNamedAttribute tileNamedAttr(MlirContext context, const char *name,
                                 MlirAttribute attribute) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(context, mlirStringRefCreateFromCString(name)),
      attribute);
}

void tileAddPattern(MlirRewritePatternSet set, MlirContext context,
                    const char *rootName, TileMatchAndRewriteFn matchAndRewrite) {
  MlirRewritePatternCallbacks callbacks = {NULL, NULL, matchAndRewrite};
  mlirRewritePatternSetAdd(
      set, mlirOpRewritePatternCreate(mlirStringRefCreateFromCString(rootName),
                                      1, context, callbacks, NULL, 0, NULL));
}

MlirOperation tileLoopWithInits(MlirRewriterBase rewriter, MlirOperation loop,
                                intptr_t numInits, const MlirValue *inits) {
  enum { BOUNDS = 3 }; /* lower bound, upper bound, step */
  MlirOperationState state = mlirOperationStateGet(mlirStringRefCreateFromCString("scf.for"),
                                                   mlirOperationGetLocation(loop));
  for (intptr_t i = 0; i < BOUNDS; ++i) {
    MlirValue bound = mlirOperationGetOperand(loop, i);
    mlirOperationStateAddOperands(&state, 1, &bound);
  }
  mlirOperationStateAddOperands(&state, numInits, inits);
  for (intptr_t i = 0; i < numInits; ++i) {
    MlirType type = mlirValueGetType(inits[i]);
    mlirOperationStateAddResults(&state, 1, &type);
  }
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(loop); ++i) {
    MlirNamedAttribute attribute = mlirOperationGetAttribute(loop, i);
    mlirOperationStateAddAttributes(&state, 1, &attribute);
  }
  MlirRegion region = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation rebuilt = mlirRewriterBaseInsert(rewriter, mlirOperationCreate(&state));
  mlirRegionTakeBody(mlirOperationGetRegion(rebuilt, 0), mlirOperationGetRegion(loop, 0));
  return rebuilt;
}

MlirOperation tileRebuildLoopWithIterArgs(MlirRewriterBase rewriter, MlirOperation loop,
                                          intptr_t numInits, const MlirValue *inits) {
  intptr_t oldCount = mlirOperationGetNumResults(loop);
  MlirOperation rebuilt = tileLoopWithInits(rewriter, loop, numInits, inits);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(rebuilt, 0));
  for (intptr_t i = oldCount; i < numInits; ++i)
    mlirBlockAddArgument(body, mlirValueGetType(inits[i]), mlirOperationGetLocation(loop));
  for (intptr_t i = 0; i < oldCount; ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(loop, i),
                                  mlirOperationGetResult(rebuilt, i));
  mlirOperationDestroy(loop);
  return rebuilt;
}
