/*===- control_flow.c - scf.for/if/while and their terminators -------------===*
 *
 * scf ops stay (convert-scf-to-cf lowers them later, whatever their types),
 * but values they carry change type: results and region arguments are
 * retyped in place to their lowered types, with casts back for users that
 * are not lowered yet; operands (loop inits, yielded values) are swapped for
 * their lowered values. Regions are lowered right after their op is
 * retyped, before any user of the op's results.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"

/* Retypes `value` to its lowered type; false after an error at `op`. */
static bool retype(TileLowering *lowering, MlirOperation op, MlirValue value) {
  MlirType original = mlirValueGetType(value);
  if (!tileTypeNeedsLowering(original))
    return true;
  MlirType lowered = tileLoweredType(lowering, op, original);
  if (mlirTypeIsNull(lowered))
    return false;
  mlirValueSetType(value, lowered);
  tileCastForUsers(lowering, value, original);
  return true;
}

/* Uses the lowered value for operands [first, end). */
static void lowerOperands(MlirOperation op, intptr_t first) {
  for (intptr_t i = first; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    if (tileTypeNeedsLowering(mlirValueGetType(operand)))
      mlirOperationSetOperand(op, i, tileLoweredValue(operand));
  }
}

static bool retypeResults(TileLowering *lowering, MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (!retype(lowering, op, mlirOperationGetResult(op, i)))
      return false;
  return true;
}

static bool retypeArguments(TileLowering *lowering, MlirOperation op,
                            MlirRegion region) {
  MlirBlock block = mlirRegionGetFirstBlock(region);
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(block); ++i)
    if (!retype(lowering, op, mlirBlockGetArgument(block, i)))
      return false;
  return true;
}

static MlirLogicalResult lowerRegions(TileLowering *lowering, MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumRegions(op); ++i)
    if (mlirLogicalResultIsFailure(tileLowerRegion(lowering, mlirOperationGetRegion(op, i))))
      return mlirLogicalResultFailure();
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerFor(TileLowering *lowering, MlirOperation op) {
  /* Operands: lower bound, upper bound, step, then the loop-carried inits. */
  lowerOperands(op, 3);
  if (!retypeResults(lowering, op) ||
      !retypeArguments(lowering, op, mlirOperationGetRegion(op, 0)))
    return mlirLogicalResultFailure();
  return lowerRegions(lowering, op);
}

MlirLogicalResult tileLowerIf(TileLowering *lowering, MlirOperation op) {
  if (!retypeResults(lowering, op))
    return mlirLogicalResultFailure();
  return lowerRegions(lowering, op);
}

MlirLogicalResult tileLowerWhile(TileLowering *lowering, MlirOperation op) {
  lowerOperands(op, 0);
  if (!retypeResults(lowering, op) ||
      !retypeArguments(lowering, op, mlirOperationGetRegion(op, 0)) ||
      !retypeArguments(lowering, op, mlirOperationGetRegion(op, 1)))
    return mlirLogicalResultFailure();
  return lowerRegions(lowering, op);
}

MlirLogicalResult tileLowerYield(TileLowering *lowering, MlirOperation op) {
  lowerOperands(op, 0);
  return mlirLogicalResultSuccess();
}
