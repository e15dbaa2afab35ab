// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=num-warps=1 -tilegpu-accelerate-matmul -verify-diagnostics | FileCheck %s

// A 128x128 fp32 accumulator on one warp takes 512 registers a thread,
// twice what a thread has: the dot is still accelerated, with a warning that
// says so and what to do. A 64x64 f16 accumulator (64 registers) says
// nothing.

// CHECK-LABEL: func.func @too_big_for_one_warp
// CHECK: tile.dot {{.*}} -> tensor<128x128xf32, #mma>
func.func @too_big_for_one_warp() {
  %a = arith.constant dense<0.0> : tensor<128x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x128xf16>
  %c = arith.constant dense<0.0> : tensor<128x128xf32>
  // expected-warning @+1 {{tilegpu-accelerate-matmul: this tile.dot's accumulator takes 512 registers per thread over 1 warps, more than a thread's 255: ptxas will spill and compiling takes long; use more warps or a smaller tile}}
  %d = tile.dot %a, %b, %c : tensor<128x32xf16> * tensor<32x128xf16> -> tensor<128x128xf32>
  %e = arith.addf %d, %d : tensor<128x128xf32>
  return
}

// -----

// CHECK-LABEL: func.func @fits
// CHECK: tile.dot {{.*}} -> tensor<64x64xf16, #mma>
func.func @fits() {
  %a = arith.constant dense<0.0> : tensor<64x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x64xf16>
  %c = arith.constant dense<0.0> : tensor<64x64xf16>
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf16>
  %e = arith.addf %d, %d : tensor<64x64xf16>
  return
}
