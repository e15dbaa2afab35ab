/* The one-call compile API (tile-c/Compile.h): tile source text in, PTX and
 * kernel metadata out; errors as diagnostics with file:line:col; a failing
 * pass named with a tile-opt command that reproduces it; the stage callback
 * and the pipeline text.
 *
 * RUN: %tile-capi-compile | FileCheck %s
 */

#include "tile-c/Compile.h"
#include "tile-c/Tile.h"

#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <string.h>

static const char vectorAdd[] =
    "module {\n"
    "  func.func @add(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},\n"
    "                 %z: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32) {\n"
    "    %c256 = arith.constant 256 : i32\n"
    "    %pid = tile.program_id x : i32\n"
    "    %start = arith.muli %pid, %c256 : i32\n"
    "    %range = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>\n"
    "    %s = tile.splat %start : i32 -> tensor<256xi32>\n"
    "    %offsets = arith.addi %s, %range : tensor<256xi32>\n"
    "    %n_t = tile.splat %n : i32 -> tensor<256xi32>\n"
    "    %mask = arith.cmpi slt, %offsets, %n_t : tensor<256xi32>\n"
    "    %xb = tile.splat %x : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>\n"
    "    %xp = tile.addptr %xb, %offsets : tensor<256x!tile.ptr<f32>>, tensor<256xi32>\n"
    "    %v = tile.load %xp, %mask : tensor<256x!tile.ptr<f32>>\n"
    "    %w = arith.addf %v, %v : tensor<256xf32>\n"
    "    %zb = tile.splat %z : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>\n"
    "    %zp = tile.addptr %zb, %offsets : tensor<256x!tile.ptr<f32>>, tensor<256xi32>\n"
    "    tile.store %zp, %w, %mask : tensor<256x!tile.ptr<f32>>\n"
    "    return\n"
    "  }\n"
    "}\n";

/* A tensor argument parses but no kernel may take one. */
static const char tensorArgument[] =
    "module {\n"
    "  func.func @bad(%t: tensor<64xf32>) {\n"
    "    return\n"
    "  }\n"
    "}\n";

static void printText(MlirStringRef text, void *userData) {
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic, void *userData) {
  printf("diagnostic: ");
  mlirLocationPrint(mlirDiagnosticGetLocation(diagnostic), printText, NULL);
  printf(": ");
  mlirDiagnosticPrint(diagnostic, printText, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static void countStage(MlirStringRef stage, MlirOperation module, void *userData) {
  int *count = userData;
  ++*count;
  if (stage.length == strlen("convert-tilegpu-to-llvm") &&
      memcmp(stage.data, "convert-tilegpu-to-llvm", stage.length) == 0)
    printf("stage callback saw convert-tilegpu-to-llvm\n");
}

static void compile(MlirContext context, const char *source, const char *name,
                    TileCompileOptions *options) {
  TileBackendResult result;
  MlirLogicalResult status = tileCompileSource(context, mlirStringRefCreateFromCString(source),
                                               mlirStringRefCreateFromCString(name), options,
                                               &result);
  if (mlirLogicalResultIsFailure(status)) {
    printf("%s: failed, result null: %d\n", name, tileBackendResultIsNull(result));
    return;
  }
  MlirStringRef ptx = tileBackendResultGetPtx(result);
  const TileKernelMetadata *kernel = tileBackendResultGetKernel(result, 0);
  printf("%s: kernels %d, name %s, threads %d, params %d, arch %.*s, ptx has entry %d\n",
         name, (int)tileBackendResultGetNumKernels(result), kernel->name,
         kernel->threadsPerBlock, (int)kernel->numParams,
         (int)tileBackendResultGetArch(result).length, tileBackendResultGetArch(result).data,
         strstr(ptx.data, ".visible .entry add(") != NULL);
  tileBackendResultDestroy(result);
}

int main(void) {
  MlirContext context = tileContextCreate();
  mlirContextAttachDiagnosticHandler(context, printDiagnostic, NULL, NULL);

  TileCompileOptions options = tileCompileOptionsGetDefault();
  options.emitCubin = false;
  options.numWarps = 2;
  options.target = mlirStringRefCreateFromCString("cuda:90a");
  int stages = 0;
  options.stageCallback = countStage;
  options.stageUserData = &stages;
  // CHECK: stage callback saw convert-tilegpu-to-llvm
  // CHECK: add.mlir: kernels 1, name add, threads 64, params 3, arch sm_90a, ptx has entry 1
  compile(context, vectorAdd, "add.mlir", &options);
  printf("stages run: %s\n", stages > 5 ? "several" : "too few");
  // CHECK: stages run: several

  options.stageCallback = NULL;
  // CHECK: diagnostic: loc("broken.mlir":1:1): custom op 'garbage' is unknown
  // CHECK: broken.mlir: failed, result null: 1
  compile(context, "garbage\n", "broken.mlir", &options);

  // CHECK: diagnostic: loc("bad.mlir":2:3): {{.*}}argument #0{{.*}}tensor
  // CHECK: diagnostic: loc("bad.mlir":1:1): tile-to-ptx: pass '[[PASS:[a-z-]+]]' failed; reproduce with: tile-opt {{.*}}.mlir --pass-pipeline='builtin.module([[PASS]]{{.*}})'
  // CHECK: bad.mlir: failed, result null: 1
  compile(context, tensorArgument, "bad.mlir", &options);

  // CHECK: pipeline: builtin.module({{.*}}convert-tile-to-tilegpu{num-warps=2 threads-per-warp=32 target=cuda:90a}{{.*}}convert-tilegpu-to-llvm{{.*}}reconcile-unrealized-casts)
  printf("pipeline: ");
  tileCompilePrintPipeline(&options, printText, NULL);
  printf("\n");

  mlirContextDestroy(context);
  return 0;
}
