// RUN: tile-opt %s -split-input-file -verify-diagnostics -tilegpu-allocate-shared-memory | FileCheck %s

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// Two buffers whose lifetimes do not overlap share offset 0; the module
// needs the larger one.
// CHECK: module attributes {{{.*}}tilegpu.shared = 8192 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: func.func @reuse
  func.func @reuse(%x: tensor<64x32xf16, #blocked>, %y: tensor<64x64xf16, #blocked>) {
    // CHECK: tilegpu.local_alloc %{{.*}} {allocation.offset = 0 : i32}
    %a = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem>
    %a1 = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
    // CHECK: tilegpu.local_alloc %{{.*}} {allocation.offset = 0 : i32}
    %b = tilegpu.local_alloc %y : (tensor<64x64xf16, #blocked>) -> !tilegpu.memdesc<64x64xf16, #shared, #smem>
    %b1 = tilegpu.local_load %b : !tilegpu.memdesc<64x64xf16, #shared, #smem> -> tensor<64x64xf16, #blocked>
    return
  }
}

// -----

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// Live at the same time: the larger buffer goes first, the other after it.
// CHECK: module attributes {{{.*}}tilegpu.shared = 12288 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: func.func @overlap
  func.func @overlap(%x: tensor<64x32xf16, #blocked>, %y: tensor<64x64xf16, #blocked>) {
    // CHECK: tilegpu.local_alloc %{{.*}} {allocation.offset = 8192 : i32}
    %a = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem>
    // CHECK: tilegpu.local_alloc %{{.*}} {allocation.offset = 0 : i32}
    %b = tilegpu.local_alloc %y : (tensor<64x64xf16, #blocked>) -> !tilegpu.memdesc<64x64xf16, #shared, #smem>
    %a1 = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
    %b1 = tilegpu.local_load %b : !tilegpu.memdesc<64x64xf16, #shared, #smem> -> tensor<64x64xf16, #blocked>
    return
  }
}

// -----

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#blocked1d = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// A ring buffer allocated before a loop and used in it (through
// memdesc_index) lives to the end of the loop, so the reduction scratch in
// the loop (1 output x 4 warps x 4 bytes) goes beside it, even though the
// ring's last use comes before the reduce in program order. Scratch of ops
// that run one after another is shared.
// CHECK: module attributes {{{.*}}tilegpu.shared = 12304 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: func.func @loop
  func.func @loop(%x: tensor<64x32xf16, #blocked>, %v: tensor<1024xf32, #blocked1d>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c3 = arith.constant 3 : i32
    // CHECK: tilegpu.local_alloc {allocation.offset = 0 : i32}
    %ring = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
    %zero = arith.constant 0.0 : f32
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) : i32 {
      %slot_index = arith.remsi %i, %c3 : i32
      %slot = tilegpu.memdesc_index %ring[%slot_index] : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
      tilegpu.local_store %x, %slot : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
      // CHECK: tile.reduce(%{{.*}}) axis = 0 {allocation.offset = 12288 : i32}
      %s = tile.reduce(%v) axis = 0 : (tensor<1024xf32, #blocked1d>) -> f32 {
      ^bb0(%a: f32, %b: f32):
        %t = arith.addf %a, %b : f32
        tile.reduce.return %t : f32
      }
      // CHECK: tile.reduce(%{{.*}}) axis = 0 {allocation.offset = 12288 : i32}
      %m = tile.reduce(%v) axis = 0 : (tensor<1024xf32, #blocked1d>) -> f32 {
      ^bb0(%a: f32, %b: f32):
        %t = arith.maxnumf %a, %b : f32
        tile.reduce.return %t : f32
      }
      %sum = arith.addf %s, %m : f32
      scf.yield %sum : f32
    }
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
    // After the dealloc the ring is dead and this scratch can start at 0.
    // CHECK: tile.reduce(%{{.*}}) axis = 0 {allocation.offset = 0 : i32}
    %after = tile.reduce(%v) axis = 0 : (tensor<1024xf32, #blocked1d>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tile.reduce.return %t : f32
    }
    return
  }
}

// -----

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// A buffer carried around a loop (a double buffer swapped each iteration)
// lives through the whole loop, and so does the one it is swapped with;
// both are dead after it. Largest first: %big takes 0 (nothing else lives
// then but %c), the loop's pair 0 and 4096, and %c, live beside %big, 8192.
// CHECK: module attributes {{{.*}}tilegpu.shared = 12288 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: func.func @carried
  func.func @carried(%x: tensor<64x32xf16, #blocked>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    // CHECK: tilegpu.local_alloc {allocation.offset = 0 : i32}
    %a = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    // CHECK: tilegpu.local_alloc {allocation.offset = 4096 : i32}
    %b = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%cur = %a, %next = %b) -> (!tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>, !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>) : i32 {
      tilegpu.local_store %x, %next : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
      %y = tilegpu.local_load %cur : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
      scf.yield %next, %cur : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>, !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    }
    // CHECK: tilegpu.local_alloc %{{.*}} {allocation.offset = 8192 : i32}
    %c = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem>
    %z = tilegpu.local_load %c : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
    // CHECK: tilegpu.local_alloc {allocation.offset = 0 : i32}
    %big = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x64xf16, #shared, #smem, mutable>
    %w = tilegpu.local_load %big : !tilegpu.memdesc<64x64xf16, #shared, #smem, mutable> -> tensor<64x64xf16, #blocked>
    %z2 = tilegpu.local_load %c : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
    return
  }
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// More than an sm_80 block may have.
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // expected-error @+1 {{tilegpu-allocate-shared-memory: kernel @too_big needs 196608 bytes of shared memory, more than the 166912 bytes a block may use on sm_80 (sm_90: 232448, sm_80: 166912); use smaller tiles (BLOCK sizes) or fewer pipeline stages (num-stages)}}
  func.func @too_big() {
    %ring = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x256x128xf16, #shared, #smem, mutable>
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<3x256x128xf16, #shared, #smem, mutable>
    return
  }
}

// -----

#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory

// The same buffer fits the 227 KiB of sm_90.
// CHECK: module attributes {{{.*}}tilegpu.shared = 196608 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90a"} {
  func.func @fits_hopper() {
    %ring = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x256x128xf16, #shared, #smem, mutable>
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<3x256x128xf16, #shared, #smem, mutable>
    return
  }
}
