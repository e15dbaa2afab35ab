/*===- passes.h - the C passes of tile ------------------------------*- C -*-===*
 *
 * Each pass is a static TilePassInfo (see tile-c/Passes.h) defined in the file
 * named after its flag; registration.c registers them all.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_PASSES_PASSES_H
#define TILE_PASSES_PASSES_H

#include "tile-c/Passes.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const TilePassInfo tileCombinePass;
extern const TilePassInfo tileConvertTileToTileGPUPass;
extern const TilePassInfo tileConvertTileGPUToLLVMPass;
extern const TilePassInfo tileTestPrintAxisInfoPass;
extern const TilePassInfo tileCoalescePass;
extern const TilePassInfo tileRemoveLayoutConversionsPass;
extern const TilePassInfo tileAccelerateMatmulPass;
extern const TilePassInfo tileReduceDataDuplicationPass;
extern const TilePassInfo tileAllocateSharedMemoryPass;
extern const TilePassInfo tileInsertBarriersPass;
extern const TilePassInfo tilePipelinePass;
extern const TilePassInfo tilePrefetchPass;
extern const TilePassInfo tileRewriteBlockPointersPass;

#ifdef __cplusplus
}
#endif

#endif /* TILE_PASSES_PASSES_H */
