/* The tile C API from C only: dialect handles, !tile.ptr construction and
 * queries, parsing with diagnostics (the error path reports file:line:col
 * and returns a null module, never aborts), and running a C pass through a
 * textual pipeline.
 *
 * RUN: %tile-capi-tile_ir 2>&1 | FileCheck %s
 */

#include "tile-c/Passes.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic, void *userData) {
  int *count = (int *)userData;
  ++*count;
  printf("diagnostic: ");
  mlirLocationPrint(mlirDiagnosticGetLocation(diagnostic), printToStdout, NULL);
  printf(": ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static void testPointerType(MlirContext context) {
  MlirType f16 = mlirF16TypeGet(context);
  MlirType global = tilePointerTypeGet(f16, 1);
  MlirType shared = tilePointerTypeGet(f16, 3);
  mlirTypePrint(global, printToStdout, NULL);
  printf("\n");
  mlirTypePrint(shared, printToStdout, NULL);
  printf("\n");
  printf("isPointer: %d %d\n", tileTypeIsAPointer(global), tileTypeIsAPointer(f16));
  printf("addressSpace: %d %d\n", tilePointerTypeGetAddressSpace(global),
         tilePointerTypeGetAddressSpace(shared));
  printf("pointee is f16: %d\n",
         mlirTypeEqual(tilePointerTypeGetPointeeType(shared), f16));
  int64_t shape[2] = {64, 32};
  MlirAttribute noEncoding = {NULL};
  MlirType block = tilePointerTypeGet(
      mlirRankedTensorTypeGet(2, shape, f16, noEncoding), 1);
  mlirTypePrint(block, printToStdout, NULL);
  printf("\n");
}
// CHECK-LABEL: pointer types
// CHECK-NEXT: !tile.ptr<f16>
// CHECK-NEXT: !tile.ptr<f16, 3>
// CHECK-NEXT: isPointer: 1 0
// CHECK-NEXT: addressSpace: 1 3
// CHECK-NEXT: pointee is f16: 1
// CHECK-NEXT: !tile.ptr<tensor<64x32xf16>>

static const char *kBadSource =
    "func.func @k(%p: !tile.ptr<f32>) {\n"
    "  %r = tile.make_range {end = 12 : i32, start = 0 : i32} : tensor<12xi32>\n"
    "  return\n"
    "}\n";

static const char *kSyntaxError =
    "func.func @k() {\n"
    "  %x = tile.program_id w : i32\n"
    "}\n";

static void testParseErrors(MlirContext context) {
  int count = 0;
  MlirDiagnosticHandlerID handler =
      mlirContextAttachDiagnosticHandler(context, printDiagnostic, &count, NULL);
  MlirModule bad = tileParseSourceString(
      context, mlirStringRefCreateFromCString(kBadSource),
      mlirStringRefCreateFromCString("bad_kernel.mlir"));
  printf("verifier failure gives null module: %d\n", mlirModuleIsNull(bad));
  MlirModule syntax = tileParseSourceString(
      context, mlirStringRefCreateFromCString(kSyntaxError),
      mlirStringRefCreateFromCString("syntax.mlir"));
  printf("syntax error gives null module: %d\n", mlirModuleIsNull(syntax));
  printf("diagnostics: %d\n", count);
  mlirContextDetachDiagnosticHandler(context, handler);
}
// CHECK-LABEL: parse errors
// CHECK: diagnostic: loc("bad_kernel.mlir":2:8): 'tile.make_range' op number of elements (12) must be a power of two
// CHECK: verifier failure gives null module: 1
// CHECK: diagnostic: loc("syntax.mlir":2:24): custom op 'tile.program_id' expected string or keyword containing one of the following enum values for attribute 'axis' [x, y, z]
// CHECK: syntax error gives null module: 1
// CHECK: diagnostics: 2

static const char *kCombineSource =
    "func.func @k(%p: !tile.ptr<f32>, %a: i32, %b: i32) -> !tile.ptr<f32> {\n"
    "  %0 = tile.addptr %p, %a : !tile.ptr<f32>, i32\n"
    "  %1 = tile.addptr %0, %b : !tile.ptr<f32>, i32\n"
    "  return %1 : !tile.ptr<f32>\n"
    "}\n";

static void testPipeline(MlirContext context) {
  tileRegisterAllPasses();
  MlirModule module = tileParseSourceString(
      context, mlirStringRefCreateFromCString(kCombineSource),
      mlirStringRefCreateFromCString("combine.mlir"));
  MlirPassManager pm = mlirPassManagerCreate(context);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      opm, mlirStringRefCreateFromCString("builtin.module(tile-combine)"),
      printToStdout, NULL);
  printf("pipeline parsed: %d\n", mlirLogicalResultIsSuccess(parsed));
  MlirLogicalResult ran =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("pipeline ran: %d\n", mlirLogicalResultIsSuccess(ran));
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  MlirPassManager bad = mlirPassManagerCreate(context);
  MlirLogicalResult badParse = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(bad),
      mlirStringRefCreateFromCString("builtin.module(tile-no-such-pass)"),
      printToStdout, NULL);
  printf("\nunknown pass parsed: %d\n", mlirLogicalResultIsSuccess(badParse));
  mlirPassManagerDestroy(bad);
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}
// CHECK-LABEL: pipeline
// CHECK: pipeline parsed: 1
// CHECK: pipeline ran: 1
// CHECK: %[[SUM:.*]] = arith.addi %arg1, %arg2 : i32
// CHECK: tile.addptr %arg0, %[[SUM]] : !tile.ptr<f32>, i32
// CHECK-NOT: tile.addptr
// CHECK: 'tile-no-such-pass' does not refer to a registered pass
// CHECK: unknown pass parsed: 0

int main(void) {
  MlirContext context = tileContextCreate();
  printf("pointer types\n");
  testPointerType(context);
  printf("parse errors\n");
  testParseErrors(context);
  printf("pipeline\n");
  testPipeline(context);
  mlirContextDestroy(context);
  return 0;
}
