// RUN: tile-opt %s -split-input-file -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s

// cp.async: each thread copies its 8 consecutive f16 (16 bytes, `.cg`) of
// one row of a 16x64 tile into slot %slot of a 2-slot ring (2048 bytes a
// slot); the mask becomes the source size (16 or 0 bytes: zero-fill). The
// commit and the wait are cp.async.commit_group / wait_group, and
// tilegpu-insert-barriers puts a barrier right after the wait, before any
// thread reads the slot.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#rows = #tilegpu.slice<{dim = 1, parent = #blocked}>
#cols = #tilegpu.slice<{dim = 0, parent = #blocked}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80", tilegpu.shared = 4096 : i32} {
  // CHECK-LABEL: llvm.func @copy_f16
  // The slot: the ring's address plus slot * 2048 bytes.
  // CHECK: %[[RING:.*]] = llvm.getelementptr %{{.*}}[%{{.*}}] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
  // CHECK: %[[SLOT_BYTES:.*]] = llvm.mlir.constant(2048 : i32) : i32
  // CHECK: %[[OFFSET:.*]] = llvm.mul %arg1, %[[SLOT_BYTES]] : i32
  // CHECK: %[[SLOT:.*]] = llvm.getelementptr %[[RING]][%[[OFFSET]]] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
  // CHECK: %[[FULL:.*]] = llvm.mlir.constant(16 : i32) : i32
  // CHECK: %[[NONE:.*]] = llvm.mlir.constant(0 : i32) : i32
  // CHECK: %[[SIZE:.*]] = llvm.select %{{.*}}, %[[FULL]], %[[NONE]] : i1, i32
  // CHECK: nvvm.cp.async.shared.global %{{.*}}, %{{.*}}, 16, cache ={{ +}}cg, %[[SIZE]] : !llvm.ptr<3>, !llvm.ptr<1>, i32
  // CHECK-NOT: nvvm.cp.async.shared.global
  // CHECK: nvvm.cp.async.commit.group
  // CHECK: nvvm.cp.async.wait.group 0
  // CHECK-NOT: llvm.load
  // CHECK: nvvm.barrier0
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xf16>
  func.func @copy_f16(%ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32}, %slot: i32, %n: i32, %out: !tile.ptr<f16> {tile.divisibility = 16 : i32}) {
    %ring = tilegpu.local_alloc {allocation.offset = 0 : i32} : () -> !tilegpu.memdesc<2x16x64xf16, #shared, #smem, mutable>
    %view = tilegpu.memdesc_index %ring[%slot] : !tilegpu.memdesc<2x16x64xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x16x64>
    %r = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32, #rows>
    %c = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #cols>
    %r2 = tile.expand_dims %r {axis = 1 : i32} : tensor<16xi32, #rows> -> tensor<16x1xi32, #blocked>
    %c2 = tile.expand_dims %c {axis = 0 : i32} : tensor<64xi32, #cols> -> tensor<1x64xi32, #blocked>
    %stride = arith.constant dense<64> : tensor<16x1xi32, #blocked>
    %row_offsets = arith.muli %r2, %stride : tensor<16x1xi32, #blocked>
    %rb = tile.broadcast %row_offsets : tensor<16x1xi32, #blocked> -> tensor<16x64xi32, #blocked>
    %cb = tile.broadcast %c2 : tensor<1x64xi32, #blocked> -> tensor<16x64xi32, #blocked>
    %offsets = arith.addi %rb, %cb : tensor<16x64xi32, #blocked>
    %base = tile.splat %ptr : !tile.ptr<f16> -> tensor<16x64x!tile.ptr<f16>, #blocked>
    %ptrs = tile.addptr %base, %offsets : tensor<16x64x!tile.ptr<f16>, #blocked>, tensor<16x64xi32, #blocked>
    %limit = tile.splat %n : i32 -> tensor<16x1xi32, #blocked>
    %in = arith.cmpi slt, %r2, %limit : tensor<16x1xi32, #blocked>
    %mask = tile.broadcast %in : tensor<16x1xi1, #blocked> -> tensor<16x64xi1, #blocked>
    %copy = tilegpu.async_copy_global_to_local %ptrs, %view mask %mask : tensor<16x64x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x16x64>
    %group = tilegpu.async_commit_group tokens %copy
    %done = tilegpu.async_wait {num = 0 : i32}
    %t = tilegpu.local_load %view token %done : !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x16x64> -> tensor<16x64xf16, #blocked>
    %obase = tile.splat %out : !tile.ptr<f16> -> tensor<16x64x!tile.ptr<f16>, #blocked>
    %optrs = tile.addptr %obase, %offsets : tensor<16x64x!tile.ptr<f16>, #blocked>, tensor<16x64xi32, #blocked>
    tile.store %optrs, %t : tensor<16x64x!tile.ptr<f16>, #blocked>
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<2x16x64xf16, #shared, #smem, mutable>
    return
  }
}

// -----

// One f32 a thread: 4-byte copies, which cp.async only has as `.ca`; no
// mask, no source size.
#blocked = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#shared = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80", tilegpu.shared = 1024 : i32} {
  // CHECK-LABEL: llvm.func @copy_f32
  // CHECK: nvvm.cp.async.shared.global %{{.*}}, %{{.*}}, 4, cache ={{ +}}ca : !llvm.ptr<3>, !llvm.ptr<1>
  // CHECK-NOT: nvvm.cp.async.shared.global
  // CHECK: nvvm.cp.async.commit.group
  // CHECK: nvvm.cp.async.wait.group 0
  // CHECK-NOT: llvm.load
  // CHECK: nvvm.barrier0
  func.func @copy_f32(%ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %out: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
    %c0 = arith.constant 0 : i32
    %ring = tilegpu.local_alloc {allocation.offset = 0 : i32} : () -> !tilegpu.memdesc<2x128xf32, #shared, #smem, mutable>
    %view = tilegpu.memdesc_index %ring[%c0] : !tilegpu.memdesc<2x128xf32, #shared, #smem, mutable> -> !tilegpu.memdesc<128xf32, #shared, #smem, mutable, 2x128>
    %offsets = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #blocked>
    %base = tile.splat %ptr : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>, #blocked>
    %ptrs = tile.addptr %base, %offsets : tensor<128x!tile.ptr<f32>, #blocked>, tensor<128xi32, #blocked>
    %copy = tilegpu.async_copy_global_to_local %ptrs, %view : tensor<128x!tile.ptr<f32>, #blocked> -> !tilegpu.memdesc<128xf32, #shared, #smem, mutable, 2x128>
    %group = tilegpu.async_commit_group tokens %copy
    %done = tilegpu.async_wait %group {num = 0 : i32}
    %t = tilegpu.local_load %view token %done : !tilegpu.memdesc<128xf32, #shared, #smem, mutable, 2x128> -> tensor<128xf32, #blocked>
    %obase = tile.splat %out : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>, #blocked>
    %optrs = tile.addptr %obase, %offsets : tensor<128x!tile.ptr<f32>, #blocked>, tensor<128xi32, #blocked>
    tile.store %optrs, %t : tensor<128x!tile.ptr<f32>, #blocked>
    tilegpu.local_dealloc %ring : !tilegpu.memdesc<2x128xf32, #shared, #smem, mutable>
    return
  }
}
