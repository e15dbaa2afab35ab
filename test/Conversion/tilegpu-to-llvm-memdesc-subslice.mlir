// RUN: tile-opt %s -split-input-file -convert-tilegpu-to-llvm | FileCheck %s

// memdesc_subslice emits no code: accesses through the view read the
// buffer it lives in (here a ring slot), with the view's origin offset
// XORed into every element offset. A 16-row K slice of a 32x64 [K, N] slot
// starts at element 16 * 64 = 1024, a bit no lane or warp of the 16x64 view
// sets, so it is added (and folds into the address).

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80", tilegpu.shared = 8192 : i32} {
  // CHECK-LABEL: llvm.func @k_slice
  // CHECK: %[[SLOT_BYTES:.*]] = llvm.mlir.constant(4096 : i32) : i32
  // CHECK: %[[OFFSET:.*]] = llvm.mul %{{.*}}, %[[SLOT_BYTES]] : i32
  // CHECK: %[[SLOT:.*]] = llvm.getelementptr %{{.*}}[%[[OFFSET]]] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
  // CHECK: %[[ORIGIN:.*]] = llvm.mlir.constant(1024 : i32) : i32
  // CHECK: %[[ELEMENT:.*]] = llvm.add %{{.*}}, %[[ORIGIN]] : i32
  // CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
  // CHECK: %[[BYTES:.*]] = llvm.mul %[[ELEMENT]], %[[TWO]] : i32
  // CHECK: llvm.getelementptr %[[SLOT]][%[[BYTES]]]
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xf16>
  func.func @k_slice(%slot: i32) {
    %ring = tilegpu.local_alloc {allocation.offset = 0 : i32} : () -> !tilegpu.memdesc<2x32x64xf16, #shared, #smem, mutable>
    %view = tilegpu.memdesc_index %ring[%slot] : !tilegpu.memdesc<2x32x64xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<32x64xf16, #shared, #smem, mutable, 2x32x64>
    %k1 = tilegpu.memdesc_subslice %view [16, 0] : !tilegpu.memdesc<32x64xf16, #shared, #smem, mutable, 2x32x64> -> !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x32x64>
    %x = tilegpu.local_load %k1 : !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x32x64> -> tensor<16x64xf16, #blocked>
    return
  }
}

// -----

// A K slice along the contiguous, swizzled dimension of a [M, K] buffer:
// element (r, c) of the view is element (r, 16 + c) of the buffer, whose
// offset is layout^-1(0, 16) = 16 XOR layout^-1(r, c) (the swizzle is linear
// over GF(2) and 16 + c == 16 XOR c for c < 16). 16 shares bits with the
// lanes' swizzled column chunks, so it is XORed in.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [32, 1], warpsPerCTA = [2, 2], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80", tilegpu.shared = 4096 : i32} {
  // CHECK-LABEL: llvm.func @k_slice_of_a
  // CHECK: %[[ORIGIN:.*]] = llvm.mlir.constant(16 : i32) : i32
  // CHECK: %[[ELEMENT:.*]] = llvm.xor %{{.*}}, %[[ORIGIN]] : i32
  // CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
  // CHECK: llvm.mul %[[ELEMENT]], %[[TWO]] : i32
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xf16>
  func.func @k_slice_of_a() {
    %a = tilegpu.local_alloc {allocation.offset = 0 : i32} : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
    %k1 = tilegpu.memdesc_subslice %a [0, 16] : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x16xf16, #shared, #smem, mutable, 64x32>
    %x = tilegpu.local_load %k1 : !tilegpu.memdesc<64x16xf16, #shared, #smem, mutable, 64x32> -> tensor<64x16xf16, #blocked>
    return
  }
}
