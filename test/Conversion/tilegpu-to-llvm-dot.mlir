// RUN: tile-opt %s -split-input-file -verify-diagnostics -convert-tilegpu-to-llvm | FileCheck %s

// FMA dot (the result keeps its blocked layout): each thread owns 4 rows x 2
// columns of the 16x16 result (8 registers) and holds those rows of a and
// columns of b over all of K = 8, so it does 8 x 8 multiply-adds on its own
// registers and touches no other thread.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @fma_f32
  // CHECK-COUNT-64: llvm.intr.fmuladd
  // CHECK-NOT: llvm.intr.fmuladd
  // CHECK-NOT: tile.dot
  func.func @fma_f32() {
    %a = arith.constant dense<1.0> : tensor<16x8xf32, #a>
    %b = arith.constant dense<2.0> : tensor<8x16xf32, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #blocked>
    %d = tile.dot %a, %b, %c, inputPrecision = ieee : tensor<16x8xf32, #a> * tensor<8x16xf32, #b> -> tensor<16x16xf32, #blocked>
    %e = arith.addf %d, %d : tensor<16x16xf32, #blocked>
    return
  }

  // f16 inputs are widened to the f32 accumulator before the multiply-add.
  // CHECK-LABEL: llvm.func @fma_f16_f32
  // CHECK: llvm.fpext %{{.*}} : f16 to f32
  // CHECK: llvm.intr.fmuladd(%{{.*}}, %{{.*}}, %{{.*}}) : (f32, f32, f32) -> f32
  func.func @fma_f16_f32() {
    %a = arith.constant dense<1.0> : tensor<16x8xf16, #a>
    %b = arith.constant dense<2.0> : tensor<8x16xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #blocked>
    %d = tile.dot %a, %b, %c : tensor<16x8xf16, #a> * tensor<8x16xf16, #b> -> tensor<16x16xf32, #blocked>
    %e = arith.addf %d, %d : tensor<16x16xf32, #blocked>
    return
  }

  // i8 x i8 -> i32: sign-extend, multiply, add.
  // CHECK-LABEL: llvm.func @fma_i8_i32
  // CHECK: llvm.sext %{{.*}} : i8 to i32
  // CHECK: %[[P:.*]] = llvm.mul %{{.*}}, %{{.*}} : i32
  // CHECK: llvm.add %[[P]], %{{.*}} : i32
  // CHECK-NOT: llvm.intr.fmuladd
  func.func @fma_i8_i32() {
    %a = arith.constant dense<1> : tensor<16x8xi8, #a>
    %b = arith.constant dense<2> : tensor<8x16xi8, #b>
    %c = arith.constant dense<0> : tensor<16x16xi32, #blocked>
    %d = tile.dot %a, %b, %c : tensor<16x8xi8, #a> * tensor<8x16xi8, #b> -> tensor<16x16xi32, #blocked>
    %e = arith.addi %d, %d : tensor<16x16xi32, #blocked>
    return
  }
}

// -----

// Operands that do not hold the rows and columns of the thread's results.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [1, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @blocked_operands() {
    %a = arith.constant dense<1.0> : tensor<16x8xf32, #blocked>
    %b = arith.constant dense<2.0> : tensor<8x16xf32, #blocked>
    %c = arith.constant dense<0.0> : tensor<16x16xf32, #blocked>
    // expected-error @+1 {{convert-tilegpu-to-llvm: the operands of an FMA tile.dot must have #tilegpu.dot_operand layouts whose parent is the result's layout; run -tilegpu-accelerate-matmul}}
    %d = tile.dot %a, %b, %c, inputPrecision = ieee : tensor<16x8xf32, #blocked> * tensor<8x16xf32, #blocked> -> tensor<16x16xf32, #blocked>
    return
  }
}

// -----

// Volta's operands hold f16x2 registers: with another kWidth they have no
// linear layout, so they stop first.
#mma = #tilegpu.mma<{version = 1, warpsPerCTA = [4, 1], instrShape = [16, 16]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:70"} {
  func.func @volta() {
    // expected-error @+1 {{cannot build the linear layout}}
    %a = arith.constant dense<1.0> : tensor<64x32xf16, #a>
    return
  }
}
