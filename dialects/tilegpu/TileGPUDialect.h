//===- TileGPUDialect.h - C++ declarations of tilegpu ----------*- C++ -*-===//
//
// Glue only: the ODS-generated classes, the shared-memory resource their
// memory effects name, and the few helpers the ODS declarations call.
// Compiler logic lives in C behind capi/ (tile-c/TileGPU.h).
//
//===----------------------------------------------------------------------===//

#ifndef TILE_DIALECTS_TILEGPU_TILEGPUDIALECT_H
#define TILE_DIALECTS_TILEGPU_TILEGPUDIALECT_H

#include "dialects/tile/TileDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/tilegpu/TileGPUDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/tilegpu/TileGPUAttrs.h.inc"
#define GET_TYPEDEF_CLASSES
#include "dialects/tilegpu/TileGPUTypes.h.inc"

namespace mlir::tilegpu {

/// Shared memory, the resource of local loads and stores, asynchronous
/// copies, mbarriers and wgmma operand reads.
struct SharedMemory : public SideEffects::Resource::Base<SharedMemory> {
  StringRef getName() final { return "<tilegpu shared memory>"; }
};

/// True for the layouts that spread a tensor over threads: blocked, slice,
/// mma, dot_operand and linear.
bool isDistributedLayout(Attribute attribute);
/// True for a ranked tensor type whose encoding is a distributed layout.
bool hasDistributedLayout(Type type);

/// `[1, 4]` as the parameter of a layout attribute.
FailureOr<SmallVector<unsigned>> parseBracketedList(AsmParser &parser);
void printBracketedList(AsmPrinter &printer, ArrayRef<unsigned> values);
/// `true` or `false`.
FailureOr<bool> parseBoolKeyword(AsmParser &parser);

} // namespace mlir::tilegpu

#define GET_OP_CLASSES
#include "dialects/tilegpu/TileGPUOps.h.inc"

#endif // TILE_DIALECTS_TILEGPU_TILEGPUDIALECT_H
