//===- TileTypes.td - types of the tile dialect --------------*- tablegen -*-===//

#ifndef TILE_TYPES_TD
#define TILE_TYPES_TD

include "TileDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"
include "mlir/IR/CommonTypeConstraints.td"

class Tile_TypeDef<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Tile_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Tile_PtrType : Tile_TypeDef<"Pointer", "ptr"> {
  let summary = "A pointer to a scalar, or to a tensor (a block pointer)";
  let description = [{
    `!tile.ptr<f32>` points at an f32 in global memory (address space 1).
    `!tile.ptr<f16, 3>` points into shared memory. A pointer to a tensor,
    `!tile.ptr<tensor<64x64xf16>>`, is a block pointer made by
    `tile.make_tensor_ptr`.
  }];
  let parameters = (ins "Type":$pointeeType, DefaultValuedParameter<"int", "1">:$addressSpace);
  let assemblyFormat = "`<` $pointeeType (`,` $addressSpace^)? `>`";
  let builders = [
    TypeBuilderWithInferredContext<(ins "Type":$pointeeType, CArg<"int", "1">:$addressSpace), [{
      return $_get(pointeeType.getContext(), pointeeType, addressSpace);
    }]>
  ];
}

//===----------------------------------------------------------------------===//
// Type constraints shared by the tile and tilegpu ops.
//===----------------------------------------------------------------------===//

def Tile_Float : AnyTypeOf<[F8E4M3FN, F8E5M2, F8E4M3FNUZ, F8E5M2FNUZ, F16, BF16, F32, F64], "floating-point">;
def Tile_FloatTensor : RankedTensorOf<[Tile_Float]>;
def Tile_FloatLike : AnyTypeOf<[Tile_Float, Tile_FloatTensor]>;

def Tile_Int : AnyTypeOf<[I1, I8, I16, I32, I64], "integer">;
def Tile_IntTensor : RankedTensorOf<[Tile_Int]>;
def Tile_IntLike : AnyTypeOf<[Tile_Int, Tile_IntTensor]>;

def Tile_I32Like : AnyTypeOf<[I32, RankedTensorOf<[I32]>]>;
def Tile_I64Like : AnyTypeOf<[I64, RankedTensorOf<[I64]>]>;
def Tile_BoolLike : AnyTypeOf<[I1, RankedTensorOf<[I1]>]>;

def Tile_Ptr : DialectType<Tile_Dialect,
    CPred<"::llvm::isa<::mlir::tile::PointerType>($_self)">, "tile pointer">;
def Tile_ScalarPtr : DialectType<Tile_Dialect,
    CPred<"::mlir::tile::isScalarPointer($_self)">, "pointer to a scalar">;
def Tile_TensorPtr : DialectType<Tile_Dialect,
    CPred<"::mlir::tile::isBlockPointer($_self)">, "block pointer (pointer to a tensor)">;
def Tile_PtrTensor : RankedTensorOf<[Tile_ScalarPtr]>;
def Tile_PtrLike : AnyTypeOf<[Tile_ScalarPtr, Tile_PtrTensor]>;

def Tile_Type : AnyTypeOf<[Tile_Float, Tile_Int, Tile_ScalarPtr]>;
def Tile_Tensor : RankedTensorOf<[Tile_Float, Tile_Int, Tile_ScalarPtr]>;
def Tile_TypeLike : AnyTypeOf<[Tile_Type, Tile_Tensor]>;
def Tile_MemoryAccess : AnyTypeOf<[Tile_PtrLike, Tile_TensorPtr]>;

#endif // TILE_TYPES_TD
