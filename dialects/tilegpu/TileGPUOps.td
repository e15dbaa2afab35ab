//===- TileGPUOps.td - operations of the tilegpu dialect -----*- tablegen -*-===//
//
// Ops that only exist once tensors have layouts: layout conversions,
// shared-memory buffers, asynchronous copies (cp.async, TMA), mbarriers and
// Hopper warpgroup matrix products. Each op mirrors the Triton `ttg`/`ttng`
// op of the same name. Memory effects name the resource they touch (shared
// or global memory) so that passes can move shared-memory accesses past
// global ones and back. Rules ODS cannot state live in C (verifiers.c).
//
//===----------------------------------------------------------------------===//

#ifndef TILEGPU_OPS_TD
#define TILEGPU_OPS_TD

include "TileGPUDialect.td"
include "TileGPUAttrs.td"
include "TileGPUTypes.td"
include "TileTypes.td"
include "TileEnums.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def TileGPU_SharedMemory : Resource<"::mlir::tilegpu::SharedMemory">;
def TileGPU_GlobalMemory : Resource<"::mlir::tile::GlobalMemory">;

class TileGPU_Op<string mnemonic, list<Trait> traits = []>
    : Op<TileGPU_Dialect, mnemonic, traits>;

// A tile tensor whose encoding is a distributed layout.
def TileGPU_LaidOutTensor : Type<
    And<[Tile_Tensor.predicate, CPred<"::mlir::tilegpu::hasDistributedLayout($_self)">]>,
    "ranked tensor with a distributed layout", "::mlir::RankedTensorType">;
def TileGPU_LaidOutPtrTensor : Type<
    And<[Tile_PtrTensor.predicate, CPred<"::mlir::tilegpu::hasDistributedLayout($_self)">]>,
    "tensor of pointers with a distributed layout", "::mlir::RankedTensorType">;
def TileGPU_LaidOutI1Tensor : Type<
    And<[RankedTensorOf<[I1]>.predicate, CPred<"::mlir::tilegpu::hasDistributedLayout($_self)">]>,
    "tensor of i1 with a distributed layout", "::mlir::RankedTensorType">;

//===----------------------------------------------------------------------===//
// Layout conversion
//===----------------------------------------------------------------------===//

def TileGPU_ConvertLayoutOp : TileGPU_Op<"convert_layout", [Pure,
    SameOperandsAndResultShape, SameOperandsAndResultElementType]> {
  let summary = "move a tensor's elements into another layout";
  let description = [{
    The values do not change, only which thread holds them. Lowering picks a
    register permutation, warp shuffles or a round trip through shared
    memory, whichever the two layouts need. A conversion to the same layout,
    of a splat constant, or of another conversion folds away.

    ```mlir
    %y = tilegpu.convert_layout %x : tensor<64x64xf32, #blocked> -> tensor<64x64xf32, #mma>
    ```
  }];
  let arguments = (ins TileGPU_LaidOutTensor:$src);
  let results = (outs TileGPU_LaidOutTensor:$result);
  let assemblyFormat = "$src attr-dict `:` type($src) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shared-memory buffers
//===----------------------------------------------------------------------===//

def TileGPU_LocalAllocOp : TileGPU_Op<"local_alloc", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>]> {
  let summary = "allocate a shared-memory buffer, optionally filled from a tensor";
  let description = [{
    The result's shape is the whole allocation (a ring buffer of `N` slots
    has a leading dimension `N`). Without `src` the buffer is uninitialized
    and must be `mutable`; with `src` it holds a copy of the tensor, of the
    same shape and element type.

    ```mlir
    %ring = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>
    %a = tilegpu.local_alloc %t : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
    ```
  }];
  let arguments = (ins Optional<TileGPU_LaidOutTensor>:$src,
                       OptionalAttr<ConfinedAttr<I32Attr, [IntPositive]>>:$alignment);
  let results = (outs TileGPU_MemDesc:$result);
  let assemblyFormat = "($src^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TileGPU_LocalLoadOp : TileGPU_Op<"local_load"> {
  let summary = "read a shared-memory buffer into a tensor";
  let description = [{
    The tensor has the buffer's shape and element type. The optional token
    (from `tilegpu.async_wait`) orders the read after the copies that filled
    the buffer.

    ```mlir
    %t = tilegpu.local_load %buf token %done : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> tensor<64x32xf16, #a>
    ```
  }];
  let arguments = (ins Arg<TileGPU_MemDesc, "the buffer read", [MemRead<TileGPU_SharedMemory>]>:$src,
                       Optional<TileGPU_AsyncToken>:$token);
  let results = (outs TileGPU_LaidOutTensor:$result);
  let assemblyFormat = [{
    $src (`token` $token^)? attr-dict `:` qualified(type($src)) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TileGPU_LocalStoreOp : TileGPU_Op<"local_store"> {
  let summary = "write a tensor into a mutable shared-memory buffer";
  let description = [{
    ```mlir
    tilegpu.local_store %t, %buf : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins TileGPU_LaidOutTensor:$src,
                       Arg<TileGPU_MemDesc, "the buffer written", [MemWrite<TileGPU_SharedMemory>]>:$dst);
  let assemblyFormat = "$src `,` $dst attr-dict `:` type($src) `->` qualified(type($dst))";
  let hasVerifier = 1;
}

def TileGPU_LocalDeallocOp : TileGPU_Op<"local_dealloc"> {
  let summary = "free a shared-memory buffer";
  let description = [{
    The operand must be a whole allocation, not a view into one.

    ```mlir
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins Arg<TileGPU_MemDesc, "the buffer freed", [MemFree<TileGPU_SharedMemory>]>:$src);
  let assemblyFormat = "$src attr-dict `:` qualified(type($src))";
  let hasVerifier = 1;
}

def TileGPU_MemDescIndexOp : TileGPU_Op<"memdesc_index", [Pure]> {
  let summary = "a view of one slot of a ring buffer";
  let description = [{
    Drops the leading dimension: slot `index` of a `N x S` buffer is an `S`
    buffer with the same element type, layout, memory space and
    mutability, whose allocation shape stays `N x S`.

    ```mlir
    %slot = tilegpu.memdesc_index %ring[%i] : !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>
        -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x32>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$src, I32:$index);
  let results = (outs TileGPU_MemDesc:$result);
  let assemblyFormat = [{
    $src `[` $index `]` attr-dict `:` qualified(type($src)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def TileGPU_MemDescSubsliceOp : TileGPU_Op<"memdesc_subslice", [Pure]> {
  let summary = "a view of a sub-block of a shared-memory buffer";
  let description = [{
    The sub-block of the result's shape whose origin is the static
    `offsets` (one per dimension) in the source. Element type, encoding,
    memory space and mutability are kept, and so is the allocation shape
    (the source's), so that the view still names the buffer it lives in.

    The rule that keeps the view linear-layout-expressible: every result
    dimension is a power of two and every offset is a multiple of its
    result dimension. Then each coordinate of the view is its origin's bits
    OR'd (= XOR'd) with the view's own coordinate bits, and the shared
    layout, linear over GF(2), gives offset(origin + x) = offset(origin) XOR
    offset(x) for every swizzle (vec, perPhase, maxPhase): the swizzle
    period needs no rule of its own.

    ```mlir
    %k1 = tilegpu.memdesc_subslice %slot [0, 16] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x32>
        -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x32>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$src, DenseI32ArrayAttr:$offsets);
  let results = (outs TileGPU_MemDesc:$result);
  let assemblyFormat = [{
    $src $offsets attr-dict `:` qualified(type($src)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def TileGPU_MemDescTransOp : TileGPU_Op<"memdesc_trans", [Pure]> {
  let summary = "a transposed view of a shared-memory buffer";
  let description = [{
    Result dimension `i` is operand dimension `order[i]`; nothing moves.
    The allocation shape is permuted the same way (a leading ring-buffer
    dimension stays in front).

    ```mlir
    %bt = tilegpu.memdesc_trans %b {order = array<i32: 1, 0>} : !tilegpu.memdesc<32x64xf16, #shared, #tilegpu.shared_memory>
        -> !tilegpu.memdesc<64x32xf16, #shared_t, #tilegpu.shared_memory>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$src, DenseI32ArrayAttr:$order);
  let results = (outs TileGPU_MemDesc:$result);
  let assemblyFormat = "$src attr-dict `:` qualified(type($src)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Ampere asynchronous copies (cp.async)
//===----------------------------------------------------------------------===//

def TileGPU_AsyncCopyGlobalToLocalOp : TileGPU_Op<"async_copy_global_to_local", [
    AttrSizedOperandSegments,
    OptionalTypesMatchWith<"mask is i1 of the shape and layout of src", "src", "mask",
                           "::mlir::tile::getI1TypeLike($_self)">,
    OptionalTypesMatchWith<"other is the pointee type of src", "src", "other",
                           "::mlir::tile::getPointeeTypeOf($_self)">]> {
  let summary = "start copying global memory into shared memory (cp.async)";
  let description = [{
    Each element of `src` (a tensor of pointers with the buffer's shape and
    element type) is copied into `dst` without passing through registers.
    Elements whose `mask` bit is false get `other` (zero when absent). The
    copy is complete only after a `tilegpu.async_commit_group` that follows
    it and the `tilegpu.async_wait` that waits for that group. cp.async
    takes only the `ca` and `cg` cache operators.

    ```mlir
    %tok = tilegpu.async_copy_global_to_local %ptrs, %slot mask %m other %zero cacheModifier = cg
        : tensor<64x32x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x32>
    ```
  }];
  let arguments = (ins
    Arg<TileGPU_LaidOutPtrTensor, "pointers read", [MemRead<TileGPU_GlobalMemory>]>:$src,
    Arg<TileGPU_MemDesc, "the buffer written", [MemWrite<TileGPU_SharedMemory>]>:$dst,
    Optional<TileGPU_LaidOutI1Tensor>:$mask,
    Optional<TileGPU_LaidOutTensor>:$other,
    DefaultValuedAttr<Tile_CacheModifierAttr, "::mlir::tile::CacheModifier::None">:$cache,
    DefaultValuedAttr<Tile_EvictionPolicyAttr, "::mlir::tile::EvictionPolicy::Normal">:$evict,
    UnitAttr:$isVolatile);
  let results = (outs TileGPU_AsyncToken:$token);
  let assemblyFormat = [{
    $src `,` $dst (`mask` $mask^)? (`other` $other^)?
    oilist(`cacheModifier` `=` $cache | `evictionPolicy` `=` $evict | `volatile` $isVolatile)
    attr-dict `:` type($src) `->` qualified(type($dst))
  }];
  let hasVerifier = 1;
}

def TileGPU_AsyncCommitGroupOp : TileGPU_Op<"async_commit_group", [
    MemoryEffects<[MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "close the group of cp.async copies issued since the last one";
  let description = [{
    ```mlir
    %group = tilegpu.async_commit_group tokens %tok0, %tok1
    ```
  }];
  let arguments = (ins Variadic<TileGPU_AsyncToken>:$inputTokens);
  let results = (outs TileGPU_AsyncToken:$asyncToken);
  let assemblyFormat = "(`tokens` $inputTokens^)? attr-dict";
}

def TileGPU_AsyncWaitOp : TileGPU_Op<"async_wait", [
    MemoryEffects<[MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "wait until at most `num` cp.async groups are still in flight";
  let description = [{
    After the wait, the copies of every older group are visible to the
    thread that issued them (a `tilegpu.barrier` makes them visible to the
    whole CTA).

    ```mlir
    %done = tilegpu.async_wait %group {num = 1 : i32}
    ```
  }];
  let arguments = (ins Variadic<TileGPU_AsyncToken>:$asyncToken,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$num);
  let results = (outs TileGPU_AsyncToken:$retToken);
  let assemblyFormat = "($asyncToken^)? attr-dict";
}

//===----------------------------------------------------------------------===//
// Hopper warpgroup matrix products (wgmma)
//===----------------------------------------------------------------------===//

def TileGPU_WarpGroupDotOp : TileGPU_Op<"warpgroup_dot", [
    DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
    AllTypesMatch<["c", "d"]>]> {
  let summary = "d = a * b + c with Hopper wgmma";
  let description = [{
    `b` is read from shared memory; `a` from shared memory or from
    registers (then with a `#tilegpu.dot_operand` layout of `opIdx = 0`
    whose parent is the result's layout). `c` and `d` have a version-3
    `#tilegpu.mma` layout. Shapes are `M x K`, `K x N` and `M x N`. `useC`
    false ignores `c` (the first step of a K loop). An `isAsync` product
    runs on until a `tilegpu.warpgroup_dot_wait` retires it.

    ```mlir
    %e = tilegpu.warpgroup_dot %ar, %b, %acc, %useC, inputPrecision = tf32 : tensor<128x32xf32, #opA>
        * !tilegpu.memdesc<32x128xf32, #nvmma, #tilegpu.shared_memory> -> tensor<128x128xf32, #wgmma>
    %d = tilegpu.warpgroup_dot %a, %b, %acc {isAsync} : !tilegpu.memdesc<128x64xf16, #nvmma, #tilegpu.shared_memory>
        * !tilegpu.memdesc<64x128xf16, #nvmma, #tilegpu.shared_memory> -> tensor<128x128xf32, #wgmma>
    ```
  }];
  let arguments = (ins
    AnyTypeOf<[TileGPU_LaidOutTensor, TileGPU_MemDesc]>:$a,
    TileGPU_MemDesc:$b,
    TileGPU_LaidOutTensor:$c,
    Optional<I1>:$useC,
    DefaultValuedAttr<Tile_InputPrecisionAttr, "::mlir::tile::InputPrecision::TF32">:$inputPrecision,
    DefaultValuedAttr<I32Attr, "0">:$maxNumImpreciseAcc,
    UnitAttr:$isAsync);
  let results = (outs TileGPU_LaidOutTensor:$d);
  let assemblyFormat = [{
    $a `,` $b `,` $c (`,` $useC^)? (`,` `inputPrecision` `=` $inputPrecision^)? attr-dict `:`
    type($a) `*` qualified(type($b)) `->` type($d)
  }];
  let hasVerifier = 1;
}

def TileGPU_WarpGroupDotWaitOp : TileGPU_Op<"warpgroup_dot_wait", [
    DeclareOpInterfaceMethods<InferTypeOpInterface>,
    MemoryEffects<[MemRead<TileGPU_SharedMemory>]>]> {
  let summary = "wait until at most `pendings` async wgmma groups are in flight";
  let description = [{
    Returns its operands: the results of the retired products (and any
    buffers they read, to keep those alive until here).

    ```mlir
    %r = tilegpu.warpgroup_dot_wait %d {pendings = 0 : i32} : tensor<128x128xf32, #wgmma>
    ```
  }];
  let arguments = (ins Variadic<AnyTypeOf<[TileGPU_LaidOutTensor, TileGPU_MemDesc]>>:$inputs,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$pendings);
  let results = (outs Variadic<AnyTypeOf<[TileGPU_LaidOutTensor, TileGPU_MemDesc]>>:$outputs);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
}

//===----------------------------------------------------------------------===//
// Hopper TMA and mbarriers
//===----------------------------------------------------------------------===//

def TileGPU_AsyncTMACopyGlobalToLocalOp : TileGPU_Op<"async_tma_copy_global_to_local"> {
  let summary = "start a TMA copy of a tile of global memory into shared memory";
  let description = [{
    `desc` is a block pointer (`!tile.ptr<tensor<...>>` of the buffer's
    shape and element type) or a pointer to a TMA descriptor in global
    memory (`!tile.ptr<i8>`); `coords` (one per dimension of the buffer)
    place the tile. Completion is signalled on the mbarrier `barrier` (a
    `1xi64` buffer) as transaction bytes; `pred` false skips the copy.

    ```mlir
    tilegpu.async_tma_copy_global_to_local %desc[%m, %k] %slot, %bar, %true
        : !tile.ptr<i8>, !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
        -> !tilegpu.memdesc<128x64xf16, #nvmma, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins
    Arg<AnyTypeOf<[Tile_TensorPtr, Tile_ScalarPtr]>, "descriptor read", [MemRead<TileGPU_GlobalMemory>]>:$desc,
    Variadic<I32>:$coords,
    Arg<TileGPU_MemDesc, "the buffer written", [MemWrite<TileGPU_SharedMemory>]>:$dst,
    Arg<TileGPU_MemDesc, "the mbarrier signalled", [MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>]>:$barrier,
    I1:$pred,
    DefaultValuedAttr<Tile_CacheModifierAttr, "::mlir::tile::CacheModifier::None">:$cache,
    DefaultValuedAttr<Tile_EvictionPolicyAttr, "::mlir::tile::EvictionPolicy::Normal">:$evict,
    UnitAttr:$isVolatile);
  let assemblyFormat = [{
    $desc `[` $coords `]` $dst `,` $barrier `,` $pred
    oilist(`cacheModifier` `=` $cache | `evictionPolicy` `=` $evict | `volatile` $isVolatile)
    attr-dict `:` type($desc) `,` qualified(type($barrier)) `->` qualified(type($dst))
  }];
  let hasVerifier = 1;
}

def TileGPU_InitBarrierOp : TileGPU_Op<"init_barrier", [
    MemoryEffects<[MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "initialize an mbarrier that completes after `count` arrivals";
  let description = [{
    ```mlir
    tilegpu.init_barrier %bar, 1 : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$alloc, ConfinedAttr<I32Attr, [IntPositive]>:$count);
  let assemblyFormat = "$alloc `,` $count attr-dict `:` qualified(type($alloc))";
  let hasVerifier = 1;
}

def TileGPU_BarrierExpectOp : TileGPU_Op<"barrier_expect", [
    MemoryEffects<[MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "arrive on an mbarrier and expect `size` bytes of TMA transactions";
  let description = [{
    ```mlir
    tilegpu.barrier_expect %bar, 32768, %true : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$alloc, ConfinedAttr<I32Attr, [IntNonNegative]>:$size, I1:$pred);
  let assemblyFormat = "$alloc `,` $size `,` $pred attr-dict `:` qualified(type($alloc))";
  let hasVerifier = 1;
}

def TileGPU_WaitBarrierOp : TileGPU_Op<"wait_barrier", [
    MemoryEffects<[MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "wait until an mbarrier completes the phase with parity `phase`";
  let description = [{
    The data the barrier guarded (TMA copies) is visible after the wait.
    `pred` false skips the wait.

    ```mlir
    tilegpu.wait_barrier %bar, %phase : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$alloc, I32:$phase, Optional<I1>:$pred);
  let assemblyFormat = "$alloc `,` $phase (`,` $pred^)? attr-dict `:` qualified(type($alloc))";
  let hasVerifier = 1;
}

def TileGPU_InvalBarrierOp : TileGPU_Op<"inval_barrier", [
    MemoryEffects<[MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "invalidate an mbarrier so its memory can be reused";
  let description = [{
    ```mlir
    tilegpu.inval_barrier %bar : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
    ```
  }];
  let arguments = (ins TileGPU_MemDesc:$alloc);
  let assemblyFormat = "$alloc attr-dict `:` qualified(type($alloc))";
  let hasVerifier = 1;
}

def TileGPU_FenceAsyncSharedOp : TileGPU_Op<"fence_async_shared", [
    MemoryEffects<[MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>]>]> {
  let summary = "order generic-proxy shared-memory writes before async-proxy accesses";
  let description = [{
    Needed between a `tilegpu.local_store` and a wgmma or TMA access of the
    same buffer (`fence.proxy.async.shared::cta`; `bCluster` widens it to
    the cluster).

    ```mlir
    tilegpu.fence_async_shared {bCluster = false}
    ```
  }];
  let arguments = (ins DefaultValuedAttr<BoolAttr, "false">:$bCluster);
  let assemblyFormat = "attr-dict";
}

def TileGPU_BarrierOp : TileGPU_Op<"barrier", [
    MemoryEffects<[MemRead<TileGPU_SharedMemory>, MemWrite<TileGPU_SharedMemory>,
                   MemRead<TileGPU_GlobalMemory>, MemWrite<TileGPU_GlobalMemory>]>]> {
  let summary = "synchronize the threads of a CTA (bar.sync 0)";
  let description = [{
    Every thread waits here; shared- and global-memory accesses before it
    are visible to every thread of the CTA after it.

    ```mlir
    tilegpu.barrier
    ```
  }];
  let assemblyFormat = "attr-dict";
}

#endif // TILEGPU_OPS_TD
