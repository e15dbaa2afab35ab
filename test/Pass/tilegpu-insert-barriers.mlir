// RUN: tile-opt %s -split-input-file -tilegpu-allocate-shared-memory -tilegpu-insert-barriers | FileCheck %s

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // Read after write of the same buffer: a barrier; read after read: none.
  // CHECK-LABEL: func.func @read_after_write
  func.func @read_after_write(%x: tensor<64x32xf16, #blocked>) {
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: tilegpu.local_store
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    // CHECK-NEXT: tilegpu.local_load
    // CHECK-NEXT: return
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    %z = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    return
  }

  // Disjoint buffers need no barrier between them (the one already there
  // orders the local_alloc's write of %b before its load).
  // CHECK-LABEL: func.func @disjoint
  func.func @disjoint(%x: tensor<64x32xf16, #blocked>) {
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %b = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem>
    tilegpu.barrier
    // CHECK: tilegpu.barrier
    // CHECK-NOT: tilegpu.barrier
    // CHECK: return
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %y = tilegpu.local_load %b : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
    tilegpu.local_dealloc %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    return
  }

  // Write after read (a second store after a load) and write after write.
  // CHECK-LABEL: func.func @write_after_read
  func.func @write_after_read(%x: tensor<64x32xf16, #blocked>) {
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: tilegpu.local_store
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_store
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_store
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    return
  }

  // A barrier already there is enough.
  // CHECK-LABEL: func.func @existing_barrier
  func.func @existing_barrier(%x: tensor<64x32xf16, #blocked>) {
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: tilegpu.local_store
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    tilegpu.barrier
    %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    return
  }
}

// -----

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // The load at the top of an iteration reads what the store at the bottom
  // of the previous one wrote (back edge: RAW), and the store overwrites
  // what this iteration's load read (WAR).
  // CHECK-LABEL: func.func @loop_back_edge
  func.func @loop_back_edge(%x: tensor<64x32xf16, #blocked>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %a = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: scf.for
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    // CHECK-NEXT: arith.addf
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_store
    // CHECK-NEXT: }
    // CHECK-NEXT: return
    scf.for %i = %c0 to %n step %c1 : i32 {
      %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
      %z = arith.addf %y, %y : tensor<64x32xf16, #blocked>
      tilegpu.local_store %z, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    }
    return
  }

  // Loads only, in a loop, of a buffer written before it: one barrier before
  // the loop is enough, none inside.
  // CHECK-LABEL: func.func @loop_reads_only
  func.func @loop_reads_only(%x: tensor<64x32xf16, #blocked>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: tilegpu.local_store
    // CHECK-NEXT: scf.for
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    // CHECK-NEXT: }
    scf.for %i = %c0 to %n step %c1 : i32 {
      %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    }
    return
  }

  // A store in one branch of an if meets the load after it.
  // CHECK-LABEL: func.func @if_branch
  func.func @if_branch(%x: tensor<64x32xf16, #blocked>, %c: i1) {
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: scf.if
    // CHECK-NEXT: tilegpu.local_store
    // CHECK-NEXT: }
    // CHECK-NEXT: tilegpu.barrier
    // CHECK-NEXT: tilegpu.local_load
    scf.if %c {
      tilegpu.local_store %x, %a : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    }
    %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
    return
  }
}

// -----

#blocked1d = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#one_warp_axis = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // Two reductions across warps share their scratch: the second writes what
  // the first may still be reading. A reduction within warps uses no
  // shared memory and needs nothing.
  // CHECK-LABEL: func.func @reduce_scratch
  func.func @reduce_scratch(%v: tensor<1024xf32, #blocked1d>, %w: tensor<4x128xf32, #one_warp_axis>) {
    // CHECK: tile.reduce
    // CHECK: tilegpu.barrier
    // CHECK-NEXT: tile.reduce
    // CHECK-NOT: tilegpu.barrier
    // CHECK: tile.reduce
    // CHECK-NOT: tilegpu.barrier
    // CHECK: return
    %s = tile.reduce(%v) axis = 0 : (tensor<1024xf32, #blocked1d>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tile.reduce.return %t : f32
    }
    %m = tile.reduce(%v) axis = 0 : (tensor<1024xf32, #blocked1d>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %t = arith.maxnumf %a, %b : f32
      tile.reduce.return %t : f32
    }
    %r = tile.reduce(%w) axis = 1 : (tensor<4x128xf32, #one_warp_axis>) -> tensor<4xf32, #tilegpu.slice<{dim = 1, parent = #one_warp_axis}>> {
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tile.reduce.return %t : f32
    }
    return
  }
}
