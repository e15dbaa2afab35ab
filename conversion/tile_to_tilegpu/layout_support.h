/*===- layout_support.h - build blocked layouts and laid-out tensors -*- C -*-===*
 *
 * The layout helpers that convert-tile-to-tilegpu, tilegpu-coalesce and
 * tilegpu-remove-layout-conversions share: Triton's rule for spreading the
 * threads and warps of a CTA over a tensor shape, the module's launch shape
 * (num-warps, threads-per-warp), building `tilegpu.convert_layout`, and the
 * two IR queries every one of them asks (an op's name, a value's producer).
 *
 * Invariants: every layout returned here multiplies threadsPerWarp to the
 * module's threads per warp and warpsPerCTA to its num-warps, so the
 * tilegpu dialect's module check holds for every tensor that carries one.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_CONVERSION_TILE_TO_TILEGPU_LAYOUT_SUPPORT_H
#define TILE_CONVERSION_TILE_TO_TILEGPU_LAYOUT_SUPPORT_H

#include "mlir-c/IR.h"
#include "mlir-c/Rewrite.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The largest tensor rank the layout passes handle.
enum { TILE_BLOCKED_MAX_RANK = 8 };

/// Returns the #tilegpu.blocked layout of a `rank`-dimensional `shape` with
/// the given sizePerThread and order (order[0] fastest): lanes, then warps,
/// go to the dimensions in `order` as far as the shape holds them, and what
/// is left goes to the slowest dimension (Triton's BlockedEncodingAttr::get).
/// Returns a null attribute if rank is 0 or above TILE_BLOCKED_MAX_RANK.
MlirAttribute tileBlockedLayoutForShape(MlirContext context, intptr_t rank,
                                        const int64_t *shape,
                                        const unsigned *sizePerThread,
                                        const unsigned *order,
                                        unsigned numWarps,
                                        unsigned threadsPerWarp);

/// Returns the default layout of a shape: sizePerThread all 1 and order
/// [rank-1, ..., 0] (Triton's getDefaultBlockedEncoding).
MlirAttribute tileDefaultBlockedLayout(MlirContext context, intptr_t rank,
                                       const int64_t *shape, unsigned numWarps,
                                       unsigned threadsPerWarp);

/// Returns `tensorType` (a ranked tensor) with its encoding replaced by
/// `layout`.
MlirType tileTensorTypeWithLayout(MlirType tensorType, MlirAttribute layout);

/// Reads tilegpu.num-warps and tilegpu.threads-per-warp from the module
/// that holds `op` (or is `op`). Returns false if either is missing.
bool tileGetLaunchShape(MlirOperation op, unsigned *numWarps,
                        unsigned *threadsPerWarp);

/// Builds `tilegpu.convert_layout %value` into `layout` at the rewriter's
/// insertion point and returns its result.
MlirValue tileBuildConvertLayout(MlirRewriterBase rewriter,
                                 MlirLocation location, MlirValue value,
                                 MlirAttribute layout);

/// Returns true if `op` is not null and its name is `name`.
bool tileOperationIsNamed(MlirOperation op, const char *name);

/// Returns the op that defines `value`, or a null op for a block argument.
MlirOperation tileDefiningOp(MlirValue value);

/// Returns the encoding of `value`'s type if it is a ranked tensor, else a
/// null attribute.
MlirAttribute tileLayoutOf(MlirValue value);

#ifdef __cplusplus
}
#endif

#endif /* TILE_CONVERSION_TILE_TO_TILEGPU_LAYOUT_SUPPORT_H */
