/*===- program_id.c - tile.program_id and tile.num_programs ----------------===*
 *
 * One program instance is one CTA: its id along an axis is %ctaid, the
 * number of instances %nctaid.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinTypes.h"

static MlirLogicalResult lowerSpecialRegister(TileLowering *lowering,
                                              MlirOperation op,
                                              const char *const names[3]) {
  int64_t axis = tileEnumAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("axis")));
  if (axis < 0 || axis > 2)
    return tileLoweringError(op, "the axis must be x, y or z");
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue value =
      tileEmit(lowering, names[axis], mlirOperationGetLocation(op), 0, NULL,
               mlirIntegerTypeGet(lowering->context, 32), 0, NULL);
  tileReplaceOp(lowering, op, &value);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerProgramId(TileLowering *lowering, MlirOperation op) {
  static const char *const names[3] = {"nvvm.read.ptx.sreg.ctaid.x",
                                       "nvvm.read.ptx.sreg.ctaid.y",
                                       "nvvm.read.ptx.sreg.ctaid.z"};
  return lowerSpecialRegister(lowering, op, names);
}

MlirLogicalResult tileLowerNumPrograms(TileLowering *lowering, MlirOperation op) {
  static const char *const names[3] = {"nvvm.read.ptx.sreg.nctaid.x",
                                       "nvvm.read.ptx.sreg.nctaid.y",
                                       "nvvm.read.ptx.sreg.nctaid.z"};
  return lowerSpecialRegister(lowering, op, names);
}
