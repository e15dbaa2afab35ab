/*===- make_range.c - tile.make_range ---------------------------------------===*
 *
 * Register r of a thread holds start + (its coordinate along dim 0), and the
 * coordinate comes from the linear layout (lowering.c emits it from the lane
 * and warp bits), so any 1-D layout works, replicated ones included.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/support.h"

MlirLogicalResult tileLowerMakeRange(TileLowering *lowering, MlirOperation op) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, type, &layout))
    return mlirLogicalResultFailure();
  MlirType structType = tileLoweredType(lowering, op, type);
  if (mlirTypeIsNull(structType))
    return mlirLogicalResultFailure();
  int64_t start = 0;
  tileGetIntAttr(op, "start", &start);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  tileEmitCoordinates(lowering, location, &layout, 1, values);
  if (start != 0) {
    MlirValue offset = tileEmitI32(lowering, location, start);
    for (int32_t r = 0; r < registers; ++r)
      values[r] = tileEmitBinary(lowering, location, "llvm.add", values[r], offset);
  }
  MlirValue packed = tileEmitPack(lowering, location, structType, registers, values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}
