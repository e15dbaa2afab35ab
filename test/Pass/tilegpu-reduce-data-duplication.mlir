// RUN: tile-opt %s -split-input-file -tilegpu-reduce-data-duplication | FileCheck %s

// A blocked -> dot_operand conversion goes through a swizzled shared buffer:
// vec = the 16-byte row of one mma operand tile along the contiguous dim,
// perPhase = 128 bytes / one buffer row, maxPhase = 8 rows (of the tile's
// strided dim) / perPhase. test/unit/mma_operand_swizzle_test.c checks that
// these choices make the stores and the ldmatrix loads bank-conflict free.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#blockedT = #tilegpu.blocked<{sizePerThread = [8, 1], threadsPerWarp = [4, 8], warpsPerCTA = [1, 4], order = [0, 1]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// CHECK-DAG: #[[$SHARED_A:.*]] = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
// CHECK-DAG: #[[$SHARED_B:.*]] = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
// CHECK-DAG: #[[$SHARED_BT:.*]] = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [0, 1]}>
// CHECK-DAG: #[[$SHARED_AT:.*]] = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [0, 1]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // f16 A, 64x32, K contiguous: rows of 64 bytes, two rows per phase.
  // CHECK-LABEL: func.func @f16_a_64x32
  // CHECK: %[[BUFFER:.*]] = tilegpu.local_alloc %{{.*}} : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #[[$SHARED_A]], #tilegpu.shared_memory>
  // CHECK: %[[A:.*]] = tilegpu.local_load %[[BUFFER]] : !tilegpu.memdesc<64x32xf16, #[[$SHARED_A]], #tilegpu.shared_memory> -> tensor<64x32xf16, #{{[a-z_0-9]+}}>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.dot %[[A]]
  func.func @f16_a_64x32(%x: tensor<64x32xf16, #blocked>, %b: tensor<32x64xf16, #b>, %c: tensor<64x64xf32, #mma>) -> tensor<64x64xf32, #mma> {
    %a = tilegpu.convert_layout %x : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
    %d = tile.dot %a, %b, %c : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
    return %d : tensor<64x64xf32, #mma>
  }

  // f16 B, 32x64, N contiguous: rows of 128 bytes, one row per phase, 8 phases.
  // CHECK-LABEL: func.func @f16_b_32x64
  // CHECK: tilegpu.local_alloc %{{.*}} : (tensor<32x64xf16, #blocked>) -> !tilegpu.memdesc<32x64xf16, #[[$SHARED_B]], #tilegpu.shared_memory>
  // CHECK: tilegpu.local_load %{{.*}} -> tensor<32x64xf16, #{{[a-z_0-9]+}}>
  func.func @f16_b_32x64(%y: tensor<32x64xf16, #blocked>) -> tensor<32x64xf16, #b> {
    %b = tilegpu.convert_layout %y : tensor<32x64xf16, #blocked> -> tensor<32x64xf16, #b>
    return %b : tensor<32x64xf16, #b>
  }

  // Transposed B (K contiguous, as when B is read column-major): the buffer
  // keeps order [0, 1]; K rows of 32 elements are 64 bytes.
  // CHECK-LABEL: func.func @f16_b_transposed
  // CHECK: tilegpu.local_alloc %{{.*}} : (tensor<32x64xf16, #blocked1>) -> !tilegpu.memdesc<32x64xf16, #[[$SHARED_BT]], #tilegpu.shared_memory>
  // CHECK: tilegpu.local_load %{{.*}} -> tensor<32x64xf16, #{{[a-z_0-9]+}}>
  func.func @f16_b_transposed(%y: tensor<32x64xf16, #blockedT>) -> tensor<32x64xf16, #b> {
    %b = tilegpu.convert_layout %y : tensor<32x64xf16, #blockedT> -> tensor<32x64xf16, #b>
    return %b : tensor<32x64xf16, #b>
  }

  // A with M contiguous: vec runs along M instead.
  // CHECK-LABEL: func.func @f16_a_transposed
  // CHECK: tilegpu.local_alloc %{{.*}} -> !tilegpu.memdesc<64x32xf16, #[[$SHARED_AT]], #tilegpu.shared_memory>
  func.func @f16_a_transposed(%x: tensor<64x32xf16, #blockedT>) -> tensor<64x32xf16, #a> {
    %a = tilegpu.convert_layout %x : tensor<64x32xf16, #blockedT> -> tensor<64x32xf16, #a>
    return %a : tensor<64x32xf16, #a>
  }
}

// -----

// i8 (kWidth 4): one tile row is 16 i8 along K; tf32 (kWidth 1): 4 f32.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 16], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a8 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#a32 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
// CHECK-DAG: #[[$SHARED_I8:.*]] = #tilegpu.swizzled_shared<{vec = 16, perPhase = 2, maxPhase = 4, order = [1, 0]}>
// CHECK-DAG: #[[$SHARED_TF32:.*]] = #tilegpu.swizzled_shared<{vec = 4, perPhase = 1, maxPhase = 8, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @i8_and_tf32
  // CHECK: tilegpu.local_alloc %{{.*}} -> !tilegpu.memdesc<64x64xi8, #[[$SHARED_I8]], #tilegpu.shared_memory>
  // CHECK: tilegpu.local_alloc %{{.*}} -> !tilegpu.memdesc<64x32xf32, #[[$SHARED_TF32]], #tilegpu.shared_memory>
  func.func @i8_and_tf32(%x: tensor<64x64xi8, #blocked>, %y: tensor<64x32xf32, #blocked>) -> (tensor<64x64xi8, #a8>, tensor<64x32xf32, #a32>) {
    %a = tilegpu.convert_layout %x : tensor<64x64xi8, #blocked> -> tensor<64x64xi8, #a8>
    %b = tilegpu.convert_layout %y : tensor<64x32xf32, #blocked> -> tensor<64x32xf32, #a32>
    return %a, %b : tensor<64x64xi8, #a8>, tensor<64x32xf32, #a32>
  }
}

// -----

// An FMA operand (blocked parent) is read row by row: no swizzle. Other
// conversions are left alone.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
#result = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [2, 2], order = [1, 0]}>
#fma = #tilegpu.dot_operand<{opIdx = 0, parent = #result}>
// CHECK-DAG: #[[$PLAIN:.*]] = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @fma_operand
  // CHECK: tilegpu.local_alloc %{{.*}} -> !tilegpu.memdesc<64x32xf32, #[[$PLAIN]], #tilegpu.shared_memory>
  // CHECK: tilegpu.local_load
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x32xf32, #blocked> -> tensor<64x32xf32, #blocked1>
  func.func @fma_operand(%x: tensor<64x32xf32, #blocked>) -> (tensor<64x32xf32, #fma>, tensor<64x32xf32, #result>) {
    %a = tilegpu.convert_layout %x : tensor<64x32xf32, #blocked> -> tensor<64x32xf32, #fma>
    %r = tilegpu.convert_layout %x : tensor<64x32xf32, #blocked> -> tensor<64x32xf32, #result>
    return %a, %r : tensor<64x32xf32, #fma>, tensor<64x32xf32, #result>
  }
}
