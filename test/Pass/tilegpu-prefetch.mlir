// RUN: tile-opt %s -split-input-file -tilegpu-prefetch | FileCheck %s

// A K loop as tilegpu-pipeline leaves it (3 stages): the dot reads both
// operands whole from this iteration's ring slot after the async_wait. The
// pass splits K = 32 into two mma.sync K slices of 16, loads slice 0 of the
// first slot before the loop and slice 0 of the next slot at the end of the
// body (after the same async_wait {num = S-2}), carries both in the loop,
// drops the wait at the top, and marks the copies tile_prefetch.free_slot.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
  // CHECK-LABEL: func.func @k_loop
  // CHECK: %[[RING_A:.*]] = tilegpu.local_alloc
  // CHECK: %[[RING_B:.*]] = tilegpu.local_alloc
  // CHECK: %[[W0:.*]] = tilegpu.async_wait {num = 1 : i32}
  // CHECK: %[[SLOT_A0:.*]] = tilegpu.memdesc_index %[[RING_A]][%c0_i32]
  // CHECK: %[[VIEW_A0:.*]] = tilegpu.memdesc_subslice %[[SLOT_A0]] [0, 0] : {{.*}} -> !tilegpu.memdesc<64x16xf16, #{{.*}}, 3x64x32>
  // CHECK: %[[A0:.*]] = tilegpu.local_load %[[VIEW_A0]] token %[[W0]] : {{.*}} -> tensor<64x16xf16, #dot_operand>
  // CHECK: %[[SLOT_B0:.*]] = tilegpu.memdesc_index %[[RING_B]][%c0_i32]
  // CHECK: %[[VIEW_B0:.*]] = tilegpu.memdesc_subslice %[[SLOT_B0]] [0, 0] : {{.*}} -> !tilegpu.memdesc<16x64xf16, #{{.*}}, 3x32x64>
  // CHECK: %[[B0:.*]] = tilegpu.local_load %[[VIEW_B0]] token %[[W0]] : {{.*}} -> tensor<16x64xf16, #dot_operand1>
  // CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %cst, %[[READ:.*]] = %c0_i32, %[[WRITE:.*]] = %c2_i32, %[[A:.*]] = %[[A0]], %[[B:.*]] = %[[B0]])
  // CHECK-NOT: tilegpu.async_wait
  // CHECK: tilegpu.async_copy_global_to_local {{.*}} {tile_prefetch.free_slot}
  // CHECK: tilegpu.async_copy_global_to_local {{.*}} {tile_prefetch.free_slot}
  // CHECK: tilegpu.async_commit_group
  // CHECK: %[[SLOT_A:.*]] = tilegpu.memdesc_index %[[RING_A]][%[[READ]]]
  // CHECK: %[[SLOT_B:.*]] = tilegpu.memdesc_index %[[RING_B]][%[[READ]]]
  // CHECK: %[[D0:.*]] = tile.dot %[[A]], %[[B]], %[[ACC]] : tensor<64x16xf16, #dot_operand> * tensor<16x64xf16, #dot_operand1>
  // CHECK: %[[VIEW_A1:.*]] = tilegpu.memdesc_subslice %[[SLOT_A]] [0, 16]
  // CHECK: %[[A1:.*]] = tilegpu.local_load %[[VIEW_A1]] :
  // CHECK: %[[VIEW_B1:.*]] = tilegpu.memdesc_subslice %[[SLOT_B]] [16, 0]
  // CHECK: %[[B1:.*]] = tilegpu.local_load %[[VIEW_B1]] :
  // CHECK: %[[D1:.*]] = tile.dot %[[A1]], %[[B1]], %[[D0]]
  // CHECK: %[[NEXT:.*]] = arith.addi %[[READ]], %c1_i32
  // CHECK: %[[W:.*]] = tilegpu.async_wait {num = 1 : i32}
  // CHECK: %[[NEXT_SLOT_A:.*]] = tilegpu.memdesc_index %[[RING_A]][%[[NEXT]]]
  // CHECK: %[[NEXT_VIEW_A:.*]] = tilegpu.memdesc_subslice %[[NEXT_SLOT_A]] [0, 0]
  // CHECK: %[[NEXT_A:.*]] = tilegpu.local_load %[[NEXT_VIEW_A]] token %[[W]]
  // CHECK: %[[NEXT_SLOT_B:.*]] = tilegpu.memdesc_index %[[RING_B]][%[[NEXT]]]
  // CHECK: %[[NEXT_VIEW_B:.*]] = tilegpu.memdesc_subslice %[[NEXT_SLOT_B]] [0, 0]
  // CHECK: %[[NEXT_B:.*]] = tilegpu.local_load %[[NEXT_VIEW_B]] token %[[W]]
  // CHECK: scf.yield %[[D1]], %[[NEXT]], %{{.*}}, %[[NEXT_A]], %[[NEXT_B]]
  // CHECK-NOT: tile_prefetch.skipped
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @k_loop(%pa: tensor<64x32x!tile.ptr<f16>, #blocked>, %pb: tensor<32x64x!tile.ptr<f16>, #blocked>, %n: i32) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %ringA = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
    %ringB = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x32x64xf16, #sharedB, #smem, mutable>
    %r:3 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero, %read = %c0, %write = %c2) -> (tensor<64x64xf32, #mma>, i32, i32) : i32 {
      %w = tilegpu.async_wait {num = 1 : i32}
      %da = tilegpu.memdesc_index %ringA[%write] : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
      %ca = tilegpu.async_copy_global_to_local %pa, %da : tensor<64x32x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
      %db = tilegpu.memdesc_index %ringB[%write] : !tilegpu.memdesc<3x32x64xf16, #sharedB, #smem, mutable> -> !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 3x32x64>
      %cb = tilegpu.async_copy_global_to_local %pb, %db : tensor<32x64x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 3x32x64>
      %g = tilegpu.async_commit_group tokens %ca, %cb
      %sa = tilegpu.memdesc_index %ringA[%read] : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
      %a = tilegpu.local_load %sa token %w : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32> -> tensor<64x32xf16, #a>
      %sb = tilegpu.memdesc_index %ringB[%read] : !tilegpu.memdesc<3x32x64xf16, #sharedB, #smem, mutable> -> !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 3x32x64>
      %b = tilegpu.local_load %sb token %w : !tilegpu.memdesc<32x64xf16, #sharedB, #smem, mutable, 3x32x64> -> tensor<32x64xf16, #b>
      %d = tile.dot %a, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %r1 = arith.addi %read, %c1 : i32
      %w1 = arith.addi %write, %c1 : i32
      scf.yield %d, %r1, %w1 : tensor<64x64xf32, #mma>, i32, i32
    }
    %done = tilegpu.async_wait {num = 0 : i32}
    tilegpu.local_dealloc %ringA : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
    tilegpu.local_dealloc %ringB : !tilegpu.memdesc<3x32x64xf16, #sharedB, #smem, mutable>
    return %r#0 : tensor<64x64xf32, #mma>
  }
}

// -----

// Loops the pass leaves, each with its reason: a local_load that does not
// wait for copies (not a pipelined loop), and three dots in one loop.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @no_token
  // CHECK: tile.dot
  // CHECK: tile_prefetch.skipped = "not applied: a dot operand's local_load does not wait for its copies (no token)"
  func.func @no_token(%ringA: !tilegpu.memdesc<2x64x32xf16, #shared, #smem, mutable>,
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

  // CHECK-LABEL: func.func @two_dots
  // CHECK: tile_prefetch.skipped = "not applied: the loop holds more than one dot"
  func.func @two_dots(%ringA: !tilegpu.memdesc<2x64x32xf16, #shared, #smem, mutable>,
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
      %e = tile.dot %a, %b, %d : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %f = tile.dot %a, %b, %e : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      scf.yield %f : tensor<64x64xf32, #mma>
    }
    return %r : tensor<64x64xf32, #mma>
  }
}

// -----

// A dot on registers is not a prefetch candidate: nothing is said.
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
