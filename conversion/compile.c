/*===- compile.c - the tile-to-ptx pipeline and the one-call compile -------===*
 *
 * The pipeline is a fixed list of stages, each one pass (or one upstream
 * pass) run by its own pass manager, so a failure names its pass exactly
 * and can be reproduced alone: before each stage the module is cloned, and
 * if the stage fails the clone is written to a file and an error gives the
 * `tile-opt` command that replays the failing pass on it.
 *
 * Optional stages are tilegpu passes that other parts of the compiler add
 * over time (coalescing, pipelining, shared-memory allocation, ...): a
 * stage whose pass is not registered in this build is skipped, so the
 * pipeline grows as the passes land without edits here. Stages marked
 * tile-only assign layouts and are skipped for input that is already
 * tilegpu IR (a module with `tilegpu.num-warps`).
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200809L
#include "tile-c/Compile.h"
#include "tile-c/Passes.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Conversion.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Transforms.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum StageKind {
  STAGE_REQUIRED,  /* always runs; not being registered is an error */
  STAGE_OPTIONAL,  /* runs when its pass is registered */
  STAGE_TILE_ONLY, /* required, but only for tile (not tilegpu) input */
} StageKind;

typedef struct Stage {
  const char *pass;    /* the pass's flag */
  StageKind kind;
} Stage;

static const Stage stages[] = {
    /* Helpers (private functions) are inlined into the kernels, as Triton
     * does; convert-tilegpu-to-llvm lowers kernels only. */
    {"inline", STAGE_REQUIRED},
    {"symbol-dce", STAGE_REQUIRED},
    /* Block pointers become tensors of pointers before anything looks at
     * address arithmetic, so tile-combine and the coalescer see it all. */
    {"tile-rewrite-block-pointers", STAGE_TILE_ONLY},
    {"tile-combine", STAGE_TILE_ONLY},
    {"canonicalize", STAGE_REQUIRED},
    {"cse", STAGE_REQUIRED},
    {"convert-tile-to-tilegpu", STAGE_TILE_ONLY},
    {"tilegpu-coalesce", STAGE_OPTIONAL},
    {"tilegpu-remove-layout-conversions", STAGE_OPTIONAL},
    {"tilegpu-accelerate-matmul", STAGE_OPTIONAL},
    {"tilegpu-remove-layout-conversions", STAGE_OPTIONAL}, /* the dot's: #mma across loops */
    {"tilegpu-optimize-dot-operands", STAGE_OPTIONAL},
    {"tilegpu-pipeline", STAGE_OPTIONAL},
    {"tilegpu-prefetch", STAGE_OPTIONAL},
    {"tilegpu-reduce-data-duplication", STAGE_OPTIONAL},
    {"tilegpu-allocate-shared-memory", STAGE_OPTIONAL},
    {"tilegpu-insert-barriers", STAGE_OPTIONAL},
    {"convert-tilegpu-to-llvm", STAGE_REQUIRED},
    {"convert-scf-to-cf", STAGE_REQUIRED},
    {"convert-arith-to-llvm", STAGE_REQUIRED},
    {"convert-math-to-llvm", STAGE_REQUIRED},
    {"convert-cf-to-llvm", STAGE_REQUIRED},
    {"reconcile-unrealized-casts", STAGE_REQUIRED},
};

enum { NUM_STAGES = sizeof(stages) / sizeof(stages[0]), MAX_TEXT = 256 };

TileCompileOptions tileCompileOptionsGetDefault(void) {
  TileCompileOptions options;
  memset(&options, 0, sizeof(options));
  options.numWarps = 4;
  options.numStages = 3;
  options.target = mlirStringRefCreateFromCString("cuda:80");
  options.optLevel = 3;
  options.emitCubin = true;
  options.reproducerDirectory = mlirStringRefCreate(NULL, 0);
  return options;
}

/* The stage's pass with the options it takes from TileCompileOptions. */
static void stageText(const Stage *stage, const TileCompileOptions *options,
                      char *text, size_t size) {
  if (strcmp(stage->pass, "convert-tile-to-tilegpu") == 0)
    snprintf(text, size, "%s{num-warps=%d threads-per-warp=32 target=%.*s}", stage->pass,
             options->numWarps, (int)options->target.length, options->target.data);
  else if (strcmp(stage->pass, "tilegpu-pipeline") == 0)
    snprintf(text, size, "%s{num-stages=%d}", stage->pass, options->numStages);
  else
    snprintf(text, size, "%s", stage->pass);
}

static void ignoreText(MlirStringRef text, void *userData) {}

/* Our passes and the upstream ones the stages name, once per process (the
 * pass registry is global and not safe to fill from two threads). */
static void registerPipelinePassesOnce(void) {
  tileRegisterAllPasses();
  mlirRegisterTransformsInliner();
  mlirRegisterTransformsSymbolDCE();
  mlirRegisterTransformsCanonicalizer();
  mlirRegisterTransformsCSE();
  mlirRegisterConversionSCFToControlFlowPass();
  mlirRegisterConversionArithToLLVMConversionPass();
  mlirRegisterConversionConvertMathToLLVMPass();
  mlirRegisterConversionConvertControlFlowToLLVMPass();
  mlirRegisterConversionReconcileUnrealizedCastsPass();
}

static void registerPipelinePasses(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, registerPipelinePassesOnce);
}

/* True if `text` parses as a pipeline, i.e. its pass is registered. */
static bool isRegistered(MlirContext context, const char *text) {
  MlirPassManager manager = mlirPassManagerCreate(context);
  MlirLogicalResult parsed = mlirOpPassManagerAddPipeline(
      mlirPassManagerGetAsOpPassManager(manager), mlirStringRefCreateFromCString(text),
      ignoreText, NULL);
  mlirPassManagerDestroy(manager);
  return mlirLogicalResultIsSuccess(parsed);
}

static bool isTileGPUModule(MlirOperation module) {
  return !mlirAttributeIsNull(mlirOperationGetAttributeByName(
      module, mlirStringRefCreateFromCString("tilegpu.num-warps")));
}

static bool shouldRun(MlirContext context, const Stage *stage, const char *text,
                      bool tilegpuInput) {
  if (stage->kind == STAGE_TILE_ONLY && tilegpuInput)
    return false;
  if (stage->kind == STAGE_OPTIONAL)
    return isRegistered(context, text);
  return true;
}

void tileCompilePrintPipeline(const TileCompileOptions *options,
                              MlirStringCallback callback, void *userData) {
  MlirContext context = tileContextCreate();
  registerPipelinePasses();
  callback(mlirStringRefCreateFromCString("builtin.module("), userData);
  bool first = true;
  for (int i = 0; i < NUM_STAGES; ++i) {
    char text[MAX_TEXT];
    stageText(&stages[i], options, text, sizeof(text));
    if (!shouldRun(context, &stages[i], text, false))
      continue;
    if (!first)
      callback(mlirStringRefCreateFromCString(","), userData);
    callback(mlirStringRefCreateFromCString(text), userData);
    first = false;
  }
  callback(mlirStringRefCreateFromCString(")"), userData);
  mlirContextDestroy(context);
}

/* ---- Reproducers -------------------------------------------------------- */

static void writeToFile(MlirStringRef text, void *userData) {
  fwrite(text.data, 1, text.length, (FILE *)userData);
}

/* Writes `module` (with locations) to a new file in the reproducer
 * directory; returns false if it cannot. */
static bool writeReproducer(MlirOperation module, const TileCompileOptions *options,
                            const char *pass, char *path, size_t size) {
  const char *directory = getenv("TMPDIR");
  char given[512];
  if (options->reproducerDirectory.length) {
    snprintf(given, sizeof(given), "%.*s", (int)options->reproducerDirectory.length,
             options->reproducerDirectory.data);
    directory = given;
  }
  if (!directory || !*directory)
    directory = "/tmp";
  snprintf(path, size, "%s/tile-%s-XXXXXX.mlir", directory, pass);
  int descriptor = mkstemps(path, 5);
  if (descriptor < 0)
    return false;
  FILE *file = fdopen(descriptor, "w");
  if (!file) {
    close(descriptor);
    return false;
  }
  MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
  mlirOpPrintingFlagsEnableDebugInfo(flags, true, false);
  mlirOperationPrintWithFlags(module, flags, writeToFile, file);
  mlirOpPrintingFlagsDestroy(flags);
  fputc('\n', file);
  return fclose(file) == 0;
}

static void reportFailedStage(MlirOperation input, const TileCompileOptions *options,
                              const Stage *stage, const char *text) {
  char path[640];
  char message[1536];
  if (writeReproducer(input, options, stage->pass, path, sizeof(path)))
    snprintf(message, sizeof(message),
             "tile-to-ptx: pass '%s' failed; reproduce with: tile-opt %s "
             "--pass-pipeline='builtin.module(%s)'",
             stage->pass, path, text);
  else
    snprintf(message, sizeof(message),
             "tile-to-ptx: pass '%s' failed (its input could not be saved for "
             "a reproducer)",
             stage->pass);
  mlirEmitError(mlirOperationGetLocation(input), message);
}

/* ---- Compile ------------------------------------------------------------ */

static MlirLogicalResult runStage(MlirOperation module, const Stage *stage,
                                  const char *text, const TileCompileOptions *options) {
  MlirContext context = mlirOperationGetContext(module);
  MlirPassManager manager = mlirPassManagerCreate(context);
  MlirLogicalResult result = mlirOpPassManagerAddPipeline(
      mlirPassManagerGetAsOpPassManager(manager), mlirStringRefCreateFromCString(text),
      ignoreText, NULL);
  if (mlirLogicalResultIsFailure(result)) {
    char message[512];
    snprintf(message, sizeof(message),
             "tile-to-ptx: pass '%s' is not registered in this build",
             stage->pass);
    mlirEmitError(mlirOperationGetLocation(module), message);
    mlirPassManagerDestroy(manager);
    return result;
  }
  MlirOperation input = mlirOperationClone(module);
  result = mlirPassManagerRunOnOp(manager, module);
  if (mlirLogicalResultIsFailure(result))
    reportFailedStage(input, options, stage, text);
  mlirOperationDestroy(input);
  mlirPassManagerDestroy(manager);
  return result;
}

/* A tilegpu module was laid out for one GPU; compiling it for another would
 * silently use the wrong instructions. */
static MlirLogicalResult checkTarget(MlirOperation module,
                                     const TileCompileOptions *options) {
  MlirAttribute target = mlirOperationGetAttributeByName(
      module, mlirStringRefCreateFromCString("tilegpu.target"));
  if (mlirAttributeIsNull(target) || !mlirAttributeIsAString(target) ||
      mlirStringRefEqual(mlirStringAttrGetValue(target), options->target))
    return mlirLogicalResultSuccess();
  MlirStringRef laidOut = mlirStringAttrGetValue(target);
  char message[512];
  snprintf(message, sizeof(message),
           "tile-to-ptx: the module was laid out for tilegpu.target = \"%.*s\" but "
           "is being compiled for %.*s; pass the module's target",
           (int)laidOut.length, laidOut.data, (int)options->target.length,
           options->target.data);
  mlirEmitError(mlirOperationGetLocation(module), message);
  return mlirLogicalResultFailure();
}

MlirLogicalResult tileCompileModule(MlirModule module, const TileCompileOptions *options,
                                    TileBackendResult *result) {
  result->ptr = NULL;
  MlirOperation op = mlirModuleGetOperation(module);
  MlirContext context = mlirOperationGetContext(op);
  registerPipelinePasses();
  bool tilegpuInput = isTileGPUModule(op);
  if (tilegpuInput && mlirLogicalResultIsFailure(checkTarget(op, options)))
    return mlirLogicalResultFailure();
  for (int i = 0; i < NUM_STAGES; ++i) {
    char text[MAX_TEXT];
    stageText(&stages[i], options, text, sizeof(text));
    if (!shouldRun(context, &stages[i], text, tilegpuInput))
      continue;
    if (mlirLogicalResultIsFailure(runStage(op, &stages[i], text, options)))
      return mlirLogicalResultFailure();
    if (options->stageCallback)
      options->stageCallback(mlirStringRefCreateFromCString(stages[i].pass), op,
                             options->stageUserData);
  }
  TileBackendOptions backend = tileBackendOptionsGetDefault();
  backend.target = options->target;
  backend.optLevel = options->optLevel;
  backend.maxRegisters = options->maxRegisters;
  backend.emitCubin = options->emitCubin;
  return tileBackendCompile(module, &backend, result);
}

MlirLogicalResult tileCompileSource(MlirContext context, MlirStringRef source,
                                    MlirStringRef sourceName,
                                    const TileCompileOptions *options,
                                    TileBackendResult *result) {
  result->ptr = NULL;
  MlirModule module = tileParseSourceString(context, source, sourceName);
  if (mlirModuleIsNull(module))
    return mlirLogicalResultFailure();
  MlirLogicalResult compiled = tileCompileModule(module, options, result);
  mlirModuleDestroy(module);
  return compiled;
}
