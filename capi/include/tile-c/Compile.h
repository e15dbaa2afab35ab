/*===- tile-c/Compile.h - one call from tile source to PTX and cubin -*- C -*-===*
 *
 * The whole compiler behind one function, for frameworks and for
 * `tile-compile`: parse a tile (or tilegpu) module, run the `tile-to-ptx`
 * pipeline (tile-level cleanups, layout assignment and the tilegpu passes
 * that are registered, convert-tilegpu-to-llvm, the upstream conversions
 * that finish the LLVM dialect) and the back end (tile-c/Backend.h). The
 * result is a TileBackendResult: PTX, cubin, kernel metadata and timings.
 *
 * Errors are MLIR diagnostics with the file:line:col of the IR that caused
 * them; attach a handler to the context (mlirContextAttachDiagnosticHandler)
 * to receive them. When a pass fails, one more error names the pass and a
 * `tile-opt` command that reproduces the failure on the IR the pass got
 * (written to a file). Nothing here aborts or exits.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_C_COMPILE_H
#define TILE_C_COMPILE_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"
#include "tile-c/Backend.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Called after each stage of the pipeline with the stage's name (e.g.
/// `convert-tilegpu-to-llvm`) and the module as that stage left it
/// (borrowed for the call).
typedef void (*TileCompileStageCallback)(MlirStringRef stage, MlirOperation module,
                                         void *userData);

/// How to compile. Start from tileCompileOptionsGetDefault(); strings are
/// borrowed for the duration of the call that takes the options.
typedef struct TileCompileOptions {
  /// Warps per program instance (a power of two, 1 to 32).
  int numWarps;
  /// Pipelining depth of loops that feed dots (used once tilegpu-pipeline
  /// exists; recorded in the pipeline text meanwhile).
  int numStages;
  /// The GPU, `cuda:80`, `cuda:90a`, ... (see TileBackendOptions.target).
  MlirStringRef target;
  /// LLVM and ptxas optimization level, 0 to 3.
  int optLevel;
  /// Registers per thread for every kernel, 24 to 255; 0: ptxas chooses
  /// (see TileBackendOptions.maxRegisters).
  int maxRegisters;
  /// Assemble a cubin with ptxas (PTX only when false or ptxas is missing).
  bool emitCubin;
  /// Directory for the IR of a failing pass; empty: $TMPDIR, then /tmp.
  MlirStringRef reproducerDirectory;
  /// Optional: called after each stage (e.g. to print the IR).
  TileCompileStageCallback stageCallback;
  void *stageUserData;
} TileCompileOptions;

/// Returns the defaults: 4 warps, 3 stages, cuda:80, -O3, cubin, no
/// callback. The strings in the returned value are static.
MLIR_CAPI_EXPORTED TileCompileOptions tileCompileOptionsGetDefault(void);

/// Passes the textual pass pipeline that tileCompileModule runs before the
/// back end (only the passes registered in this build) to `callback`, in a
/// form `tile-opt --pass-pipeline='...'` accepts.
MLIR_CAPI_EXPORTED void tileCompilePrintPipeline(const TileCompileOptions *options,
                                                 MlirStringCallback callback,
                                                 void *userData);

/// Runs the pipeline on `module` in place, then the back end. On success
/// `*result` is a new result owned by the caller (tileBackendResultDestroy);
/// on failure it is null and errors went to the context's diagnostic
/// handlers. A module that already carries `tilegpu.num-warps` is taken to
/// be tilegpu IR and skips layout assignment.
MLIR_CAPI_EXPORTED MlirLogicalResult tileCompileModule(MlirModule module,
                                                       const TileCompileOptions *options,
                                                       TileBackendResult *result);

/// Parses `source` (named `sourceName` in diagnostics, e.g. the file name)
/// in `context` (from tileContextCreate) and compiles it with
/// tileCompileModule.
MLIR_CAPI_EXPORTED MlirLogicalResult tileCompileSource(MlirContext context,
                                                       MlirStringRef source,
                                                       MlirStringRef sourceName,
                                                       const TileCompileOptions *options,
                                                       TileBackendResult *result);

#ifdef __cplusplus
}
#endif

#endif /* TILE_C_COMPILE_H */
