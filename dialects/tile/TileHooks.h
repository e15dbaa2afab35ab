/*===- TileHooks.h - C logic behind the tile dialect's ODS hooks --*- C -*-===*
 *
 * The ODS classes declare verifiers, folders and canonicalizers; their C++
 * bodies are one-line calls into these C functions. Verifiers emit their
 * diagnostics on the op's location and return failure. Folders return a null
 * attribute and value when they do not apply.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_DIALECTS_TILE_TILEHOOKS_H
#define TILE_DIALECTS_TILE_TILEHOOKS_H

#include "dialects/support.h"

#include "mlir-c/IR.h"
#include "mlir-c/Rewrite.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef MlirLogicalResult (*TileVerifyHook)(MlirOperation op);
typedef TileFoldResult (*TileFoldHook)(MlirOperation op,
                                       const MlirAttribute *constantOperands);

MlirLogicalResult tileVerifyMakeRange(MlirOperation op);
MlirLogicalResult tileVerifyBroadcast(MlirOperation op);
MlirLogicalResult tileVerifyExpandDims(MlirOperation op);
MlirLogicalResult tileVerifyReshape(MlirOperation op);
MlirLogicalResult tileVerifyTrans(MlirOperation op);
MlirLogicalResult tileVerifyJoin(MlirOperation op);
MlirLogicalResult tileVerifySplit(MlirOperation op);
MlirLogicalResult tileVerifyCat(MlirOperation op);
MlirLogicalResult tileVerifyLoad(MlirOperation op);
MlirLogicalResult tileVerifyStore(MlirOperation op);
MlirLogicalResult tileVerifyAtomicRMW(MlirOperation op);
MlirLogicalResult tileVerifyAtomicCAS(MlirOperation op);
MlirLogicalResult tileVerifyMakeTensorPtr(MlirOperation op);
MlirLogicalResult tileVerifyAdvance(MlirOperation op);
MlirLogicalResult tileVerifyDot(MlirOperation op);
MlirLogicalResult tileVerifyReduce(MlirOperation op);
MlirLogicalResult tileVerifyScan(MlirOperation op);
MlirLogicalResult tileVerifyFpToFp(MlirOperation op);
MlirLogicalResult tileVerifyBitcast(MlirOperation op);
MlirLogicalResult tileVerifyPrint(MlirOperation op);

TileFoldResult tileFoldSplat(MlirOperation op, const MlirAttribute *constants);
TileFoldResult tileFoldBroadcast(MlirOperation op, const MlirAttribute *constants);
TileFoldResult tileFoldReshape(MlirOperation op, const MlirAttribute *constants);
TileFoldResult tileFoldTrans(MlirOperation op, const MlirAttribute *constants);
TileFoldResult tileFoldAddPtr(MlirOperation op, const MlirAttribute *constants);
TileFoldResult tileFoldAdvance(MlirOperation op, const MlirAttribute *constants);

/// Canonicalization patterns of the shape ops (splat/broadcast/expand_dims/
/// reshape/trans chains collapse). Each adds its patterns to `set`.
void tilePopulateBroadcastPatterns(MlirRewritePatternSet set, MlirContext context);
void tilePopulateExpandDimsPatterns(MlirRewritePatternSet set, MlirContext context);
void tilePopulateReshapePatterns(MlirRewritePatternSet set, MlirContext context);
void tilePopulateTransPatterns(MlirRewritePatternSet set, MlirContext context);

#ifdef __cplusplus
}
#endif

#endif /* TILE_DIALECTS_TILE_TILEHOOKS_H */
