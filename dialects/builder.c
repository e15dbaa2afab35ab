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
