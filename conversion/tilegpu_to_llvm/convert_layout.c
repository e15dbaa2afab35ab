/*===- convert_layout.c - convert_layout (placeholder) ----------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"

int64_t tileConvertLayoutScratchBytes(TileLowering *lowering, MlirOperation op) {
  (void)lowering;
  (void)op;
  return 0;
}

MlirLogicalResult tileLowerConvertLayout(TileLowering *lowering, MlirOperation op) {
  return tileLowerViewOp(lowering, op);
}
