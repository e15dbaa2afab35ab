/*===- tile-c/Passes.h - passes written in C, registered with MLIR -*- C -*-===*
 *
 * A pass written in C describes itself with a static TilePassInfo: its flag,
 * options, dependent dialects and a run function. tileRegisterPass puts it in
 * MLIR's pass registry, so `tile-opt -<flag>` and
 * `--pass-pipeline='builtin.module(<flag>{num-warps=8})'` work, and so do
 * pass managers built from text through the C API. Option parsing, --help
 * and pipeline printing are MLIR's own.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_C_PASSES_H
#define TILE_C_PASSES_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum TilePassOptionKind {
  TilePassOptionInt,
  TilePassOptionString,
  TilePassOptionBool,
} TilePassOptionKind;

/// One textual option of a C pass, e.g. {"num-warps", TilePassOptionInt, "4",
/// "warps per program instance"}. `defaultValue` is parsed like user text.
typedef struct TilePassOption {
  const char *name;
  TilePassOptionKind kind;
  const char *defaultValue;
  const char *description;
} TilePassOption;

/// The value of an option as the run function sees it; the field that
/// matches the option's kind is set. Strings are borrowed for the run.
typedef struct TilePassOptionValue {
  int64_t intValue;
  bool boolValue;
  MlirStringRef stringValue;
} TilePassOptionValue;

/// Runs the pass on `op` with `options[i]` the value of the info's option i.
/// On failure, the pass has emitted an error on a location and returns
/// failure; the bridge then signals pass failure.
typedef MlirLogicalResult (*TilePassRunFn)(MlirOperation op,
                                           const TilePassOptionValue *options);

/// A static description of a C pass. Its address is the pass's identity
/// (its TypeID), so it must live for the whole program and be 8-aligned;
/// declare it `static const` at file scope.
typedef struct TilePassInfo {
  const char *argument;       /* the flag, e.g. "tilegpu-coalesce" */
  const char *name;           /* a CamelCase name for diagnostics */
  const char *description;    /* one line for --help */
  const char *anchorOpName;   /* e.g. "builtin.module"; NULL: any op */
  const TilePassOption *options;
  intptr_t numOptions;
  /* Dialects whose ops the pass creates; NULL-terminated, may be NULL. */
  MlirDialectHandle (*const *dependentDialects)(void);
  TilePassRunFn run;
} TilePassInfo;

/// Registers `info` in MLIR's global pass registry. `info` is borrowed for
/// the life of the program. Registering the same flag twice is a no-op.
MLIR_CAPI_EXPORTED void tileRegisterPass(const TilePassInfo *info);

/// Returns a new pass instance of `info` with default options; the caller
/// owns it until it is added to a pass manager.
MLIR_CAPI_EXPORTED MlirPass tileCreatePass(const TilePassInfo *info);

/// Registers every tile pass (idempotent).
MLIR_CAPI_EXPORTED void tileRegisterAllPasses(void);

/// Registers the named pipeline `tile-to-llvm` (options num-warps,
/// num-stages, target): what tile-compile runs before the PTX back end.
/// Idempotent.
MLIR_CAPI_EXPORTED void tileRegisterPipelines(void);

#ifdef __cplusplus
}
#endif

#endif /* TILE_C_PASSES_H */
