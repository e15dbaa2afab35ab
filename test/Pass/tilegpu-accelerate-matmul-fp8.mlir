// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:89 -tilegpu-accelerate-matmul | FileCheck %s
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:90a -tilegpu-accelerate-matmul | FileCheck %s
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:80 -tilegpu-accelerate-matmul -verify-diagnostics

// fp8 dots (any mix of e4m3 and e5m2, into f32 or f16) get mma.sync
// m16n8k32 (kWidth 4) from cuda:89 on. Before that there is no tensor core
// for them and CUDA cores have no fp8 arithmetic: the pass says what the dot
// needs instead of picking an FMA path the lowering cannot take.

// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
// CHECK-LABEL: func.func @fp8_e4m3_f32
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
func.func @fp8_e4m3_f32() {
  %a = arith.constant dense<0.0> : tensor<64x32xf8E4M3FN>
  %b = arith.constant dense<0.0> : tensor<32x64xf8E4M3FN>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  // expected-error @+1 {{'tile.dot' op tilegpu-accelerate-matmul: a tile.dot of fp8 inputs runs on tensor cores only: cuda:89 or newer (this module targets cuda:80) and a tile of at least 16x8x32; otherwise widen the inputs with tile.fp_to_fp first}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E4M3FN> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// Mixed fp8 formats with an f16 accumulator.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
// CHECK-LABEL: func.func @fp8_mixed_f16
// CHECK: tile.dot {{.*}} -> tensor<64x64xf16, #mma>
func.func @fp8_mixed_f16() {
  %a = arith.constant dense<0.0> : tensor<64x32xf8E4M3FN>
  %b = arith.constant dense<0.0> : tensor<32x64xf8E5M2>
  %c = arith.constant dense<0.0> : tensor<64x64xf16>
  // expected-error @+1 {{a tile.dot of fp8 inputs runs on tensor cores only}}
  %d = tile.dot %a, %b, %c : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf16>
  %e = arith.addf %d, %d : tensor<64x64xf16>
  return
}
