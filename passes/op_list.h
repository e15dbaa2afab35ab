/*===- op_list.h - rewrite every op that matches ---------------*- C -*-===*
 *
 * Passes that rewrite one kind of op collect those ops first and rewrite
 * them afterwards, so a rewrite may replace or erase ops without
 * disturbing the walk that found them. This is that loop, once.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_PASSES_OP_LIST_H
#define TILE_PASSES_OP_LIST_H

#include "mlir-c/IR.h"
#include "mlir-c/Rewrite.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef bool (*TileOpMatcher)(MlirOperation op);
typedef MlirLogicalResult (*TileOpRewriter)(MlirRewriterBase rewriter, MlirOperation op,
                                            void *userData);

/// Collects the ops under `root` for which `matches` is true (pre-order),
/// then calls `rewrite` on each in that order with one IR rewriter, stopping
/// at the first failure, which it returns. Should the host run out of
/// memory while collecting, only the ops collected so far are rewritten.
MlirLogicalResult tileRewriteEachMatching(MlirOperation root, TileOpMatcher matches,
                                          TileOpRewriter rewrite, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* TILE_PASSES_OP_LIST_H */
