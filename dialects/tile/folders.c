/*===- folders.c - constant folding of the tile shape ops -----------------===*
 *
 * Folds that need no new ops: an op that does not change its operand's type
 * returns the operand; an op applied to a splat constant returns the splat
 * constant of its result type. Everything else is left to the
 * canonicalization patterns (canonicalize.c).
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/support.h"
#include "dialects/tile/TileHooks.h"

#include "mlir-c/BuiltinAttributes.h"

static MlirType resultTypeOf(MlirOperation op) {
  return mlirValueGetType(mlirOperationGetResult(op, 0));
}

/* An op whose result type equals its operand's is the identity. */
static bool keepsType(MlirOperation op) {
  return mlirTypeEqual(mlirValueGetType(mlirOperationGetOperand(op, 0)),
                       resultTypeOf(op));
}

TileFoldResult tileFoldSplat(MlirOperation op, const MlirAttribute *constants) {
  MlirAttribute scalar = constants[0];
  if (mlirAttributeIsNull(scalar) ||
      !(mlirAttributeIsAInteger(scalar) || mlirAttributeIsAFloat(scalar)))
    return tileFoldNothing();
  return tileFoldToAttribute(mlirDenseElementsAttrSplatGet(resultTypeOf(op), scalar));
}

/* The identity when the type is kept, else a splat operand re-shaped. */
static TileFoldResult foldIdentityOrSplat(MlirOperation op, bool identity,
                                          MlirAttribute constant) {
  if (identity && keepsType(op))
    return tileFoldToValue(mlirOperationGetOperand(op, 0));
  return tileFoldSplatConstant(constant, resultTypeOf(op));
}

TileFoldResult tileFoldBroadcast(MlirOperation op, const MlirAttribute *constants) {
  return foldIdentityOrSplat(op, true, constants[0]);
}

TileFoldResult tileFoldReshape(MlirOperation op, const MlirAttribute *constants) {
  return foldIdentityOrSplat(op, true, constants[0]);
}

TileFoldResult tileFoldTrans(MlirOperation op, const MlirAttribute *constants) {
  int64_t order[16];
  intptr_t rank = tileGetI32ArrayAttr(op, "order", order, 16);
  bool identity = true;
  for (intptr_t i = 0; i < rank; ++i)
    identity = identity && order[i] == i;
  return foldIdentityOrSplat(op, identity, constants[0]);
}

/* True for the integer 0 or a dense splat of 0. */
static bool isZero(MlirAttribute constant) {
  if (mlirAttributeIsNull(constant))
    return false;
  if (mlirAttributeIsAInteger(constant))
    return mlirIntegerAttrGetValueInt(constant) == 0;
  if (mlirAttributeIsADenseElements(constant) &&
      mlirDenseElementsAttrIsSplat(constant)) {
    MlirAttribute element = mlirDenseElementsAttrGetSplatValue(constant);
    return mlirAttributeIsAInteger(element) &&
           mlirIntegerAttrGetValueInt(element) == 0;
  }
  return false;
}

TileFoldResult tileFoldAddPtr(MlirOperation op, const MlirAttribute *constants) {
  if (isZero(constants[1]))
    return tileFoldToValue(mlirOperationGetOperand(op, 0));
  return tileFoldNothing();
}

TileFoldResult tileFoldAdvance(MlirOperation op, const MlirAttribute *constants) {
  intptr_t count = mlirOperationGetNumOperands(op);
  for (intptr_t i = 1; i < count; ++i)
    if (!isZero(constants[i]))
      return tileFoldNothing();
  return tileFoldToValue(mlirOperationGetOperand(op, 0));
}
