// RUN: tile-opt %s -split-input-file -tilegpu-allocate-shared-memory -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s
// RUN: not tile-opt %s -split-input-file -convert-tilegpu-to-llvm 2>&1 | FileCheck %s --check-prefix=NOALLOC

// A buffer filled from 8 contiguous f16 per thread (one 16-byte vector,
// which the swizzle keeps whole), a barrier, and the same layout read back
// as one 16-byte vector per thread; the memdesc becomes a pointer into
// @global_smem and the dealloc disappears.
#rows = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [2, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 1024 : i32
module attributes {"tilegpu.num-warps" = 2 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @round_trip
  func.func @round_trip() {
    %x = arith.constant dense<1.0> : tensor<16x32xf16, #rows>
    // CHECK: %[[BASE:.*]] = llvm.mlir.addressof @global_smem : !llvm.ptr<3>
    // CHECK: %[[BUFFER:.*]] = llvm.getelementptr %[[BASE]][%{{.*}}] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
    // CHECK-NOT: scf.if
    // CHECK: llvm.getelementptr %[[BUFFER]]
    // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<8xf16>, !llvm.ptr<3>
    // CHECK-NOT: llvm.store
    // CHECK: nvvm.barrier0
    // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xf16>
    // CHECK-NOT: llvm.load
    // CHECK-NOT: tilegpu.local
    %buf = tilegpu.local_alloc %x : (tensor<16x32xf16, #rows>) -> !tilegpu.memdesc<16x32xf16, #shared, #tilegpu.shared_memory>
    %y = tilegpu.local_load %buf : !tilegpu.memdesc<16x32xf16, #shared, #tilegpu.shared_memory> -> tensor<16x32xf16, #rows>
    %z = arith.addf %y, %y : tensor<16x32xf16, #rows>
    tilegpu.local_dealloc %buf : !tilegpu.memdesc<16x32xf16, #shared, #tilegpu.shared_memory>
    return
  }
}

// -----

// An empty mutable buffer written by local_store and read into another
// layout: every register's offset is the thread's lane/warp part XOR a
// constant, so the column layout reads scalars (4-byte loads of f32).
#rows = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
#cols = #tilegpu.blocked<{sizePerThread = [4, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 1], order = [0, 1]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @store_then_load
  func.func @store_then_load() {
    %x = arith.constant dense<2.0> : tensor<32x32xf32, #rows>
    // CHECK: llvm.getelementptr
    // CHECK-COUNT-8: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    // CHECK-NOT: llvm.store
    // CHECK: nvvm.barrier0
    // CHECK-COUNT-32: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> f32
    // CHECK-NOT: llvm.load
    %buf = tilegpu.local_alloc : () -> !tilegpu.memdesc<32x32xf32, #shared, #tilegpu.shared_memory, mutable>
    tilegpu.local_store %x, %buf : tensor<32x32xf32, #rows> -> !tilegpu.memdesc<32x32xf32, #shared, #tilegpu.shared_memory, mutable>
    %y = tilegpu.local_load %buf : !tilegpu.memdesc<32x32xf32, #shared, #tilegpu.shared_memory, mutable> -> tensor<32x32xf32, #cols>
    %z = arith.addf %y, %y : tensor<32x32xf32, #cols>
    tilegpu.local_dealloc %buf : !tilegpu.memdesc<32x32xf32, #shared, #tilegpu.shared_memory, mutable>
    return
  }
}

// -----

// A layout that holds every element in two warps (16 lanes already cover
// the 16 rows, so the warps are copies): only warp 0 stores. The FMA dot operand read
// back holds whole rows of K in each thread (8 f32 in two 16-byte loads).
#src = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [16, 2], warpsPerCTA = [2, 1], order = [1, 0]}>
#acc = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [16, 2], warpsPerCTA = [2, 1], order = [1, 0]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #acc}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 2 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @broadcast_store_fma_operand
  func.func @broadcast_store_fma_operand() {
    %x = arith.constant dense<1.0> : tensor<16x8xf32, #src>
    // CHECK: scf.if
    // CHECK-COUNT-4: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : f32, !llvm.ptr<3>
    // CHECK-NEXT: }
    // CHECK-NEXT: nvvm.barrier0
    // CHECK-COUNT-2: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
    // CHECK-NOT: llvm.load
    %buf = tilegpu.local_alloc %x : (tensor<16x8xf32, #src>) -> !tilegpu.memdesc<16x8xf32, #shared, #tilegpu.shared_memory>
    %y = tilegpu.local_load %buf : !tilegpu.memdesc<16x8xf32, #shared, #tilegpu.shared_memory> -> tensor<16x8xf32, #a>
    %z = arith.addf %y, %y : tensor<16x8xf32, #a>
    return
  }
}

// NOALLOC: error: convert-tilegpu-to-llvm: this op needs shared memory but has no 'allocation.offset'; run -tilegpu-allocate-shared-memory (and -tilegpu-insert-barriers) before this pass
