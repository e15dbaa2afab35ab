/*===- builder.c - build IR from C through a rewriter ----------------------===*/

#include "dialects/builder.h"

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
