// RUN: tile-opt %s -split-input-file -verify-diagnostics
// Every verifier message of the tilegpu layouts, types, ops and module
// attributes, each triggered by the smallest IR that breaks its rule.

//===----------------------------------------------------------------------===//
// #tilegpu.blocked
//===----------------------------------------------------------------------===//

// expected-error @+1 {{sizePerThread, threadsPerWarp, warpsPerCTA and order must have the same nonzero length (the tensor's rank), got 2, 2, 1 and 2}}
#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4], order = [1, 0]}>

// -----

// expected-error @+1 {{sizePerThread[1] = 3 must be a positive power of two}}
#b = #tilegpu.blocked<{sizePerThread = [1, 3], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>

// -----

// expected-error @+1 {{warpsPerCTA[0] = 0 must be a positive power of two}}
#b = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [0, 1], order = [1, 0]}>

// -----

// expected-error @+1 {{threadsPerWarp must multiply to 32 (one warp), got 64}}
#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 8], warpsPerCTA = [4, 1], order = [1, 0]}>

// -----

// expected-error @+1 {{order must be a permutation of the dimensions 0..1, got [1, 1]}}
#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 1]}>

// -----

// expected-error @+2 {{expected integer value}}
// expected-error @+1 {{failed to parse TileGPU_BlockedLayoutAttr parameter 'sizePerThread'}}
#b = #tilegpu.blocked<{sizePerThread = [1, x], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>

// -----

//===----------------------------------------------------------------------===//
// #tilegpu.slice
//===----------------------------------------------------------------------===//

// expected-error @+1 {{parent of a slice layout must be a distributed layout (blocked, slice, mma, dot_operand or linear)}}
#s = #tilegpu.slice<{dim = 0, parent = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>}>

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// expected-error @+1 {{slice dim 2 must be less than the parent's rank 2}}
#s = #tilegpu.slice<{dim = 2, parent = #b}>

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#s = #tilegpu.slice<{dim = 1, parent = #b}>
// expected-error @+1 {{slice dim 1 must be less than the parent's rank 1}}
#ss = #tilegpu.slice<{dim = 1, parent = #s}>

// -----

//===----------------------------------------------------------------------===//
// #tilegpu.mma
//===----------------------------------------------------------------------===//

// expected-error @+1 {{mma version must be 1 (Volta), 2 (Ampere) or 3 (Hopper), got 4}}
#m = #tilegpu.mma<{version = 4, warpsPerCTA = [2, 2], instrShape = [16, 8]}>

// -----

// expected-error @+1 {{warpsPerCTA of an mma layout must have 2 entries (or 3 when batched), got 1}}
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [4], instrShape = [16]}>

// -----

// expected-error @+1 {{instrShape[1] = 12 must be a positive power of two}}
#m = #tilegpu.mma<{version = 1, warpsPerCTA = [2, 2], instrShape = [16, 12]}>

// -----

// expected-error @+1 {{instrShape of a version 2 mma layout must have 2 entries, got 3}}
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8, 16]}>

// -----

// expected-error @+1 {{instrShape of a version 2 mma layout must be [16, 8] (with a leading 1 when batched), got [2, 16, 8]}}
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 2, 2], instrShape = [2, 16, 8]}>

// -----

// expected-error @+1 {{a version 3 mma layout must have rank 2, got 3}}
#m = #tilegpu.mma<{version = 3, warpsPerCTA = [1, 4, 1], instrShape = [16, 64, 16]}>

// -----

// expected-error @+1 {{instrShape of a version 3 mma layout must be [16, N, K] with N a multiple of 8 up to 256, got [16, 512, 16]}}
#m = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 512, 16]}>

// -----

// expected-error @+1 {{warpsPerCTA[0] of a version 3 mma layout must be a multiple of 4 (whole warpgroups), got 2}}
#m = #tilegpu.mma<{version = 3, warpsPerCTA = [2, 2], instrShape = [16, 64, 16]}>

// -----

//===----------------------------------------------------------------------===//
// #tilegpu.dot_operand
//===----------------------------------------------------------------------===//

#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// expected-error @+1 {{opIdx must be 0 (operand A) or 1 (operand B), got 2}}
#d = #tilegpu.dot_operand<{opIdx = 2, parent = #m, kWidth = 2}>

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#s = #tilegpu.slice<{dim = 1, parent = #b}>
// expected-error @+1 {{parent of a dot_operand layout must be an mma or a blocked layout}}
#d = #tilegpu.dot_operand<{opIdx = 0, parent = #s}>

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// expected-error @+1 {{kWidth must be 0 when the parent is a blocked layout, got 2}}
#d = #tilegpu.dot_operand<{opIdx = 0, parent = #b, kWidth = 2}>

// -----

#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// expected-error @+1 {{kWidth must be a power of two from 1 to 16 when the parent is an mma layout, got 0}}
#d = #tilegpu.dot_operand<{opIdx = 0, parent = #m}>

// -----

#m = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 64, 16]}>
// expected-error @+1 {{a version 3 mma (wgmma) takes only operand A (opIdx = 0) from registers}}
#d = #tilegpu.dot_operand<{opIdx = 1, parent = #m, kWidth = 2}>

// -----

//===----------------------------------------------------------------------===//
// #tilegpu.linear
//===----------------------------------------------------------------------===//

// expected-error @+1 {{every basis vector of a linear layout must have the same, nonzero length (the tensor's rank)}}
#l = #tilegpu.linear<{register = [[0, 1], [2]], lane = [], warp = [], block = []}>

// -----

// expected-error @+1 {{a linear layout needs at least one basis vector (it fixes the rank)}}
#l = #tilegpu.linear<{register = [], lane = [], warp = [], block = []}>

// -----

// expected-error @+1 {{basis entries must be non-negative, got -1 in the warp bases}}
#l = #tilegpu.linear<{register = [], lane = [[1], [2], [4], [8], [16]], warp = [[-1]], block = []}>

// -----

// expected-error @+1 {{a linear layout must have 5 lane bases (32 lanes per warp), got 4}}
#l = #tilegpu.linear<{register = [], lane = [[1], [2], [4], [8]], warp = [], block = []}>

// -----

// expected-error @+1 {{expected 'lane'}}
#l = #tilegpu.linear<{register = [[1]], warp = [], block = []}>

// -----

//===----------------------------------------------------------------------===//
// Shared layouts
//===----------------------------------------------------------------------===//

// expected-error @+1 {{vec, perPhase and maxPhase must be positive powers of two, got 8, 3 and 8}}
#s = #tilegpu.swizzled_shared<{vec = 8, perPhase = 3, maxPhase = 8, order = [1, 0]}>

// -----

// expected-error @+1 {{order must list at least one dimension}}
#s = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = []}>

// -----

// expected-error @+1 {{swizzlingByteWidth must be 0, 32, 64 or 128, got 16}}
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 16, transposed = false, elementBitWidth = 16}>

// -----

// expected-error @+1 {{elementBitWidth must be 8, 16, 32 or 64, got 4}}
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 4}>

// -----

// expected-error @+2 {{expected 'true' or 'false'}}
// expected-error @+1 {{failed to parse TileGPU_NVMMASharedLayoutAttr parameter 'transposed'}}
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = 1, elementBitWidth = 16}>

// -----

//===----------------------------------------------------------------------===//
// !tilegpu.memdesc
//===----------------------------------------------------------------------===//

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
// expected-error @+1 {{memdesc must have from 1 to 16 dimensions, got 0}}
func.func private @f(!tilegpu.memdesc<f16, #shared, #tilegpu.shared_memory>)

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
// expected-error @+1 {{memdesc dimensions must be positive, got [0, 32]}}
func.func private @f(!tilegpu.memdesc<0x32xf16, #shared, #tilegpu.shared_memory>)

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// expected-error @+1 {{memdesc encoding must be a shared layout (#tilegpu.swizzled_shared or #tilegpu.nvmma_shared)}}
func.func private @f(!tilegpu.memdesc<64x32xf16, #b, #tilegpu.shared_memory>)

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
// expected-error @+1 {{memdesc memory space must be #tilegpu.shared_memory}}
func.func private @f(!tilegpu.memdesc<64x32xf16, #shared, 3 : i32>)

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
// expected-error @+1 {{the swizzled_shared order has 1 entries but the memdesc has rank 3 (the order covers every dimension, or all but a leading ring-buffer one)}}
func.func private @f(!tilegpu.memdesc<2x64x32xf16, #shared, #tilegpu.shared_memory>)

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
// expected-error @+1 {{alloc shape [3, 32, 32] cannot hold a view of shape [64, 32]: it needs the view's rank (or one more, a leading ring-buffer dimension) and trailing dimensions at least the view's}}
func.func private @f(!tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, 3x32x32>)

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
// expected-error @+1 {{expected '>'}}
func.func private @f(!tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, 2x64x32, mutable>)

// -----

//===----------------------------------------------------------------------===//
// Shared-memory ops
//===----------------------------------------------------------------------===//

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f() {
  // expected-error @+1 {{'tilegpu.local_alloc' op result must be a whole allocation, but its type names the alloc shape [2, 64, 32]}}
  %0 = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 2x64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f() {
  // expected-error @+1 {{'tilegpu.local_alloc' op the uninitialized buffer must be mutable, but !tilegpu.memdesc<64x32xf16, #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>, #tilegpu.shared_memory> is not}}
  %0 = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%x: tensor<64x32xf32, #b>) {
  // expected-error @+1 {{'tilegpu.local_alloc' op source tensor<64x32xf32, #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>> and result !tilegpu.memdesc<64x32xf16, #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>, #tilegpu.shared_memory> must have the same shape and element type}}
  %0 = tilegpu.local_alloc %x : (tensor<64x32xf32, #b>) -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

func.func @f(%x: tensor<64x32xf32>) {
  // expected-error @+1 {{'tilegpu.local_alloc' op operand #0 must be ranked tensor with a distributed layout, but got 'tensor<64x32xf32>'}}
  %0 = "tilegpu.local_alloc"(%x) : (tensor<64x32xf32>) -> !tilegpu.memdesc<64x32xf32, #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>, #tilegpu.shared_memory>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.local_load' op result tensor<32x64xf16, #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>> and buffer !tilegpu.memdesc<64x32xf16, #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>, #tilegpu.shared_memory> must have the same shape and element type}}
  %0 = tilegpu.local_load %m : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory> -> tensor<32x64xf16, #b>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%x: tensor<64x32xf16, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.local_store' op the destination must be mutable}}
  tilegpu.local_store %x, %m : tensor<64x32xf16, #b> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%x: tensor<64x64xf16, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.local_store' op value tensor<64x64xf16}}
  tilegpu.local_store %x, %m : tensor<64x64xf16, #b> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 2x64x32>) {
  // expected-error @+1 {{'tilegpu.local_dealloc' op can only free a whole allocation, but !tilegpu.memdesc<64x32xf16, #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>, #tilegpu.shared_memory, mutable, 2x64x32> is a view into the allocation of shape [2, 64, 32]}}
  tilegpu.local_dealloc %m : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 2x64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>, %i: i32) {
  // expected-error @+1 {{'tilegpu.memdesc_index' op result shape [32, 64] must be the source shape [3, 64, 32] without its leading dimension}}
  %0 = tilegpu.memdesc_index %m[%i] : !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<32x64xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x64>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>, %i: i32) {
  // expected-error @+1 {{'tilegpu.memdesc_index' op result must keep the source's element type, encoding, memory space and mutability}}
  %0 = tilegpu.memdesc_index %m[%i] : !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, 3x64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>, %i: i32) {
  // expected-error @+1 {{'tilegpu.memdesc_index' op result alloc shape [64, 32] must be the source's alloc shape [3, 64, 32]}}
  %0 = tilegpu.memdesc_index %m[%i] : !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.memdesc_trans' op order must be a permutation of the source dimensions 0..1, got [0, 0]}}
  %0 = tilegpu.memdesc_trans %m {order = array<i32: 0, 0>} : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.memdesc_trans' op result shape [64, 32] must be the source shape [64, 32] permuted by order [1, 0]}}
  %0 = tilegpu.memdesc_trans %m {order = array<i32: 1, 0>} : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.memdesc_trans' op result must keep the source's element type, memory space and mutability}}
  %0 = tilegpu.memdesc_trans %m {order = array<i32: 1, 0>} : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory> -> !tilegpu.memdesc<32x64xf32, #shared, #tilegpu.shared_memory>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
func.func @f(%x: tensor<64x64xf32, #b>) {
  // expected-error @+1 {{'tilegpu.convert_layout' op requires the same shape for all operands and results}}
  %0 = tilegpu.convert_layout %x : tensor<64x64xf32, #b> -> tensor<64x32xf32, #m>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
func.func @f(%x: tensor<64x64xf32, #b>) {
  // expected-error @+1 {{'tilegpu.convert_layout' op result #0 must be ranked tensor with a distributed layout}}
  %0 = tilegpu.convert_layout %x : tensor<64x64xf32, #b> -> tensor<64x64xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// cp.async
//===----------------------------------------------------------------------===//

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%p: tensor<64x32x!tile.ptr<f16>, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.async_copy_global_to_local' op the destination must be mutable}}
  %0 = tilegpu.async_copy_global_to_local %p, %m : tensor<64x32x!tile.ptr<f16>, #b> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%p: tensor<64x32x!tile.ptr<f32>, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.async_copy_global_to_local' op pointers tensor<64x32x!tile.ptr<f32>}}
  %0 = tilegpu.async_copy_global_to_local %p, %m : tensor<64x32x!tile.ptr<f32>, #b> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%p: tensor<64x32x!tile.ptr<f16>, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.async_copy_global_to_local' op cp.async takes only the cache modifiers none, ca and cg, got cs}}
  %0 = tilegpu.async_copy_global_to_local %p, %m cacheModifier = cs : tensor<64x32x!tile.ptr<f16>, #b> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>
  return
}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
func.func @f(%p: tensor<64x32x!tile.ptr<f16>, #b>, %mask: tensor<64x32xi32, #b>, %m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.async_copy_global_to_local' op operand #2 must be tensor of i1 with a distributed layout}}
  %0 = "tilegpu.async_copy_global_to_local"(%p, %m, %mask) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<64x32x!tile.ptr<f16>, #b>, !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>, tensor<64x32xi32, #b>) -> !tilegpu.async.token
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{'tilegpu.async_wait' op attribute 'num' failed to satisfy constraint: 32-bit signless integer attribute whose value is non-negative}}
  %0 = tilegpu.async_wait {num = -1 : i32}
  return
}

// -----

//===----------------------------------------------------------------------===//
// wgmma
//===----------------------------------------------------------------------===//

#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%a: !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory>, %b: !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory>, %c: tensor<64x64xf32, #m>) {
  // expected-error @+1 {{'tilegpu.warpgroup_dot' op result must have a version 3 #tilegpu.mma layout (wgmma), got tensor<64x64xf32, #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>>}}
  %0 = tilegpu.warpgroup_dot %a, %b, %c : !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory> * !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory> -> tensor<64x64xf32, #m>
  return
}

// -----

#w = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 64, 16]}>
#s = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%a: !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory>, %b: !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory>, %c: tensor<64x64xf32, #w>) {
  // expected-error @+1 {{'tilegpu.warpgroup_dot' op operand A in shared memory must have a #tilegpu.nvmma_shared layout}}
  %0 = tilegpu.warpgroup_dot %a, %b, %c : !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory> * !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory> -> tensor<64x64xf32, #w>
  return
}

// -----

#w = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 64, 16]}>
#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%a: tensor<64x32xf16, #b>, %b: !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory>, %c: tensor<64x64xf32, #w>) {
  // expected-error @+1 {{'tilegpu.warpgroup_dot' op operand A in registers must have a #tilegpu.dot_operand layout with opIdx = 0 whose parent is the result's layout}}
  %0 = tilegpu.warpgroup_dot %a, %b, %c : tensor<64x32xf16, #b> * !tilegpu.memdesc<32x64xf16, #n, #tilegpu.shared_memory> -> tensor<64x64xf32, #w>
  return
}

// -----

#w = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 64, 16]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%a: !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory>, %b: !tilegpu.memdesc<64x64xf16, #n, #tilegpu.shared_memory>, %c: tensor<64x64xf32, #w>) {
  // expected-error @+1 {{'tilegpu.warpgroup_dot' op shapes [64, 32] * [64, 64] -> [64, 64] must be M x K * K x N -> M x N}}
  %0 = tilegpu.warpgroup_dot %a, %b, %c : !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory> * !tilegpu.memdesc<64x64xf16, #n, #tilegpu.shared_memory> -> tensor<64x64xf32, #w>
  return
}

// -----

#w = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 64, 16]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%a: !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory>, %b: !tilegpu.memdesc<32x64xbf16, #n, #tilegpu.shared_memory>, %c: tensor<64x64xf32, #w>) {
  // expected-error @+1 {{'tilegpu.warpgroup_dot' op operands A (f16) and B (bf16) must have the same element type (or both be fp8)}}
  %0 = tilegpu.warpgroup_dot %a, %b, %c : !tilegpu.memdesc<64x32xf16, #n, #tilegpu.shared_memory> * !tilegpu.memdesc<32x64xbf16, #n, #tilegpu.shared_memory> -> tensor<64x64xf32, #w>
  return
}

// -----

//===----------------------------------------------------------------------===//
// TMA and mbarriers
//===----------------------------------------------------------------------===//

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
func.func @f(%bar: !tilegpu.memdesc<2xi64, #bar, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.init_barrier' op the barrier must be a 1xi64 buffer, got !tilegpu.memdesc<2xi64}}
  tilegpu.init_barrier %bar, 1 : !tilegpu.memdesc<2xi64, #bar, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
func.func @f(%bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory>, %phase: i32) {
  // expected-error @+1 {{'tilegpu.wait_barrier' op the barrier must be mutable}}
  tilegpu.wait_barrier %bar, %phase : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
func.func @f(%bar: !tilegpu.memdesc<1xi32, #bar, #tilegpu.shared_memory, mutable>, %p: i1) {
  // expected-error @+1 {{'tilegpu.barrier_expect' op the barrier must be a 1xi64 buffer}}
  tilegpu.barrier_expect %bar, 128, %p : !tilegpu.memdesc<1xi32, #bar, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
func.func @f(%bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory>) {
  // expected-error @+1 {{'tilegpu.inval_barrier' op the barrier must be mutable}}
  tilegpu.inval_barrier %bar : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
func.func @f(%bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.init_barrier' op attribute 'count' failed to satisfy constraint: 32-bit signless integer attribute whose value is positive}}
  tilegpu.init_barrier %bar, 0 : !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%d: !tile.ptr<i8>, %x: i32, %bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>,
             %buf: !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>, %p: i1) {
  // expected-error @+1 {{'tilegpu.async_tma_copy_global_to_local' op expects 2 coordinates (one per dimension of the destination), got 1}}
  tilegpu.async_tma_copy_global_to_local %d[%x] %buf, %bar, %p : !tile.ptr<i8>, !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%d: !tile.ptr<f16>, %x: i32, %bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>,
             %buf: !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>, %p: i1) {
  // expected-error @+1 {{'tilegpu.async_tma_copy_global_to_local' op a TMA descriptor must be passed as !tile.ptr<i8> (or a block pointer), got !tile.ptr<f16>}}
  tilegpu.async_tma_copy_global_to_local %d[%x, %x] %buf, %bar, %p : !tile.ptr<f16>, !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%d: !tile.ptr<tensor<64x64xf16>>, %x: i32, %bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>,
             %buf: !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>, %p: i1) {
  // expected-error @+1 {{'tilegpu.async_tma_copy_global_to_local' op block tensor<64x64xf16> and destination}}
  tilegpu.async_tma_copy_global_to_local %d[%x, %x] %buf, %bar, %p : !tile.ptr<tensor<64x64xf16>>, !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory, mutable>
  return
}

// -----

#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#n = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
func.func @f(%d: !tile.ptr<i8>, %x: i32, %bar: !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable>,
             %buf: !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory>, %p: i1) {
  // expected-error @+1 {{'tilegpu.async_tma_copy_global_to_local' op the destination must be mutable}}
  tilegpu.async_tma_copy_global_to_local %d[%x, %x] %buf, %bar, %p : !tile.ptr<i8>, !tilegpu.memdesc<1xi64, #bar, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, #n, #tilegpu.shared_memory>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Module attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'builtin.module' op unknown tilegpu attribute 'tilegpu.num-ctas' (expected tilegpu.num-warps, tilegpu.threads-per-warp, tilegpu.target, tilegpu.shared or tilegpu.min-ptx-version)}}
module attributes {"tilegpu.num-ctas" = 1 : i32} {}

// -----

// expected-error @+1 {{'func.func' op 'tilegpu.num-warps' is a module attribute; put it on the builtin.module}}
func.func @f() attributes {"tilegpu.num-warps" = 4 : i32} {
  return
}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.num-warps' must be an i32 warp count, got a non-i32 attribute}}
module attributes {"tilegpu.num-warps" = 4 : i64} {}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.num-warps' must be a power of two from 1 to 32, got 3}}
module attributes {"tilegpu.num-warps" = 3 : i32} {}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.threads-per-warp' must be 32 on NVIDIA GPUs, got 64}}
module attributes {"tilegpu.threads-per-warp" = 64 : i32} {}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.target' must be a string "cuda:<compute capability>" such as "cuda:80" or "cuda:90a"}}
module attributes {"tilegpu.target" = "sm_90"} {}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.shared' must not be negative, got -4}}
module attributes {"tilegpu.shared" = -4 : i32} {}

// -----

// expected-error @+1 {{'builtin.module' op 'tilegpu.shared' must be an i32 byte count, got a non-i32 attribute}}
module attributes {"tilegpu.shared" = "lots"} {}

// -----

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 8 : i32} {
  func.func @f() {
    // expected-error @+1 {{'arith.constant' op tensor<64x64xf32, #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>> is laid out over 4 warps but the module has tilegpu.num-warps = 8}}
    %0 = arith.constant dense<0.0> : tensor<64x64xf32, #b>
    return
  }
}

// -----

#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#s = #tilegpu.slice<{dim = 0, parent = #tilegpu.dot_operand<{opIdx = 0, parent = #m, kWidth = 2}>}>
module attributes {"tilegpu.num-warps" = 2 : i32} {
  // expected-error @+1 {{'func.func' op tensor<64xf16, #tilegpu.slice<{dim = 0, parent = #tilegpu.dot_operand<{opIdx = 0, parent = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>, kWidth = 2}>}>> is laid out over 4 warps but the module has tilegpu.num-warps = 2}}
  func.func @f(%x: tensor<64xf16, #s>) {
    return
  }
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<2x64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op result rank 2 must be the source rank 3}}
  %0 = tilegpu.memdesc_subslice %m [0, 0] : !tilegpu.memdesc<2x64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 2x64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op expected 2 offsets (one per dimension), got 1}}
  %0 = tilegpu.memdesc_subslice %m [0] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, mutable, 64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op the sub-block [64, 16] at offsets [0, 32] does not fit in the source shape [64, 32] (dimension 1)}}
  %0 = tilegpu.memdesc_subslice %m [0, 32] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, mutable, 64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op dimension 1 of the sub-block [64, 16] must be a power of two and its offset a multiple of it (offsets [0, 8]), so that the view stays a linear layout of the buffer}}
  %0 = tilegpu.memdesc_subslice %m [0, 8] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, mutable, 64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op dimension 0 of the sub-block [48, 32] must be a power of two and its offset a multiple of it (offsets [0, 0]), so that the view stays a linear layout of the buffer}}
  %0 = tilegpu.memdesc_subslice %m [0, 0] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<48x32xf16, #shared, #tilegpu.shared_memory, mutable, 64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op result must keep the source's element type, encoding, memory space and mutability}}
  %0 = tilegpu.memdesc_subslice %m [0, 16] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, 64x32>
  return
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
func.func @f(%m: !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable>) {
  // expected-error @+1 {{'tilegpu.memdesc_subslice' op result alloc shape [64, 16] must be the source's alloc shape [64, 32]}}
  %0 = tilegpu.memdesc_subslice %m [0, 16] : !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #tilegpu.shared_memory, mutable>
  return
}
