//===- TileOps.td - operations of the tile dialect -----------*- tablegen -*-===//
//
// Every op mirrors the Triton `tt` op of the same name: same operands, same
// attributes, same edge cases. Shape and type rules that ODS cannot state
// declaratively live in C (dialects/tile/verifiers.c); ops that declare
// `hasVerifier` call them through a one-line C++ hook.
//
//===----------------------------------------------------------------------===//

#ifndef TILE_OPS_TD
#define TILE_OPS_TD

include "TileDialect.td"
include "TileTypes.td"
include "TileEnums.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

// Memory the ops touch, so that effects are exact: a load of global memory
// does not stop the motion of a shared-memory access and vice versa.
def Tile_GlobalMemory : Resource<"::mlir::tile::GlobalMemory">;

class Tile_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Program indices
//===----------------------------------------------------------------------===//

def Tile_ProgramIdOp : Tile_Op<"program_id", [Pure]> {
  let summary = "index of this program instance along a grid axis";
  let description = [{
    ```mlir
    %pid = tile.program_id x : i32
    ```
  }];
  let arguments = (ins Tile_ProgramAxisAttr:$axis);
  let results = (outs I32:$result);
  let assemblyFormat = "$axis attr-dict `:` type($result)";
}

def Tile_NumProgramsOp : Tile_Op<"num_programs", [Pure]> {
  let summary = "number of program instances along a grid axis";
  let description = [{
    ```mlir
    %n = tile.num_programs y : i32
    ```
  }];
  let arguments = (ins Tile_ProgramAxisAttr:$axis);
  let results = (outs I32:$result);
  let assemblyFormat = "$axis attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def Tile_MakeRangeOp : Tile_Op<"make_range", [Pure]> {
  let summary = "the 1-D tensor [start, start + 1, ..., end - 1]";
  let description = [{
    `end - start` must equal the length of the result, a power of two.

    ```mlir
    %r = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    ```
  }];
  let arguments = (ins I32Attr:$start, I32Attr:$end);
  let results = (outs RankedTensorOf<[I32]>:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tile_SplatOp : Tile_Op<"splat", [Pure,
    TypesMatchWith<"result element type is the operand type", "result", "src",
                   "::mlir::getElementTypeOrSelf($_self)">]> {
  let summary = "a tensor with every element equal to a scalar";
  let description = [{
    ```mlir
    %t = tile.splat %x : f32 -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_Type:$src);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasFolder = 1;
}

def Tile_BroadcastOp : Tile_Op<"broadcast", [Pure, SameOperandsAndResultElementType]> {
  let summary = "repeat a tensor along its dimensions of size one";
  let description = [{
    Operand and result have the same rank; every operand dimension equals
    the result's or is 1.

    ```mlir
    %b = tile.broadcast %x : tensor<1x128xf32> -> tensor<64x128xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tile_ExpandDimsOp : Tile_Op<"expand_dims", [Pure, SameOperandsAndResultElementType]> {
  let summary = "insert a dimension of size one";
  let description = [{
    ```mlir
    %e = tile.expand_dims %x {axis = 1 : i32} : tensor<128xf32> -> tensor<128x1xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, I32Attr:$axis);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def Tile_ReshapeOp : Tile_Op<"reshape", [Pure, SameOperandsAndResultElementType]> {
  let summary = "view a tensor with another shape of the same number of elements";
  let description = [{
    With `allow_reorder` the compiler may permute the elements (Triton's
    `can_reorder`), which lets it pick a layout that needs no data movement.

    ```mlir
    %r = tile.reshape %x : tensor<4x32xf32> -> tensor<128xf32>
    %s = tile.reshape %x allow_reorder : tensor<4x32xf32> -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, UnitAttr:$allow_reorder);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src (`allow_reorder` $allow_reorder^)? attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tile_TransOp : Tile_Op<"trans", [Pure, SameOperandsAndResultElementType]> {
  let summary = "permute the dimensions of a tensor";
  let description = [{
    Result dimension `i` is operand dimension `order[i]`.

    ```mlir
    %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<32x64xf16> -> tensor<64x32xf16>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src, DenseI32ArrayAttr:$order);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tile_JoinOp : Tile_Op<"join", [Pure, SameTypeOperands]> {
  let summary = "stack two tensors along a new minor dimension of size two";
  let description = [{
    ```mlir
    %j = tile.join %a, %b : tensor<64xf32> -> tensor<64x2xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$lhs, Tile_Tensor:$rhs);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `->` type($result)";
  let hasVerifier = 1;
}

def Tile_SplitOp : Tile_Op<"split", [Pure, AllTypesMatch<["outLHS", "outRHS"]>]> {
  let summary = "split a tensor along its minor dimension of size two";
  let description = [{
    The inverse of `tile.join`.

    ```mlir
    %lo, %hi = tile.split %j : tensor<64x2xf32> -> tensor<64xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$src);
  let results = (outs Tile_Tensor:$outLHS, Tile_Tensor:$outRHS);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($outLHS)";
  let hasVerifier = 1;
}

def Tile_CatOp : Tile_Op<"cat", [Pure, SameTypeOperands, SameOperandsAndResultElementType]> {
  let summary = "concatenate two tensors along dimension 0";
  let description = [{
    The order of the result's elements is unspecified (Triton's `cat` with
    `can_reorder`); only the multiset of elements is kept.

    ```mlir
    %c = tile.cat %a, %b : tensor<32xf32> -> tensor<64xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$lhs, Tile_Tensor:$rhs);
  let results = (outs Tile_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pointers and memory
//===----------------------------------------------------------------------===//

def Tile_AddPtrOp : Tile_Op<"addptr", [Pure, SameOperandsAndResultShape,
    AllTypesMatch<["ptr", "result"]>]> {
  let summary = "advance pointers by element offsets";
  let description = [{
    `offset` counts elements of the pointee type, like C pointer arithmetic.

    ```mlir
    %p = tile.addptr %base, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
    ```
  }];
  let arguments = (ins Tile_PtrLike:$ptr, Tile_IntLike:$offset);
  let results = (outs Tile_PtrLike:$result);
  let assemblyFormat = "$ptr `,` $offset attr-dict `:` type($result) `,` type($offset)";
  let hasFolder = 1;
}

def Tile_LoadOp : Tile_Op<"load", [AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    TypesMatchWith<"result is the pointee type of ptr", "ptr", "result",
                   "::mlir::tile::getPointeeTypeOf($_self)">,
    TypesMatchWith<"mask is i1 of the shape of ptr", "ptr", "mask",
                   "::mlir::tile::getI1TypeLike(::mlir::tile::getPointeeTypeOf($_self))",
                   "($_op.getOperands().size() <= 1) || std::equal_to<>()">,
    TypesMatchWith<"other is the pointee type of ptr", "ptr", "other",
                   "::mlir::tile::getPointeeTypeOf($_self)",
                   "($_op.getOperands().size() <= 2) || std::equal_to<>()">]> {
  let summary = "load a tensor (or scalar) from memory";
  let description = [{
    Elements whose `mask` bit is false are not read and take `other`
    (undefined when `other` is absent). A block-pointer load checks the
    dimensions listed in `boundaryCheck` against the block's shape and pads
    with `padding`. A volatile load is never removed or merged.

    ```mlir
    %v = tile.load %ptrs, %mask, %zero cacheModifier = cg evictionPolicy = evict_last
        : tensor<128x!tile.ptr<f32>>
    %b = tile.load %block {boundaryCheck = array<i32: 0, 1>} padding = zero
        : !tile.ptr<tensor<64x64xf16>>
    ```
  }];
  let arguments = (ins
    Tile_MemoryAccess:$ptr,
    Optional<Tile_BoolLike>:$mask,
    Optional<AnyTypeOf<[Tile_Type, Tile_Tensor]>>:$other,
    DefaultValuedAttr<DenseI32ArrayAttr, "::llvm::ArrayRef<int32_t>{}">:$boundaryCheck,
    OptionalAttr<Tile_PaddingOptionAttr>:$padding,
    DefaultValuedAttr<Tile_CacheModifierAttr, "::mlir::tile::CacheModifier::None">:$cache,
    DefaultValuedAttr<Tile_EvictionPolicyAttr, "::mlir::tile::EvictionPolicy::Normal">:$evict,
    UnitAttr:$isVolatile);
  let results = (outs AnyTypeOf<[Tile_Type, Tile_Tensor]>:$result);
  let assemblyFormat = [{
    $ptr (`,` $mask^)? (`,` $other^)? (`padding` `=` $padding^)?
    oilist(`cacheModifier` `=` $cache | `evictionPolicy` `=` $evict | `volatile` $isVolatile)
    attr-dict `:` type($ptr)
  }];
  let hasVerifier = 1;
}

def Tile_StoreOp : Tile_Op<"store", [
    MemoryEffects<[MemWrite<Tile_GlobalMemory>]>,
    TypesMatchWith<"value is the pointee type of ptr", "ptr", "value",
                   "::mlir::tile::getPointeeTypeOf($_self)">,
    TypesMatchWith<"mask is i1 of the shape of ptr", "ptr", "mask",
                   "::mlir::tile::getI1TypeLike(::mlir::tile::getPointeeTypeOf($_self))",
                   "($_op.getOperands().size() <= 2) || std::equal_to<>()">]> {
  let summary = "store a tensor (or scalar) to memory";
  let description = [{
    Elements whose `mask` bit is false are not written.

    ```mlir
    tile.store %ptrs, %v, %mask : tensor<128x!tile.ptr<f32>>
    tile.store %block, %t {boundaryCheck = array<i32: 0>} : !tile.ptr<tensor<64x64xf16>>
    ```
  }];
  let arguments = (ins
    Tile_MemoryAccess:$ptr,
    AnyTypeOf<[Tile_Type, Tile_Tensor]>:$value,
    Optional<Tile_BoolLike>:$mask,
    DefaultValuedAttr<DenseI32ArrayAttr, "::llvm::ArrayRef<int32_t>{}">:$boundaryCheck,
    DefaultValuedAttr<Tile_CacheModifierAttr, "::mlir::tile::CacheModifier::None">:$cache,
    DefaultValuedAttr<Tile_EvictionPolicyAttr, "::mlir::tile::EvictionPolicy::Normal">:$evict);
  let assemblyFormat = [{
    $ptr `,` $value (`,` $mask^)?
    oilist(`cacheModifier` `=` $cache | `evictionPolicy` `=` $evict)
    attr-dict `:` type($ptr)
  }];
  let hasVerifier = 1;
}

def Tile_AtomicRMWOp : Tile_Op<"atomic_rmw", [
    MemoryEffects<[MemRead<Tile_GlobalMemory>, MemWrite<Tile_GlobalMemory>]>,
    SameOperandsAndResultShape,
    TypesMatchWith<"ptr points at the value type", "val", "ptr",
                   "::mlir::tile::getPointerTypeLike($_self)">,
    TypesMatchWith<"mask is i1 of the shape of val", "val", "mask",
                   "::mlir::tile::getI1TypeLike($_self)",
                   "($_op.getOperands().size() <= 2) || std::equal_to<>()">,
    AllTypesMatch<["val", "result"]>]> {
  let summary = "atomic read-modify-write; returns the old values";
  let description = [{
    ```mlir
    %old = tile.atomic_rmw fadd, acq_rel, gpu, %ptrs, %v, %mask : tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_AtomicRMWKindAttr:$kind, Tile_MemSemanticAttr:$sem,
                       Tile_MemScopeAttr:$scope, Tile_PtrLike:$ptr,
                       AnyTypeOf<[Tile_Type, Tile_Tensor]>:$val,
                       Optional<Tile_BoolLike>:$mask);
  let results = (outs AnyTypeOf<[Tile_Type, Tile_Tensor]>:$result);
  let assemblyFormat = [{
    $kind `,` $sem `,` $scope `,` $ptr `,` $val (`,` $mask^)? attr-dict `:` type($val)
  }];
  let hasVerifier = 1;
}

def Tile_AtomicCASOp : Tile_Op<"atomic_cas", [
    MemoryEffects<[MemRead<Tile_GlobalMemory>, MemWrite<Tile_GlobalMemory>]>,
    SameOperandsAndResultShape,
    TypesMatchWith<"ptr points at the value type", "val", "ptr",
                   "::mlir::tile::getPointerTypeLike($_self)">,
    AllTypesMatch<["cmp", "val", "result"]>]> {
  let summary = "atomic compare-and-swap; returns the old values";
  let description = [{
    Where `*ptr == cmp`, writes `val`; always returns the old `*ptr`.

    ```mlir
    %old = tile.atomic_cas acq_rel, gpu, %lock, %c0, %c1 : i32
    ```
  }];
  let arguments = (ins Tile_MemSemanticAttr:$sem, Tile_MemScopeAttr:$scope,
                       Tile_PtrLike:$ptr, AnyTypeOf<[Tile_Type, Tile_Tensor]>:$cmp,
                       AnyTypeOf<[Tile_Type, Tile_Tensor]>:$val);
  let results = (outs AnyTypeOf<[Tile_Type, Tile_Tensor]>:$result);
  let assemblyFormat = "$sem `,` $scope `,` $ptr `,` $cmp `,` $val attr-dict `:` type($val)";
  let hasVerifier = 1;
}

def Tile_MakeTensorPtrOp : Tile_Op<"make_tensor_ptr", [Pure, AttrSizedOperandSegments,
    TypesMatchWith<"base points at the block's element type", "result", "base",
                   "::mlir::tile::getBlockBasePointerType($_self)">]> {
  let summary = "a block pointer: a tile-sized window on a strided N-D tensor";
  let description = [{
    `shape` and `strides` (i64, in elements) describe the whole tensor at
    `base`; `offsets` (i32) place the window; `order` lists the dimensions
    from fastest- to slowest-varying. The result type gives the block shape.

    ```mlir
    %blk = tile.make_tensor_ptr %a, [%m, %k], [%stride_m, %c1], [%row, %c0]
        {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf16>>
    ```
  }];
  let arguments = (ins Tile_ScalarPtr:$base, Variadic<I64>:$shape,
                       Variadic<I64>:$strides, Variadic<I32>:$offsets,
                       DenseI32ArrayAttr:$order);
  let results = (outs Tile_TensorPtr:$result);
  let assemblyFormat = [{
    $base `,` `[` $shape `]` `,` `[` $strides `]` `,` `[` $offsets `]` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_AdvanceOp : Tile_Op<"advance", [Pure, AllTypesMatch<["ptr", "result"]>]> {
  let summary = "move a block pointer's window by element offsets";
  let description = [{
    ```mlir
    %next = tile.advance %blk, [%c0, %c32] : !tile.ptr<tensor<64x32xf16>>
    ```
  }];
  let arguments = (ins Tile_TensorPtr:$ptr, Variadic<I32>:$offsets);
  let results = (outs Tile_TensorPtr:$result);
  let assemblyFormat = "$ptr `,` `[` $offsets `]` attr-dict `:` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Matrix product
//===----------------------------------------------------------------------===//

def Tile_DotOp : Tile_Op<"dot", [Pure, AllTypesMatch<["c", "d"]>]> {
  let summary = "d = a * b + c on 2-D tiles (or 3-D, batched on dimension 0)";
  let description = [{
    Accepted (a, b) -> c element types: f16 x f16 -> f16 or f32,
    bf16 x bf16 -> f32, f32 x f32 -> f32 (`inputPrecision` tf32, tf32x3 or
    ieee), i8 x i8 -> i32, fp8 (e4m3fn, e5m2, in any mix) -> f16 or f32,
    f64 x f64 -> f64. `maxNumImpreciseAcc` bounds how many fp8 products are
    summed at reduced precision before promotion (0: no bound).

    ```mlir
    %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
    %e = tile.dot %x, %y, %z, inputPrecision = ieee : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
    ```
  }];
  let arguments = (ins Tile_Tensor:$a, Tile_Tensor:$b, Tile_Tensor:$c,
                       DefaultValuedAttr<Tile_InputPrecisionAttr, "::mlir::tile::InputPrecision::TF32">:$inputPrecision,
                       DefaultValuedAttr<I32Attr, "0">:$maxNumImpreciseAcc);
  let results = (outs Tile_Tensor:$d);
  let assemblyFormat = [{
    $a `,` $b `,` $c (`,` `inputPrecision` `=` $inputPrecision^)? attr-dict `:`
    type($a) `*` type($b) `->` type($d)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions and scans
//===----------------------------------------------------------------------===//

def Tile_ReduceOp : Tile_Op<"reduce", [Pure, SameOperandsShape,
    SingleBlock, RecursiveMemoryEffects]> {
  let summary = "reduce tensors along an axis with a combiner region";
  let description = [{
    Reduces N operands of one shape together (e.g. value and index for
    argmax). The combiner block takes 2N scalars (the N accumulated values,
    then the N new ones) and yields N scalars with `tile.reduce.return`. The
    results drop dimension `axis`; reducing a 1-D tensor gives scalars.

    ```mlir
    %sum = tile.reduce(%x) axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Tile_Tensor>:$srcs, I32Attr:$axis);
  let results = (outs Variadic<Tile_TypeLike>:$result);
  let regions = (region SizedRegion<1>:$combineOp);
  let assemblyFormat = [{
    `(` $srcs `)` `axis` `=` $axis attr-dict `:` functional-type($srcs, $result) $combineOp
  }];
  let hasVerifier = 1;
}

def Tile_ReduceReturnOp : Tile_Op<"reduce.return", [Pure, Terminator, ReturnLike,
    HasParent<"ReduceOp">]> {
  let summary = "yield the combined values of a tile.reduce combiner";
  let description = [{
    ```mlir
    tile.reduce.return %s : f32
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$result);
  let assemblyFormat = "$result attr-dict `:` type($result)";
}

def Tile_ScanOp : Tile_Op<"scan", [Pure, SameOperandsAndResultShape,
    SingleBlock, RecursiveMemoryEffects]> {
  let summary = "inclusive prefix scan along an axis with a combiner region";
  let description = [{
    Like `tile.reduce` but keeps every partial result; `reverse` scans from
    the end of the axis.

    ```mlir
    %cum = tile.scan(%x) axis = 0 : (tensor<256xi32>) -> tensor<256xi32> {
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      tile.scan.return %s : i32
    }
    ```
  }];
  let arguments = (ins Variadic<Tile_Tensor>:$srcs, I32Attr:$axis, UnitAttr:$reverse);
  let results = (outs Variadic<Tile_Tensor>:$result);
  let regions = (region SizedRegion<1>:$combineOp);
  let assemblyFormat = [{
    `(` $srcs `)` `axis` `=` $axis (`reverse` $reverse^)? attr-dict `:` functional-type($srcs, $result) $combineOp
  }];
  let hasVerifier = 1;
}

def Tile_ScanReturnOp : Tile_Op<"scan.return", [Pure, Terminator, ReturnLike,
    HasParent<"ScanOp">]> {
  let summary = "yield the combined values of a tile.scan combiner";
  let description = [{
    ```mlir
    tile.scan.return %s : i32
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$result);
  let assemblyFormat = "$result attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Conversions and math
//===----------------------------------------------------------------------===//

def Tile_FpToFpOp : Tile_Op<"fp_to_fp", [Pure, SameOperandsAndResultShape]> {
  let summary = "convert between float types, fp8 included";
  let description = [{
    A narrowing conversion names its rounding (`rtne` or `rtz`); a widening
    one must not.

    ```mlir
    %q = tile.fp_to_fp %x, rounding = rtne : tensor<128xf32> -> tensor<128xf8E4M3FN>
    %w = tile.fp_to_fp %q : tensor<128xf8E4M3FN> -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_FloatLike:$src, OptionalAttr<Tile_RoundingModeAttr>:$rounding);
  let results = (outs Tile_FloatLike:$result);
  let assemblyFormat = "$src (`,` `rounding` `=` $rounding^)? attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
}

def Tile_BitcastOp : Tile_Op<"bitcast", [Pure, SameOperandsAndResultShape]> {
  let summary = "reinterpret the bits of each element as another type of the same width";
  let description = [{
    ```mlir
    %i = tile.bitcast %x : tensor<128xf32> -> tensor<128xi32>
    ```
  }];
  let arguments = (ins Tile_TypeLike:$src);
  let results = (outs Tile_TypeLike:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasVerifier = 1;
}

def Tile_IntToPtrOp : Tile_Op<"int_to_ptr", [Pure, SameOperandsAndResultShape]> {
  let summary = "turn 64-bit integers into pointers";
  let description = [{
    ```mlir
    %p = tile.int_to_ptr %addr : i64 -> !tile.ptr<f32>
    ```
  }];
  let arguments = (ins Tile_I64Like:$src);
  let results = (outs Tile_PtrLike:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
}

def Tile_PtrToIntOp : Tile_Op<"ptr_to_int", [Pure, SameOperandsAndResultShape]> {
  let summary = "turn pointers into 64-bit integers";
  let description = [{
    ```mlir
    %a = tile.ptr_to_int %p : tensor<64x!tile.ptr<f32>> -> tensor<64xi64>
    ```
  }];
  let arguments = (ins Tile_PtrLike:$src);
  let results = (outs Tile_I64Like:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
}

def Tile_ClampFOp : Tile_Op<"clampf", [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "clamp floats to [min, max]";
  let description = [{
    With `propagateNan = all` a NaN operand gives NaN; with `none` NaNs are
    clamped like any value (the faster `min.f32`/`max.f32` path).

    ```mlir
    %c = tile.clampf %x, %lo, %hi, propagateNan = none : tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_FloatLike:$x, Tile_FloatLike:$min, Tile_FloatLike:$max,
                       Tile_PropagateNanAttr:$propagateNan);
  let results = (outs Tile_FloatLike:$result);
  let assemblyFormat = "$x `,` $min `,` $max `,` `propagateNan` `=` $propagateNan attr-dict `:` type($result)";
}

def Tile_F32OrF64Like : AnyTypeOf<[F32, F64, RankedTensorOf<[F32, F64]>]>;

def Tile_PreciseSqrtOp : Tile_Op<"precise_sqrt", [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "correctly rounded square root";
  let description = [{
    ```mlir
    %r = tile.precise_sqrt %x : tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_F32OrF64Like:$x);
  let results = (outs Tile_F32OrF64Like:$result);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

def Tile_PreciseDivFOp : Tile_Op<"precise_divf", [Pure, Elementwise, SameOperandsAndResultType]> {
  let summary = "correctly rounded division";
  let description = [{
    ```mlir
    %q = tile.precise_divf %x, %y : tensor<128xf32>
    ```
  }];
  let arguments = (ins Tile_F32OrF64Like:$x, Tile_F32OrF64Like:$y);
  let results = (outs Tile_F32OrF64Like:$result);
  let assemblyFormat = "$x `,` $y attr-dict `:` type($x)";
}

def Tile_ExternElementwiseOp : Tile_Op<"extern_elementwise", [Elementwise,
    SameVariadicOperandSize,
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "call an external elementwise function (e.g. libdevice) per element";
  let description = [{
    `symbol` names the function in library `libname` found at `libpath`
    (empty: the default libdevice). A `pure` call has no memory effects and
    can be removed or merged like arithmetic.

    ```mlir
    %p = tile.extern_elementwise %x, %y {libname = "libdevice", libpath = "",
        pure = true, symbol = "__nv_powf"} : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
    ```
  }];
  let arguments = (ins Variadic<Tile_TypeLike>:$srcs, StrAttr:$libname,
                       StrAttr:$libpath, StrAttr:$symbol, BoolAttr:$pure);
  let results = (outs Tile_TypeLike:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, $result)";
}

//===----------------------------------------------------------------------===//
// Debugging
//===----------------------------------------------------------------------===//

def Tile_PrintOp : Tile_Op<"print", [MemoryEffects<[MemWrite<Tile_GlobalMemory>]>]> {
  let summary = "print a prefix and values from every program instance";
  let description = [{
    `isSigned` has one entry per argument (1: print as signed).

    ```mlir
    tile.print " x: " {hex = false, isSigned = array<i32: 1>} : %x : tensor<128xi32>
    ```
  }];
  let arguments = (ins StrAttr:$prefix, BoolAttr:$hex, Variadic<Tile_TypeLike>:$args,
                       DenseI32ArrayAttr:$isSigned);
  let assemblyFormat = "$prefix attr-dict (`:` $args^ `:` type($args))?";
  let hasVerifier = 1;
}

def Tile_AssertOp : Tile_Op<"assert", [MemoryEffects<[MemWrite<Tile_GlobalMemory>]>]> {
  let summary = "abort the kernel with a message where a condition is false";
  let description = [{
    ```mlir
    tile.assert %ok, "index out of range" : tensor<128xi1>
    ```
  }];
  let arguments = (ins AnyTypeOf<[I1, RankedTensorOf<[I1]>]>:$condition, StrAttr:$message);
  let assemblyFormat = "$condition `,` $message attr-dict `:` type($condition)";
}

#endif // TILE_OPS_TD
