//===- TileDialect.h - C++ declarations of the tile dialect ----*- C++ -*-===//
//
// Glue only: the ODS-generated classes plus the few type helpers the ODS
// declarations name. Compiler logic lives in C behind capi/.
//
//===----------------------------------------------------------------------===//

#ifndef TILE_DIALECTS_TILE_TILEDIALECT_H
#define TILE_DIALECTS_TILE_TILEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/tile/TileDialect.h.inc"
#include "dialects/tile/TileEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/tile/TileAttrs.h.inc"
#define GET_TYPEDEF_CLASSES
#include "dialects/tile/TileTypes.h.inc"

namespace mlir::tile {

/// Global memory, the resource of tile loads, stores and atomics.
struct GlobalMemory : public SideEffects::Resource::Base<GlobalMemory> {
  StringRef getName() final { return "<tile global memory>"; }
};

bool isScalarPointer(Type type);
bool isBlockPointer(Type type);
/// tensor<S x ptr<T>> -> tensor<S x T>; ptr<T> -> T; ptr<tensor<..>> -> tensor<..>.
Type getPointeeTypeOf(Type type);
/// i1 of the shape and encoding of a tensor; i1 for a scalar.
Type getI1TypeLike(Type type);
/// ptr<tensor<S x T>, as> -> ptr<T, as>: the base of a block pointer.
Type getBlockBasePointerType(Type type);
/// tensor<S x T> -> tensor<S x ptr<T>>; T -> ptr<T>.
Type getPointerTypeLike(Type type);

} // namespace mlir::tile

#define GET_OP_CLASSES
#include "dialects/tile/TileOps.h.inc"

#endif // TILE_DIALECTS_TILE_TILEDIALECT_H
