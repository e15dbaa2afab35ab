/*===- view_layouts.h - layouts under which join/split/reshape move no data -*- C -*-===*
 *
 * tile.join, tile.split and tile.reshape only rename coordinates. Given the
 * layout of the operand, each function here returns the result layout that
 * leaves every element in the thread that holds it, so the op lowers to a
 * renumbering of registers (view_ops.c checks the same condition):
 *
 *   - join: the operand's layout with a new minor dim of size 2 held in
 *     registers (for a blocked layout: sizePerThread [..., 2],
 *     threadsPerWarp [..., 1], warpsPerCTA [..., 1], order [rank, ...]);
 *   - split: the inverse, when the minor dim of size 2 is in registers;
 *   - reshape: the row-major reshape of the operand's linear layout.
 *
 * Results are #tilegpu.blocked when a blocked layout places the same
 * elements in the same lanes and warps and spans the same registers
 * (perhaps numbered differently), `preferred` (the caller's default for
 * the result) when it is such a layout; otherwise a #tilegpu.linear
 * layout.
 * Every function returns a null attribute when the operand's layout is
 * not #tilegpu.blocked, the rank is above TILE_LAYOUT_MAX_RANK, or (split)
 * the minor dim is spread over lanes or warps.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILE_TO_TILEGPU_VIEW_LAYOUTS_H
#define TILE_CONVERSION_TILE_TO_TILEGPU_VIEW_LAYOUTS_H

#include "mlir-c/IR.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the layout of `tile.join` of two tensors of `rank`-dimensional
/// `shape` laid out as `operandLayout`, or a null attribute.
MlirAttribute tileJoinedLayout(MlirContext context, MlirAttribute operandLayout,
                               intptr_t rank, const int64_t *shape,
                               MlirAttribute preferred);

/// Returns the layout of either result of `tile.split` of a tensor of
/// `rank`-dimensional `shape` (the last dim is 2) laid out as
/// `operandLayout`, or a null attribute.
MlirAttribute tileSplitLayout(MlirContext context, MlirAttribute operandLayout,
                              intptr_t rank, const int64_t *shape,
                              MlirAttribute preferred);

/// Returns the layout of `tile.reshape` from `sourceShape` laid out as
/// `sourceLayout` to `resultShape`, or a null attribute.
MlirAttribute tileReshapedLayout(MlirContext context, MlirAttribute sourceLayout,
                                 intptr_t sourceRank, const int64_t *sourceShape,
                                 intptr_t resultRank, const int64_t *resultShape,
                                 MlirAttribute preferred);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILE_TO_TILEGPU_VIEW_LAYOUTS_H */
