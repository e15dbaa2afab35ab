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

static const TileFoldResult kNoFold = {{NULL}, {NULL}};

static TileFoldResult foldToValue(MlirValue value) {
  TileFoldResult result = kNoFold;
  result.value = value;
  return result;
}

static TileFoldResult foldToAttribute(MlirAttribute attribute) {
  TileFoldResult result = kNoFold;
  result.attribute = attribute;
  return result;
}

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
    return foldToValue(source);
  MlirAttribute constant = constants[0];
  if (!mlirAttributeIsNull(constant) && mlirAttributeIsADenseElements(constant) &&
      mlirDenseElementsAttrIsSplat(constant))
    return foldToAttribute(mlirDenseElementsAttrSplatGet(
        resultType, mlirDenseElementsAttrGetSplatValue(constant)));
  if (!mlirValueIsAOpResult(source) || !isConvertLayout(mlirOpResultGetOwner(source)))
    return kNoFold;
  /* Skip the inner conversion: convert straight from its source. Returning
   * this op's own result tells the folder the op was updated in place. */
  MlirValue original = mlirOperationGetOperand(mlirOpResultGetOwner(source), 0);
  if (mlirTypeEqual(mlirValueGetType(original), resultType))
    return foldToValue(original);
  mlirOperationSetOperand(op, 0, original);
  return foldToValue(result);
}
