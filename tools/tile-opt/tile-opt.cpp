//===- tile-opt.cpp - run tile passes on .mlir files ----------------------===//
//
// MlirOptMain with our dialects and passes plus the upstream ones the
// pipeline uses. All registration goes through the C API.
//
//===----------------------------------------------------------------------===//

#include "tile-c/Passes.h"
#include "tile-c/Tile.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::registerConversionPasses();
  tileRegisterAllPasses();
  tileRegisterPipelines();
  mlir::DialectRegistry registry;
  tileRegisterAllDialects(wrap(&registry));
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "tile optimizer: runs tile passes on .mlir files\n",
      registry));
}
