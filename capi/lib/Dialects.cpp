//===- Dialects.cpp - C API registration of our dialects -----------------===//
//
// Glue only: dialect handles, registration of every dialect the compiler
// uses, and the `!tile.ptr` accessors.
//
//===----------------------------------------------------------------------===//

#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "dialects/tile/TileDialect.h"
#include "dialects/tilegpu/TileGPUDialect.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/TypeSwitch.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Tile, tile, mlir::tile::TileDialect)
MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(TileGPU, tilegpu,
                                      mlir::tilegpu::TileGPUDialect)

void tileRegisterAllDialects(MlirDialectRegistry cRegistry) {
  mlir::DialectRegistry &registry = *unwrap(cRegistry);
  registry.insert<mlir::tile::TileDialect, mlir::tilegpu::TileGPUDialect,
                  mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::scf::SCFDialect,
                  mlir::cf::ControlFlowDialect, mlir::LLVM::LLVMDialect,
                  mlir::NVVM::NVVMDialect, mlir::gpu::GPUDialect,
                  mlir::ub::UBDialect>();
  mlir::func::registerInlinerExtension(registry);
  mlir::arith::registerConvertArithToLLVMInterface(registry);
  mlir::cf::registerConvertControlFlowToLLVMInterface(registry);
  mlir::registerConvertFuncToLLVMInterface(registry);
  mlir::registerConvertMathToLLVMInterface(registry);
  mlir::registerConvertNVVMToLLVMInterface(registry);
  mlir::ub::registerConvertUBToLLVMInterface(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
}

MlirContext tileContextCreate(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  tileRegisterAllDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  unwrap(context)->loadAllAvailableDialects();
  return context;
}

MlirModule tileParseSourceString(MlirContext context, MlirStringRef source,
                                 MlirStringRef sourceName) {
  mlir::ParserConfig config(unwrap(context));
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(unwrap(source), config,
                                              unwrap(sourceName));
  return wrap(module.release());
}

MlirType tilePointerTypeGet(MlirType pointee, int addressSpace) {
  return wrap(mlir::tile::PointerType::get(unwrap(pointee), addressSpace));
}

bool tileTypeIsAPointer(MlirType type) {
  return llvm::isa<mlir::tile::PointerType>(unwrap(type));
}

MlirType tilePointerTypeGetPointeeType(MlirType type) {
  return wrap(llvm::cast<mlir::tile::PointerType>(unwrap(type)).getPointeeType());
}

int tilePointerTypeGetAddressSpace(MlirType type) {
  return llvm::cast<mlir::tile::PointerType>(unwrap(type)).getAddressSpace();
}

// The C enum mirrors the ODS one; keep them in step.
static_assert((int)mlir::tile::AtomicRMWKind::FAdd == TileAtomicRMWFAdd &&
                  (int)mlir::tile::AtomicRMWKind::Xchg == TileAtomicRMWXchg,
              "TileAtomicRMWKind out of step with TileEnums.td");

int64_t tileEnumAttrGetValue(MlirAttribute cAttr) {
  if (mlirAttributeIsNull(cAttr))
    return -1;
  return llvm::TypeSwitch<mlir::Attribute, int64_t>(unwrap(cAttr))
      .Case<mlir::tile::ProgramAxisAttr, mlir::tile::CacheModifierAttr,
            mlir::tile::EvictionPolicyAttr, mlir::tile::PaddingOptionAttr,
            mlir::tile::AtomicRMWKindAttr, mlir::tile::MemSemanticAttr,
            mlir::tile::MemScopeAttr, mlir::tile::RoundingModeAttr,
            mlir::tile::PropagateNanAttr, mlir::tile::InputPrecisionAttr>(
          [](auto attr) { return (int64_t)attr.getValue(); })
      .Default([](mlir::Attribute) { return (int64_t)-1; });
}

void tileEmitWarning(MlirLocation location, const char *message) {
  mlir::emitWarning(unwrap(location)) << message;
}
