/*===- support.h - C helpers shared by the dialects' hooks and passes -*- C -*-===*
 *
 * Small queries over MLIR types and attributes that the C API spells at
 * length; the op-error convention: every diagnostic names the op the way
 * MLIR's own verifiers do ("'tile.load' op ...") so users read one style;
 * and the fold results that both dialects' folders return.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_DIALECTS_SUPPORT_H
#define TILE_DIALECTS_SUPPORT_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Emits "'<op name>' op <formatted message>" at the op's location and
/// returns failure, so verifiers can `return tileOpError(op, ...)`.
MlirLogicalResult tileOpError(MlirOperation op, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/// Prints `type` into `buffer` (always NUL-terminated, truncated with "...").
/// Returns `buffer` so it can sit inside a printf argument list.
const char *tileTypeToString(MlirType type, char *buffer, size_t size);

/// Prints an array of integers as "[a, b, c]" into `buffer`; returns it.
const char *tileIntsToString(const int64_t *values, intptr_t count,
                             char *buffer, size_t size);

/// True for a ranked tensor type.
bool tileIsTensor(MlirType type);
/// The element type of a shaped type, or the type itself.
MlirType tileElementTypeOf(MlirType type);
/// Rank of a ranked tensor, 0 for scalars.
intptr_t tileRankOf(MlirType type);
/// Copies the shape of a ranked tensor into `shape` (at most `capacity`
/// entries); returns the rank (0 for scalars).
intptr_t tileShapeOf(MlirType type, int64_t *shape, intptr_t capacity);
/// Product of the dimensions of a ranked tensor, 1 for scalars.
int64_t tileNumElementsOf(MlirType type);
/// The encoding of a ranked tensor; a null attribute otherwise.
MlirAttribute tileEncodingOf(MlirType type);
/// Bit width of an integer, float or index type; 64 for tile pointers;
/// 0 for anything else.
unsigned tileBitWidthOf(MlirType type);
/// True for floating-point types (including the fp8 types).
bool tileIsFloat(MlirType type);
bool tileIsInteger(MlirType type);
bool tileIsPowerOfTwo(int64_t value);

/// Reads an integer attribute of `op` into `*value`; false if absent.
bool tileGetIntAttr(MlirOperation op, const char *name, int64_t *value);
/// Copies a dense i32 array attribute of `op` into `values` (at most
/// `capacity`); returns the number of elements, or -1 if absent.
intptr_t tileGetI32ArrayAttr(MlirOperation op, const char *name,
                             int64_t *values, intptr_t capacity);
/// True if `op` has a unit or true boolean attribute named `name`.
bool tileHasFlag(MlirOperation op, const char *name);
/// The operand group `group` of an op with AttrSizedOperandSegments: writes
/// its first operand index and size; false if the op has no segments.
bool tileOperandSegment(MlirOperation op, intptr_t group, intptr_t *start,
                        intptr_t *size);
/// True if `values[0..count)` is a permutation of 0..count-1.
bool tileIsPermutation(const int64_t *values, intptr_t count);

/// The result of a fold: an attribute (a constant) or an existing value;
/// both null when the op does not fold.
typedef struct TileFoldResult {
  MlirAttribute attribute;
  MlirValue value;
} TileFoldResult;

/// The fold that leaves the op as it is.
TileFoldResult tileFoldNothing(void);
/// A fold to an existing value.
TileFoldResult tileFoldToValue(MlirValue value);
/// A fold to a constant attribute.
TileFoldResult tileFoldToAttribute(MlirAttribute attribute);
/// A splat dense `constant` re-shaped to `type`; no fold when `constant` is
/// null or not a splat dense elements attribute.
TileFoldResult tileFoldSplatConstant(MlirAttribute constant, MlirType type);

#ifdef __cplusplus
}
#endif

#endif /* TILE_DIALECTS_SUPPORT_H */
