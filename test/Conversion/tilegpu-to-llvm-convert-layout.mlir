// RUN: tile-opt %s -split-input-file -tilegpu-allocate-shared-memory -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s
// RUN: not tile-opt %s -split-input-file -convert-tilegpu-to-llvm 2>&1 | FileCheck %s --check-prefix=NOALLOC

// Rows of 4 per thread into columns of 4 per thread: each thread stores its
// runs as 16-byte vectors into a swizzled buffer (64x64 f32 = 16 KiB), one
// barrier, and loads its columns element by element; the swizzle keeps both
// directions free of bank conflicts.
#rows = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#cols = #tilegpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 4], order = [0, 1]}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 16384 : i32
// CHECK: llvm.mlir.global external @global_smem()
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @rows_to_columns
  func.func @rows_to_columns(%in: !tile.ptr<f32>) {
    %x = arith.constant dense<1.0> : tensor<64x64xf32, #rows>
    // CHECK: %[[BASE:.*]] = llvm.mlir.addressof @global_smem : !llvm.ptr<3>
    // CHECK-NOT: scf.if
    // CHECK: %[[ADDRESS:.*]] = llvm.getelementptr %[[BASE]][%{{.*}}] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
    // CHECK: llvm.insertelement {{.*}} : vector<4xf32>
    // CHECK: llvm.store %{{.*}}, %[[ADDRESS]] {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    // CHECK-COUNT-7: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    // CHECK-NEXT: nvvm.barrier0
    // CHECK-COUNT-32: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> f32
    // CHECK-NOT: llvm.load
    // CHECK: llvm.insertvalue
    %y = tilegpu.convert_layout %x : tensor<64x64xf32, #rows> -> tensor<64x64xf32, #cols>
    return
  }
}

// -----

// Lanes move inside a warp (a warp-shuffle conversion): one shfl.sync idx
// per destination register (f16 travels as i32), from a lane computed from
// the thread's own lane; no shared memory, no barrier.
#a = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
#b = #tilegpu.linear<{register = [[1], [64]], lane = [[4], [2], [8], [16], [32]], warp = [], block = []}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 0 : i32
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @lanes_only
  func.func @lanes_only(%in: !tile.ptr<f16>) {
    %x = arith.constant dense<1.0> : tensor<128xf16, #a>
    // CHECK-NOT: llvm.select
    // CHECK: %[[WIDE:.*]] = llvm.zext %{{.*}} : i16 to i32
    // CHECK: %[[FIRST:.*]] = nvvm.shfl.sync idx %{{.*}}, %[[WIDE]], %[[LANE:.*]], %{{.*}} : i32 -> i32
    // CHECK-NEXT: llvm.trunc %[[FIRST]] : i32 to i16
    // CHECK-COUNT-3: nvvm.shfl.sync idx %{{.*}}, %{{.*}}, %[[LANE]], %{{.*}} : i32 -> i32
    // CHECK-NOT: nvvm.shfl.sync
    // CHECK-NOT: nvvm.barrier0
    // CHECK-NOT: !llvm.ptr<3>
    // CHECK: llvm.return
    %y = tilegpu.convert_layout %x : tensor<128xf16, #a> -> tensor<128xf16, #b>
    return
  }
}

// -----

// Runs of 4 into runs of 1: lanes 0-7 of a receiver's group all read lane
// 0 of a sender group, which holds the 4 elements they want in 4 different
// registers. The receivers rotate their registers by their lane bits 0-1,
// so each round needs one register of each sender: it picks it with 3
// selects on its own lane bits, and the receiver puts the 4 values back in
// order with 3 selects each. 4 shuffles in all, as the data needs.
#a = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
#b = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @runs_of_four_into_one
  func.func @runs_of_four_into_one(%in: !tile.ptr<f32>) {
    %x = arith.constant dense<1.0> : tensor<128xf32, #a>
    // CHECK-COUNT-3: llvm.select %{{.*}} : i1, f32
    // CHECK-NEXT: llvm.mlir.constant(-1 : i32)
    // CHECK-NEXT: llvm.mlir.constant(31 : i32)
    // CHECK-NEXT: nvvm.shfl.sync idx {{.*}} : f32 -> f32
    // CHECK-COUNT-3: nvvm.shfl.sync idx {{.*}} : f32 -> f32
    // CHECK-COUNT-12: llvm.select %{{.*}} : i1, f32
    // CHECK-NOT: nvvm.shfl.sync
    // CHECK-NOT: nvvm.barrier0
    // CHECK: llvm.return
    %y = tilegpu.convert_layout %x : tensor<128xf32, #a> -> tensor<128xf32, #b>
    return
  }
}

// -----

// 64-bit elements travel as two 32-bit halves: two shuffles a register.
#a = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
#b = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @halves_of_i64
  func.func @halves_of_i64(%in: !tile.ptr<i64>) {
    %x = arith.constant dense<1> : tensor<64xi64, #a>
    // CHECK-COUNT-4: nvvm.shfl.sync idx {{.*}} : i32 -> i32
    // CHECK-NOT: nvvm.shfl.sync
    // CHECK-NOT: nvvm.barrier0
    // CHECK: llvm.return
    %y = tilegpu.convert_layout %x : tensor<64xi64, #a> -> tensor<64xi64, #b>
    return
  }
}

// -----

// A gather: 16 elements as one per lane (lanes 16-31 hold copies) from 2
// per lane over 8 lanes. Lanes 2i and 2i + 1 want both registers of lane
// i, which sends one value per shuffle: two rounds, each lane keeping the
// one its lane bit 0 selects.
#a = #tilegpu.linear<{register = [[1]], lane = [[2], [4], [8], [0], [0]], warp = [], block = []}>
#b = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @gather_two_rounds
  func.func @gather_two_rounds(%in: !tile.ptr<i32>) {
    %x = arith.constant dense<1> : tensor<16xi32, #a>
    // CHECK: %[[FIRST:.*]] = nvvm.shfl.sync idx {{.*}} : i32 -> i32
    // CHECK: %[[SECOND:.*]] = nvvm.shfl.sync idx {{.*}} : i32 -> i32
    // CHECK: %[[IS_ODD:.*]] = llvm.icmp "eq" %{{.*}}, %{{.*}} : i32
    // CHECK-NEXT: llvm.select %[[IS_ODD]], %[[SECOND]], %[[FIRST]] : i1, i32
    // CHECK-NOT: nvvm.shfl.sync
    // CHECK-NOT: nvvm.barrier0
    %y = tilegpu.convert_layout %x : tensor<16xi32, #a> -> tensor<16xi32, #b>
    return
  }
}

// -----

// Lanes and warps both move: shared memory. Threads that hold copies (a
// 16-element tensor over 64 threads) store once: only threads whose copy
// bits are clear write.
#a = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [2], order = [0]}>
#b = #tilegpu.linear<{register = [[1]], lane = [[2], [4], [0], [0], [0]], warp = [[8]], block = []}>
module attributes {"tilegpu.num-warps" = 2 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @copies_store_once
  func.func @copies_store_once(%in: !tile.ptr<i32>) {
    %x = arith.constant dense<1> : tensor<16xi32, #a>
    // CHECK: %[[MASK:.*]] = llvm.mlir.constant(16 : i32) : i32
    // CHECK-NEXT: %[[BIT:.*]] = llvm.and %{{.*}}, %[[MASK]] : i32
    // CHECK: scf.if
    // CHECK: llvm.store {{.*}} : i32, !llvm.ptr<3>
    // CHECK: }
    // CHECK-NEXT: nvvm.barrier0
    // CHECK: llvm.load {{.*}} : !llvm.ptr<3> -> vector<2xi32>
    %y = tilegpu.convert_layout %x : tensor<16xi32, #a> -> tensor<16xi32, #b>
    return
  }
}

// -----

// Threads keep their data (only the register order changes): no shared
// memory at all.
#a = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#b = #tilegpu.linear<{register = [[0, 2], [0, 1]], lane = [[0, 4], [0, 8], [0, 16], [1, 0], [2, 0]], warp = [[4, 0], [8, 0]], block = []}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 0 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @registers_only
  func.func @registers_only(%in: !tile.ptr<f32>) {
    %x = arith.constant dense<1.0> : tensor<16x32xf32, #a>
    // CHECK-NOT: nvvm.barrier0
    // CHECK-NOT: !llvm.ptr<3>
    // CHECK: llvm.return
    %y = tilegpu.convert_layout %x : tensor<16x32xf32, #a> -> tensor<16x32xf32, #b>
    return
  }
}

// -----

// Two conversions in a row reuse one scratch buffer: the barrier pass puts
// a barrier between the first one's loads and the second one's stores.
#rows = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#cols = #tilegpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 4], order = [0, 1]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32} {
  // CHECK-LABEL: llvm.func @round_trip
  func.func @round_trip(%in: !tile.ptr<f32>) {
    %x = arith.constant dense<1.0> : tensor<32x32xf32, #rows>
    // CHECK: nvvm.barrier0
    // CHECK: llvm.load {{.*}} : !llvm.ptr<3>
    // CHECK: nvvm.barrier0
    // CHECK: llvm.mlir.addressof @global_smem
    // CHECK: llvm.store {{.*}} : {{.*}}, !llvm.ptr<3>
    // CHECK: nvvm.barrier0
    %y = tilegpu.convert_layout %x : tensor<32x32xf32, #rows> -> tensor<32x32xf32, #cols>
    %z = tilegpu.convert_layout %y : tensor<32x32xf32, #cols> -> tensor<32x32xf32, #rows>
    return
  }
}

// NOALLOC: error: convert-tilegpu-to-llvm: this op needs shared memory but has no 'allocation.offset'
