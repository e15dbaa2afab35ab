/*===- target.h - reading the module's tilegpu.target -------------*- C -*-===*
 *
 * `tilegpu.target` names the GPU a module is compiled for as
 * "cuda:<compute capability>[a]" ("cuda:80", "cuda:90a"). The verifier, the
 * passes and the lowering all read it through these two functions, so they
 * agree on which strings are targets and what capability each names.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_DIALECTS_TARGET_H
#define TILE_DIALECTS_TARGET_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the compute capability that "cuda:" followed by at least two
/// digits and an optional 'a' names (80 for "cuda:80", 90 for "cuda:90a"),
/// or -1 for any other text.
int32_t tileTargetParseCapability(MlirStringRef text);

/// Returns the compute capability of `module`'s tilegpu.target, or
/// `fallback` when the module has no such string attribute or it does not
/// parse.
int32_t tileTargetCapabilityOf(MlirOperation module, int32_t fallback);

#ifdef __cplusplus
}
#endif

#endif /* TILE_DIALECTS_TARGET_H */
