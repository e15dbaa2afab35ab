/*===- registration.c - register every tile pass with MLIR ----------------===*/

#include "passes/passes.h"

void tileRegisterAllPasses(void) {
  static const TilePassInfo *const passes[] = {
      &tileCombinePass,
      &tileConvertTileToTileGPUPass,
      &tileConvertTileGPUToLLVMPass,
      &tileTestPrintAxisInfoPass,
      &tileCoalescePass,
      &tileRemoveLayoutConversionsPass,
      &tileAccelerateMatmulPass,
      &tileReduceDataDuplicationPass,
      &tileAllocateSharedMemoryPass,
      &tileInsertBarriersPass,
      &tilePipelinePass,
      &tilePrefetchPass,
      &tileRewriteBlockPointersPass,
  };
  for (size_t i = 0; i < sizeof(passes) / sizeof(passes[0]); ++i)
    tileRegisterPass(passes[i]);
}
