/*===- builder.h - build IR from C through a rewriter ------------*- C -*-===*
 *
 * The MLIR C API builds an op through an MlirOperationState; these helpers
 * do that and insert the op at a rewriter's insertion point, so patterns and
 * passes say what they build in one line.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_DIALECTS_BUILDER_H
#define TILE_DIALECTS_BUILDER_H

#include "mlir-c/IR.h"
#include "mlir-c/Rewrite.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Creates op `name` and inserts it at the rewriter's insertion point.
/// Returns the new op, owned by its block.
MlirOperation tileBuildOp(MlirRewriterBase rewriter, const char *name,
                          MlirLocation location, intptr_t numOperands,
                          const MlirValue *operands, intptr_t numResults,
                          const MlirType *resultTypes, intptr_t numAttributes,
                          const MlirNamedAttribute *attributes);

/// Builds a one-operand, one-result op (e.g. tile.splat) and returns its result.
MlirValue tileBuildUnary(MlirRewriterBase rewriter, const char *name,
                         MlirLocation location, MlirValue operand,
                         MlirType resultType);

/// `arith.constant value` of integer `type`.
MlirValue tileBuildIntConstant(MlirRewriterBase rewriter, MlirLocation location,
                               MlirType type, int64_t value);

/// A two-operand op `name` (arith.addi, ...) whose result has the type of
/// `lhs`.
MlirValue tileBuildBinary(MlirRewriterBase rewriter, const char *name,
                          MlirLocation location, MlirValue lhs, MlirValue rhs);

/// `arith.cmpi` with `predicate` in arith's numbering (2 slt, 5 sge, 6 ult);
/// i1, or a tensor of i1 of `lhs`'s shape and encoding.
MlirValue tileBuildCompare(MlirRewriterBase rewriter, MlirLocation location,
                           int64_t predicate, MlirValue lhs, MlirValue rhs);

/// The body of a C rewrite pattern (MlirRewritePatternCallbacks'
/// matchAndRewrite).
typedef MlirLogicalResult (*TileMatchAndRewriteFn)(MlirRewritePattern pattern,
                                                   MlirOperation op,
                                                   MlirPatternRewriter rewriter,
                                                   void *userData);

/// Adds a pattern rooted at ops named `rootName` to `set`, which owns it.
void tileAddPattern(MlirRewritePatternSet set, MlirContext context,
                    const char *rootName, TileMatchAndRewriteFn matchAndRewrite);

/// A new scf.for at the rewriter's insertion point with `loop`'s bounds and
/// attributes, the iter_args `inits` (one result each, of its type) and
/// `loop`'s body, taken as it is: the caller reconciles the body's arguments
/// and yield with `inits`, moves the uses of `loop`'s results and erases it.
MlirOperation tileLoopWithInits(MlirRewriterBase rewriter, MlirOperation loop,
                                intptr_t numInits, const MlirValue *inits);

/// Replaces `loop` (an scf.for) by a new one, inserted at the rewriter's
/// insertion point, with the same bounds, attributes and body and the
/// iter_args `inits`: the loop's own first (new initial values), then
/// `numInits` - (the loop's count) more, each with a body argument of its
/// init's type appended. Uses of the old results move to the new ones; the
/// old loop, its body gone, is erased. The body's yield is the caller's to
/// extend.
MlirOperation tileRebuildLoopWithIterArgs(MlirRewriterBase rewriter, MlirOperation loop,
                                          intptr_t numInits, const MlirValue *inits);

/// Returns the named attribute `name = attribute`.
MlirNamedAttribute tileNamedAttr(MlirContext context, const char *name,
                                 MlirAttribute attribute);

#ifdef __cplusplus
}
#endif

#endif /* TILE_DIALECTS_BUILDER_H */
