// RUN: tile-opt %s -split-input-file -convert-tilegpu-to-llvm | FileCheck %s

// memdesc_subslice of whole rows: a 16-row K slice of a 32x64 [K, N] slot
// whose swizzle repeats every perPhase * maxPhase = 8 rows is the slot's
// address plus 16 rows * 64 elements * 2 bytes = 2048 bytes, and reading it
// is reading a 16x64 buffer there (the lowering checks this element by
// element against the slot's layout).

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#smem = #tilegpu.shared_memory
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80", tilegpu.shared = 8192 : i32} {
  // CHECK-LABEL: llvm.func @k_slice
  // CHECK: %[[SLOT_BYTES:.*]] = llvm.mlir.constant(4096 : i32) : i32
  // CHECK: %[[OFFSET:.*]] = llvm.mul %{{.*}}, %[[SLOT_BYTES]] : i32
  // CHECK: %[[SLOT:.*]] = llvm.getelementptr %{{.*}}[%[[OFFSET]]] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
  // CHECK: %[[ORIGIN:.*]] = llvm.mlir.constant(1024 : i32) : i32
  // CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
  // CHECK: %[[BYTES:.*]] = llvm.mul %[[ORIGIN]], %[[TWO]] : i32
  // CHECK: %[[VIEW:.*]] = llvm.getelementptr %[[SLOT]][%[[BYTES]]] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, i8
  // CHECK: llvm.getelementptr %[[VIEW]]
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xf16>
  func.func @k_slice(%slot: i32) {
    %ring = tilegpu.local_alloc {allocation.offset = 0 : i32} : () -> !tilegpu.memdesc<2x32x64xf16, #shared, #smem, mutable>
    %view = tilegpu.memdesc_index %ring[%slot] : !tilegpu.memdesc<2x32x64xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<32x64xf16, #shared, #smem, mutable, 2x32x64>
    %k1 = tilegpu.memdesc_subslice %view [16, 0] : !tilegpu.memdesc<32x64xf16, #shared, #smem, mutable, 2x32x64> -> !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x32x64>
    %x = tilegpu.local_load %k1 : !tilegpu.memdesc<16x64xf16, #shared, #smem, mutable, 2x32x64> -> tensor<16x64xf16, #blocked>
    return
  }
}
