//===- TileGPUAttrs.td - layouts of the tilegpu dialect ------*- tablegen -*-===//
//
// Layout attributes are tensor encodings. A distributed layout (blocked,
// slice, mma, dot_operand, linear) says which register of which lane of which
// warp holds each element of a tensor; a shared layout (swizzled_shared,
// nvmma_shared) says where each element of a `!tilegpu.memdesc` sits in
// shared memory. Every parameter rule is checked by a C verifier
// (verifiers.c) that sees the parameters as plain arrays.
//
//===----------------------------------------------------------------------===//

#ifndef TILEGPU_ATTRS_TD
#define TILEGPU_ATTRS_TD

include "TileGPUDialect.td"
include "mlir/IR/AttrTypeBase.td"

class TileGPU_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<TileGPU_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
  // Printed IR names each layout once: `#blocked = #tilegpu.blocked<...>`.
  let genMnemonicAlias = 1;
}

// A list of small unsigned numbers, written `[1, 4]`.
class TileGPU_ListParameter<string desc>
    : ArrayRefParameter<"unsigned", desc> {
  let parser = "::mlir::tilegpu::parseBracketedList($_parser)";
  let printer = "::mlir::tilegpu::printBracketedList($_printer, $_self)";
}

// A flag written `true` or `false`.
class TileGPU_BoolParameter<string desc> : AttrOrTypeParameter<"bool", desc> {
  let parser = "::mlir::tilegpu::parseBoolKeyword($_parser)";
  let printer = "$_printer << ($_self ? \"true\" : \"false\")";
}

//===----------------------------------------------------------------------===//
// Distributed layouts
//===----------------------------------------------------------------------===//

def TileGPU_BlockedLayoutAttr : TileGPU_Attr<"BlockedLayout", "blocked"> {
  let summary = "each thread owns a small block; blocks tile the tensor";
  let description = [{
    Along dimension `d` each thread owns `sizePerThread[d]` consecutive
    elements, a warp spans `threadsPerWarp[d]` threads, a CTA
    `warpsPerCTA[d]` warps; the pattern repeats to cover the tensor (or
    wraps, replicating elements, when the tensor is smaller). `order` lists
    the dimensions from fastest- to slowest-varying for lanes and warps.
    All four lists have the tensor's rank; the sizes are powers of two and
    `threadsPerWarp` multiplies to 32.

    ```mlir
    #blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8],
                                 warpsPerCTA = [4, 1], order = [1, 0]}>
    %x = arith.constant dense<0.0> : tensor<64x64xf32, #blocked>
    ```
  }];
  let parameters = (ins
    TileGPU_ListParameter<"elements per thread along each dimension">:$sizePerThread,
    TileGPU_ListParameter<"threads per warp along each dimension">:$threadsPerWarp,
    TileGPU_ListParameter<"warps per CTA along each dimension">:$warpsPerCTA,
    TileGPU_ListParameter<"dimensions from fastest- to slowest-varying">:$order);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_SliceLayoutAttr : TileGPU_Attr<"SliceLayout", "slice"> {
  let summary = "the parent layout with one dimension removed";
  let description = [{
    The layout of a reduction's result: element `i` is held by the threads
    that held the parent's elements `i` extended by any index along `dim`.
    `dim` is smaller than the parent's rank.

    ```mlir
    #row = #tilegpu.slice<{dim = 1, parent = #blocked}>
    %sum = "tile.reduce"(...) : (tensor<64x128xf32, #blocked>) -> tensor<64xf32, #row>
    ```
  }];
  let parameters = (ins "unsigned":$dim, "::mlir::Attribute":$parent);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_MmaLayoutAttr : TileGPU_Attr<"MmaLayout", "mma"> {
  let summary = "the accumulator layout of a tensor-core instruction";
  let description = [{
    `version` picks the instruction family: 1 is Volta `mma.sync.m8n8k4`,
    2 is Ampere `mma.sync.m16n8k16`, 3 is Hopper warpgroup `wgmma`.
    `warpsPerCTA` tiles the warps over the result (for version 3 dimension
    0 counts warps in groups of four). `instrShape` is the tile one
    instruction produces: `[M, N]` per warp for versions 1 and 2 (with a
    leading 1 for a batched rank-3 layout), `[M, N, K]` per warpgroup for
    version 3 (`M` = 16, `N` a multiple of 8 up to 256).

    ```mlir
    #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
    #wgmma = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 128, 16]}>
    ```
  }];
  let parameters = (ins
    "unsigned":$version,
    DefaultValuedParameter<"unsigned", "0">:$versionMinor,
    TileGPU_ListParameter<"warps per CTA along each dimension">:$warpsPerCTA,
    TileGPU_ListParameter<"shape of one instruction's result tile">:$instrShape);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_DotOperandLayoutAttr : TileGPU_Attr<"DotOperandLayout", "dot_operand"> {
  let summary = "the register layout of an operand of a dot";
  let description = [{
    Operand `opIdx` (0 for A, 1 for B) of a dot whose result has layout
    `parent`. With an mma parent, `kWidth` is the number of consecutive
    elements along K each thread holds (a power of two up to 16, e.g. 2 for
    f16 and 4 for fp8 with `mma.sync`); with a blocked parent (the FMA
    path) it must be 0. A wgmma (mma version 3) takes only A from registers.

    ```mlir
    #a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
    ```
  }];
  let parameters = (ins "unsigned":$opIdx, "::mlir::Attribute":$parent,
                        DefaultValuedParameter<"unsigned", "0">:$kWidth);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_LinearLayoutAttr : TileGPU_Attr<"LinearLayout", "linear"> {
  let summary = "a general linear layout: a linear map over GF(2)";
  let description = [{
    Each bit of the register, lane, warp and block (CTA in a cluster) index
    has a basis vector of tensor coordinates; an index's coordinates are the
    XOR of the bases of its set bits. Every other layout converts to one of
    these. All basis vectors have the tensor's rank; at least one basis
    vector must be given (it fixes the rank); the lane bases number five
    (32 lanes).

    ```mlir
    #linear = #tilegpu.linear<{register = [[0, 1], [0, 2]],
                               lane = [[0, 4], [0, 8], [1, 0], [2, 0], [4, 0]],
                               warp = [[8, 0], [16, 0]], block = []}>
    ```
  }];
  // Bases are stored flattened: basis `i` of a kind is entries
  // [i * rank, (i + 1) * rank).
  let parameters = (ins
    "unsigned":$rank,
    ArrayRefParameter<"int32_t", "register bases, flattened">:$registerBases,
    ArrayRefParameter<"int32_t", "lane bases, flattened">:$laneBases,
    ArrayRefParameter<"int32_t", "warp bases, flattened">:$warpBases,
    ArrayRefParameter<"int32_t", "block bases, flattened">:$blockBases);
  let assemblyFormat = [{
    `<` `{` custom<LinearBases>($rank, $registerBases, $laneBases, $warpBases, $blockBases) `}` `>`
  }];
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Shared-memory layouts
//===----------------------------------------------------------------------===//

def TileGPU_SwizzledSharedLayoutAttr : TileGPU_Attr<"SwizzledSharedLayout", "swizzled_shared"> {
  let summary = "a shared-memory layout with XOR swizzling against bank conflicts";
  let description = [{
    Rows (along `order[1]`) are grouped in phases of `perPhase` rows; within
    a row, vectors of `vec` elements are XORed with the phase modulo
    `maxPhase`. `vec = 1, perPhase = 1, maxPhase = 1` is no swizzling.
    `order` lists the dimensions from fastest- to slowest-varying. All three
    numbers are powers of two.

    ```mlir
    #shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
    ```
  }];
  let parameters = (ins "unsigned":$vec, "unsigned":$perPhase, "unsigned":$maxPhase,
                        TileGPU_ListParameter<"dimensions from fastest- to slowest-varying">:$order);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_NVMMASharedLayoutAttr : TileGPU_Attr<"NVMMASharedLayout", "nvmma_shared"> {
  let summary = "the shared-memory swizzles that wgmma and TMA understand";
  let description = [{
    Rows of `swizzlingByteWidth` bytes (0: no swizzle, or 32, 64, 128) have
    their 16-byte chunks XORed with the row index, as the
    `CU_TENSOR_MAP_SWIZZLE_*B` modes and wgmma matrix descriptors define.
    `transposed` stores the tile K-major for the B operand of a wgmma.
    `elementBitWidth` is 8, 16, 32 or 64.

    ```mlir
    #nvmma = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
    ```
  }];
  let parameters = (ins "unsigned":$swizzlingByteWidth,
                        TileGPU_BoolParameter<"K-major (transposed) storage">:$transposed,
                        "unsigned":$elementBitWidth);
  let assemblyFormat = "`<` `{` struct(params) `}` `>`";
  let genVerifyDecl = 1;
}

def TileGPU_SharedMemorySpaceAttr : TileGPU_Attr<"SharedMemorySpace", "shared_memory"> {
  let summary = "the memory space of a memdesc that lives in shared memory";
  let description = [{
    ```mlir
    !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
    ```
  }];
  let genMnemonicAlias = 0;
}

#endif // TILEGPU_ATTRS_TD
