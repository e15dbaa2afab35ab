// RUN: tile-opt %s -split-input-file -tilegpu-prefetch | FileCheck %s

// The pass does not split K yet (passes/prefetch.c says why): a K loop
// whose dot reads both operands from shared memory is left as it is and
// says so; nothing else is touched.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @k_loop
  // CHECK: scf.for
  // CHECK: tilegpu.local_load
  // CHECK: tilegpu.local_load
  // CHECK: tile.dot
  // CHECK: tile_prefetch.skipped = "not applied: splitting K needs memdesc_subslice views along the A operand's contiguous dimension in local_load/ldmatrix, and the next iteration's async_wait at the end of the body
  func.func @k_loop(%ringA: !tilegpu.memdesc<2x64x32xf16, #shared, #smem, mutable>,
                    %ringB: !tilegpu.memdesc<2x32x64xf16, #sharedB, #smem, mutable>, %n: i32) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (tensor<64x64xf32, #mma>) : i32 {
      %sa = tilegpu.memdesc_index %ringA[%c0] : !tilegpu.memdesc<2x64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 2x64x32>
      %sb = tilegpu.memdesc_index %ringB[%c0] : !tilegpu.memdesc<2x32x64xf16, #sharedB, #smem, mutable> -> !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 2x32x64>
      %a = tilegpu.local_load %sa : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 2x64x32> -> tensor<64x32xf16, #a>
      %b = tilegpu.local_load %sb : !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 2x32x64> -> tensor<32x64xf16, #b>
      %d = tile.dot %a, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      scf.yield %d : tensor<64x64xf32, #mma>
    }
    return %r : tensor<64x64xf32, #mma>
  }
}

// -----

// A dot on registers is not a prefetch candidate.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @registers
  // CHECK-NOT: tile_prefetch.skipped
  func.func @registers(%a: tensor<64x32xf16, #a>, %b: tensor<32x64xf16, #b>, %n: i32) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (tensor<64x64xf32, #mma>) : i32 {
      %d = tile.dot %a, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      scf.yield %d : tensor<64x64xf32, #mma>
    }
    return %r : tensor<64x64xf32, #mma>
  }
}
