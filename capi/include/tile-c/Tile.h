/*===- tile-c/Tile.h - C API of the tile dialect ------------------*- C -*-===*
 *
 * Dialect handle and the `!tile.ptr` type. Everything is borrowed from the
 * context unless a function says otherwise.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_C_TILE_H
#define TILE_C_TILE_H

#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Tile, tile);

/// Returns `!tile.ptr<pointee, addressSpace>`, owned by the pointee's context.
/// Address space 1 is global memory, 3 shared memory.
MLIR_CAPI_EXPORTED MlirType tilePointerTypeGet(MlirType pointee, int addressSpace);
/// Returns true if `type` is a `!tile.ptr`.
MLIR_CAPI_EXPORTED bool tileTypeIsAPointer(MlirType type);
/// Returns the pointee type of a `!tile.ptr` (a scalar, or a tensor for a
/// block pointer).
MLIR_CAPI_EXPORTED MlirType tilePointerTypeGetPointeeType(MlirType type);
/// Returns the address space of a `!tile.ptr`.
MLIR_CAPI_EXPORTED int tilePointerTypeGetAddressSpace(MlirType type);

/// The read-modify-write kinds of tile.atomic_rmw (values of #tile.rmw).
typedef enum TileAtomicRMWKind {
  TileAtomicRMWAnd = 1,
  TileAtomicRMWOr = 2,
  TileAtomicRMWXor = 3,
  TileAtomicRMWAdd = 4,
  TileAtomicRMWFAdd = 5,
  TileAtomicRMWMax = 6,
  TileAtomicRMWMin = 7,
  TileAtomicRMWUMax = 8,
  TileAtomicRMWUMin = 9,
  TileAtomicRMWXchg = 10,
} TileAtomicRMWKind;

/// Returns the integer value of a tile enum attribute (`#tile.rmw<fadd>` is
/// TileAtomicRMWFAdd, `#tile.axis<y>` is 1, ...); -1 for a null or any other
/// attribute.
MLIR_CAPI_EXPORTED int64_t tileEnumAttrGetValue(MlirAttribute attr);

/// Emits a warning diagnostic `message` at `location` (MLIR's C API has
/// mlirEmitError only); the context's handlers see it like an error's.
MLIR_CAPI_EXPORTED void tileEmitWarning(MlirLocation location, const char *message);

/// Inserts the tile and tilegpu dialects and every upstream dialect the
/// compiler emits or accepts (func, arith, math, scf, cf, llvm, nvvm, gpu,
/// ub) into `registry`, with their LLVM IR translations.
MLIR_CAPI_EXPORTED void tileRegisterAllDialects(MlirDialectRegistry registry);

/// Returns a new context with every dialect of tileRegisterAllDialects
/// loaded; the caller owns it (mlirContextDestroy).
MLIR_CAPI_EXPORTED MlirContext tileContextCreate(void);

/// Parses `source` into a module named `sourceName` in diagnostics (e.g. the
/// file name, so errors read "kernel.mlir:3:7: error: ..."). Returns a null
/// module on failure after reporting each error to the context's diagnostic
/// handlers; the caller owns a non-null result (mlirModuleDestroy).
MLIR_CAPI_EXPORTED MlirModule tileParseSourceString(MlirContext context,
                                                    MlirStringRef source,
                                                    MlirStringRef sourceName);

#ifdef __cplusplus
}
#endif

#endif /* TILE_C_TILE_H */
