// RUN: tile-opt %s -split-input-file -verify-diagnostics -tilegpu-allocate-shared-memory -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s

// Volta tensor cores (mma version 1): the operands of an f16 dot staged
// through swizzled shared memory, as tilegpu-reduce-data-duplication leaves
// them. Volta has no ldmatrix: A (K contiguous) loads 8 K elements per
// vector, B (N contiguous, while its fragments run along K) one element at
// a time. Each of the 4 warps owns a 32x32 block of the 64x64 result: 4
// warp tiles of 16x16 (8 f32 registers each), times 8 K steps of 4: 32
// mma.sync m8n8k4 per thread.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#blockedB = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [2, 2], instrShape = [16, 16]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#sharedA = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  // CHECK-LABEL: llvm.func @f16_through_shared
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK-COUNT-8: llvm.load %{{.*}} : !llvm.ptr<3> -> vector<8xf16>
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK-COUNT-64: llvm.load %{{.*}} : !llvm.ptr<3> -> f16
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK-COUNT-32: nvvm.mma.sync A[%{{.*}}, %{{.*}}] B[%{{.*}}, %{{.*}}] C[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 8, n = 8, k = 4>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32, f32, f32, f32, f32)>
  // CHECK-NOT: nvvm.mma.sync
  // CHECK-NOT: tile.dot
  func.func @f16_through_shared() {
    %x = arith.constant dense<1.0> : tensor<64x32xf16, #blocked>
    %y = arith.constant dense<2.0> : tensor<32x64xf16, #blockedB>
    %c = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %abuf = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #sharedA, #tilegpu.shared_memory>
    %a = tilegpu.local_load %abuf : !tilegpu.memdesc<64x32xf16, #sharedA, #tilegpu.shared_memory> -> tensor<64x32xf16, #a>
    %bbuf = tilegpu.local_alloc %y : (tensor<32x64xf16, #blockedB>) -> !tilegpu.memdesc<32x64xf16, #sharedB, #tilegpu.shared_memory>
    %b = tilegpu.local_load %bbuf : !tilegpu.memdesc<32x64xf16, #sharedB, #tilegpu.shared_memory> -> tensor<32x64xf16, #b>
    %d = tile.dot %a, %b, %c : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
    %e = arith.addf %d, %d : tensor<64x64xf32, #mma>
    return
  }
}

// -----

// An f16 accumulator is widened to f32 for the instructions and narrowed
// once after them. One warp, a 16x16 result, K 8: two m8n8k4 per thread.
// A result narrower than a warp tile (16x8) lets quad-pairs 2 and 3 repeat
// 0 and 1: still one instruction per K step.
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [1, 1], instrShape = [16, 16]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  // CHECK-LABEL: llvm.func @f16_accumulator
  // CHECK-COUNT-8: llvm.fpext %{{.*}} : f16 to f32
  // CHECK-COUNT-2: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 8, n = 8, k = 4>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32, f32, f32, f32, f32)>
  // CHECK-COUNT-8: llvm.fptrunc %{{.*}} : f32 to f16
  // CHECK-NOT: nvvm.mma.sync
  func.func @f16_accumulator() {
    %a = arith.constant dense<1.0> : tensor<16x8xf16, #a>
    %b = arith.constant dense<2.0> : tensor<8x16xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf16, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x8xf16, #a> * tensor<8x16xf16, #b> -> tensor<16x16xf16, #mma>
    %e = arith.addf %d, %d : tensor<16x16xf16, #mma>
    return
  }

  // CHECK-LABEL: llvm.func @narrow_n
  // CHECK-COUNT-1: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 8, n = 8, k = 4>}
  // CHECK-NOT: nvvm.mma.sync
  func.func @narrow_n() {
    %a = arith.constant dense<1.0> : tensor<16x4xf16, #a>
    %b = arith.constant dense<2.0> : tensor<4x8xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x4xf16, #a> * tensor<4x8xf16, #b> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }
}

// -----

// mma.m8n8k4 takes f16 only.
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [1, 1], instrShape = [16, 16]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  func.func @bf16() {
    %a = arith.constant dense<1.0> : tensor<16x16xbf16, #a>
    %b = arith.constant dense<2.0> : tensor<16x16xbf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #mma>
    // expected-error @+1 {{a tile.dot with a version 1 (Volta mma.m8n8k4) #tilegpu.mma layout takes f16 inputs and an f32 or f16 accumulator, got bf16 x bf16 -> f32}}
    %d = tile.dot %a, %b, %c : tensor<16x16xbf16, #a> * tensor<16x16xbf16, #b> -> tensor<16x16xf32, #mma>
    return
  }
}

// -----

// Volta operands hold f16x2 registers: kWidth must be 2.
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [1, 1], instrShape = [16, 16]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  func.func @kwidth4() {
    // expected-error @+1 {{cannot build the linear layout}}
    %a = arith.constant dense<1.0> : tensor<16x16xf16, #a>
    %b = arith.constant dense<2.0> : tensor<16x16xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x16xf16, #a> * tensor<16x16xf16, #b> -> tensor<16x16xf32, #mma>
    return
  }
}

// -----

// Operands whose layouts are not the Volta fragments are refused at the dot.
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [1, 1], instrShape = [16, 16]}>
#blocked = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 1], order = [1, 0]}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  func.func @blocked_operand() {
    %a = arith.constant dense<1.0> : tensor<16x16xf16, #blocked>
    %b = arith.constant dense<2.0> : tensor<16x16xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #mma>
    // expected-error @+1 {{cannot lower this tile.dot to mma.m8n8k4: the operand and accumulator layouts do not hold mma.m8n8k4 quad-pair fragments}}
    %d = tile.dot %a, %b, %c : tensor<16x16xf16, #blocked> * tensor<16x16xf16, #b> -> tensor<16x16xf32, #mma>
    return
  }
}
