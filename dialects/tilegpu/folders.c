/*===- folders.c - folds of the tilegpu ops --------------------------------===*
 *
 * Folds that need no new ops, so that the upstream canonicalizer already
 * removes the layout conversions that layout passes leave behind:
 *   convert_layout x : T -> T                  ==> x
 *   convert_layout (splat constant)            ==> splat constant of the result type
 *   convert_layout (convert_layout x : A -> B) ==> convert_layout x : A -> C
 *                                                  (or x itself when A == C)
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/tilegpu/TileGPUHooks.h"

#include "mlir-c/BuiltinAttributes.h"

#include <string.h>

static bool isConvertLayout(MlirOperation op) {
  static const char name[] = "tilegpu.convert_layout";
  MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(op));
  return opName.length == sizeof(name) - 1 && memcmp(opName.data, name, opName.length) == 0;
}

TileFoldResult tilegpuFoldConvertLayout(MlirOperation op, const MlirAttribute *constants) {
  MlirValue source = mlirOperationGetOperand(op, 0);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType resultType = mlirValueGetType(result);
  if (mlirTypeEqual(mlirValueGetType(source), resultType))
    return tileFoldToValue(source);
  TileFoldResult splat = tileFoldSplatConstant(constants[0], resultType);
  if (!mlirAttributeIsNull(splat.attribute))
    return splat;
  if (!mlirValueIsAOpResult(source) || !isConvertLayout(mlirOpResultGetOwner(source)))
    return tileFoldNothing();
  /* Skip the inner conversion: convert straight from its source. Returning
   * this op's own result tells the folder the op was updated in place. */
  MlirValue original = mlirOperationGetOperand(mlirOpResultGetOwner(source), 0);
  if (mlirTypeEqual(mlirValueGetType(original), resultType))
    return tileFoldToValue(original);
  mlirOperationSetOperand(op, 0, original);
  return tileFoldToValue(result);
}
