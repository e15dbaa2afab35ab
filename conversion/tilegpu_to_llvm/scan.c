/*===- scan.c - tile.scan (placeholder until the lowering lands) -----------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"

#include <string.h>

bool tileScanPlanGet(TileLowering *lowering, MlirOperation op,
                     TileScanPlan *plan) {
  (void)lowering;
  memset(plan, 0, sizeof(*plan));
  tileLoweringError(op, "'tile.scan' is not lowered yet");
  return false;
}

MlirLogicalResult tileLowerScan(TileLowering *lowering, MlirOperation op) {
  TileScanPlan plan;
  tileScanPlanGet(lowering, op, &plan);
  return mlirLogicalResultFailure();
}
