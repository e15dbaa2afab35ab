/*===- axis_info.h - contiguity, divisibility and constancy of values -*- C -*-===*
 *
 * A forward dataflow analysis over one function (Triton's AxisInfo): for
 * every integer or pointer value, and along every dimension of a tensor,
 *
 *   - contiguity:   the length of the runs of consecutive values that
 *                   increase by 1 (by one element for pointers, whose
 *                   values are counted in elements);
 *   - divisibility: the largest power of two that divides the first value
 *                   of every run (in bytes for pointers);
 *   - constancy:    the length of the runs of equal values;
 *
 * plus the value itself when it is a known constant. A scalar is a tensor of
 * shape [1]. Function arguments start from their `tile.divisibility`,
 * `tile.contiguity` and `tile.constancy` hints (1 where absent); scf.for
 * induction variables and iter args are solved to a fixpoint. Every fact is
 * sound: 1 is always a correct answer, so unknown ops give 1.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_PASSES_AXIS_INFO_H
#define TILE_PASSES_AXIS_INFO_H

#include "mlir-c/IR.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The largest tensor rank the analysis tracks; higher ranks get no facts.
enum { TILE_AXIS_INFO_MAX_RANK = 8 };

/// The facts about one value. `rank` is the tensor's rank, 1 for a scalar.
typedef struct TileAxisInfo {
  int32_t rank;
  int64_t contiguity[TILE_AXIS_INFO_MAX_RANK];
  int64_t divisibility[TILE_AXIS_INFO_MAX_RANK];
  int64_t constancy[TILE_AXIS_INFO_MAX_RANK];
  bool hasConstantValue;
  int64_t constantValue;
} TileAxisInfo;

/// The facts about every value of one function.
typedef struct TileAxisInfoAnalysis TileAxisInfoAnalysis;

/// Analyzes `func` (a func.func) and returns the facts about its values;
/// the caller owns the result and frees it with tileAxisInfoDestroy.
/// Returns NULL only if memory runs out.
TileAxisInfoAnalysis *tileAxisInfoAnalyze(MlirOperation func);

/// Returns the facts about `value` (borrowed from `analysis`), or NULL for
/// a value the analysis did not see (outside the function, or created after
/// it ran).
const TileAxisInfo *tileAxisInfoLookup(const TileAxisInfoAnalysis *analysis,
                                       MlirValue value);

/// Frees an analysis; NULL is allowed.
void tileAxisInfoDestroy(TileAxisInfoAnalysis *analysis);

/// Prints `info` as "contiguity = [..], divisibility = [..], constancy =
/// [..], constant_value = <v or none>" into `buffer`; returns `buffer`.
const char *tileAxisInfoToString(const TileAxisInfo *info, char *buffer,
                                 size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TILE_PASSES_AXIS_INFO_H */
