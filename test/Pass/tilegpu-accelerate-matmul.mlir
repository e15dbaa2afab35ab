// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu -tilegpu-accelerate-matmul | FileCheck %s
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=num-warps=8 -tilegpu-accelerate-matmul | FileCheck %s --check-prefix=WARPS8
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:89 -tilegpu-accelerate-matmul | FileCheck %s --check-prefix=SM89
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:90a -tilegpu-accelerate-matmul | FileCheck %s --check-prefix=SM90
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:70 -tilegpu-accelerate-matmul | FileCheck %s --check-prefix=SM70
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=cuda:75 -tilegpu-accelerate-matmul | FileCheck %s --check-prefix=SM75
// RUN: not tile-opt %s -split-input-file -tilegpu-accelerate-matmul 2>&1 | FileCheck %s --check-prefix=NO-TARGET

// NO-TARGET: tilegpu-accelerate-matmul: the module has no tilegpu.target, tilegpu.num-warps and tilegpu.threads-per-warp; run -convert-tile-to-tilegpu first

// Every dtype combination but fp8 (tilegpu-accelerate-matmul-fp8.mlir) on
// cuda:80 (CHECK) and what changes on cuda:89, cuda:90a (still mma v2: no
// wgmma yet), cuda:75 (Turing: mma v2 for f16 only, FMA for bf16, tf32 and
// i8) and cuda:70 (Volta: mma v1 for f16 only). warpsPerCTA for 4 warps
// (CHECK) and 8 (WARPS8).

// f16 x f16 -> f32: mma.sync m16n8k16, kWidth 2 (two f16 in one 32-bit
// register); the accumulator converts in, the result converts back out.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// WARPS8: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 4], instrShape = [16, 8]}>
// SM90: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// SM70: #mma = #tilegpu.mma<{version = 1, warpsPerCTA = [4, 1], instrShape = [16, 16]}>
// SM70: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
// SM70: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// SM75: #mma = #tilegpu.mma<{version = 2, versionMinor = 1, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// SM75: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
// SM75: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// CHECK-LABEL: func.func @f16_f32_64x64
// WARPS8-LABEL: func.func @f16_f32_64x64
// SM89-LABEL: func.func @f16_f32_64x64
// SM90-LABEL: func.func @f16_f32_64x64
// SM70-LABEL: func.func @f16_f32_64x64
// SM75-LABEL: func.func @f16_f32_64x64
// CHECK: %[[A:.*]] = tilegpu.convert_layout %{{.*}} : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #dot_operand>
// CHECK: %[[B:.*]] = tilegpu.convert_layout %{{.*}} : tensor<32x64xf16, #blocked1> -> tensor<32x64xf16, #dot_operand1>
// CHECK: %[[C:.*]] = tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, #blocked1> -> tensor<64x64xf32, #mma>
// CHECK: %[[D:.*]] = tile.dot %[[A]], %[[B]], %[[C]] : tensor<64x32xf16, #dot_operand> * tensor<32x64xf16, #dot_operand1> -> tensor<64x64xf32, #mma>
// CHECK: %[[BACK:.*]] = tilegpu.convert_layout %[[D]] : tensor<64x64xf32, #mma> -> tensor<64x64xf32, #blocked1>
// CHECK: arith.addf %[[BACK]], %[[BACK]]
// SM90: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
// SM70: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
// SM75: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
func.func @f16_f32_64x64() {
  %a = arith.constant dense<0.0> : tensor<64x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x64xf16>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// f16 x f16 -> f16 accumulates in f16 on the tensor cores.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// CHECK-LABEL: func.func @f16_f16_acc
// CHECK: tile.dot {{.*}} -> tensor<64x64xf16, #mma>
func.func @f16_f16_acc() {
  %a = arith.constant dense<0.0> : tensor<64x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x64xf16>
  %c = arith.constant dense<0.0> : tensor<64x64xf16>
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf16>
  %e = arith.addf %d, %d : tensor<64x64xf16>
  return
}

// -----

// bf16 -> f32: mma v2; Volta and Turing have no bf16 tensor cores, so FMA
// there.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
// SM70: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM70: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// SM75: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM75: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @bf16_f32
// SM70-LABEL: func.func @bf16_f32
// SM75-LABEL: func.func @bf16_f32
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
// SM70: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
// SM75: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
func.func @bf16_f32() {
  %a = arith.constant dense<0.0> : tensor<64x32xbf16>
  %b = arith.constant dense<0.0> : tensor<32x64xbf16>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c : tensor<64x32xbf16> * tensor<32x64xbf16> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// f32 with the default tf32 precision: mma.sync m16n8k8, kWidth 1; FMA on
// Turing (no tf32 tensor cores).
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 1}>
// SM75: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM75: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f32_tf32
// SM75-LABEL: func.func @f32_tf32
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
// SM75: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
func.func @f32_tf32() {
  %a = arith.constant dense<0.0> : tensor<64x32xf32>
  %b = arith.constant dense<0.0> : tensor<32x64xf32>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// tf32x3 uses the same m16n8k8 instruction (three times); FMA on Turing.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 1}>
// SM75: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM75: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f32_tf32x3
// SM75-LABEL: func.func @f32_tf32x3
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #mma>
// SM75: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
func.func @f32_tf32x3() {
  %a = arith.constant dense<0.0> : tensor<64x32xf32>
  %b = arith.constant dense<0.0> : tensor<32x64xf32>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c, inputPrecision = tf32x3 : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// f32 with ieee precision has no tensor-core instruction: FMA, the
// operands become dot_operand layouts of the blocked result.
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f32_ieee
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
func.func @f32_ieee() {
  %a = arith.constant dense<0.0> : tensor<64x32xf32>
  %b = arith.constant dense<0.0> : tensor<32x64xf32>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c, inputPrecision = ieee : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// f64: FMA.
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f64
// CHECK: tile.dot {{.*}} -> tensor<32x32xf64, #blocked1>
func.func @f64() {
  %a = arith.constant dense<0.0> : tensor<32x16xf64>
  %b = arith.constant dense<0.0> : tensor<16x32xf64>
  %c = arith.constant dense<0.0> : tensor<32x32xf64>
  %d = tile.dot %a, %b, %c : tensor<32x16xf64> * tensor<16x32xf64> -> tensor<32x32xf64>
  %e = arith.addf %d, %d : tensor<32x32xf64>
  return
}

// -----

// i8 x i8 -> i32: mma.sync m16n8k32, kWidth 4; FMA on Volta and Turing.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
// SM70: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM70: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// SM75: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// SM75: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @i8_i32
// SM70-LABEL: func.func @i8_i32
// SM75-LABEL: func.func @i8_i32
// CHECK: tile.dot {{.*}} -> tensor<64x64xi32, #mma>
// SM70: tile.dot {{.*}} -> tensor<64x64xi32, #blocked1>
// SM75: tile.dot {{.*}} -> tensor<64x64xi32, #blocked1>
func.func @i8_i32() {
  %a = arith.constant dense<0> : tensor<64x32xi8>
  %b = arith.constant dense<0> : tensor<32x64xi8>
  %c = arith.constant dense<0> : tensor<64x64xi32>
  %d = tile.dot %a, %b, %c : tensor<64x32xi8> * tensor<32x64xi8> -> tensor<64x64xi32>
  %e = arith.addi %d, %d : tensor<64x64xi32>
  return
}

// -----

// 128x128: warps balance the M and N repetitions, ties go to M.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// WARPS8: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 4], instrShape = [16, 8]}>
// CHECK-LABEL: func.func @f16_128x128
// WARPS8-LABEL: func.func @f16_128x128
// CHECK: tile.dot {{.*}} -> tensor<128x128xf32, #mma>
// WARPS8: tile.dot {{.*}} -> tensor<128x128xf32, #mma>
func.func @f16_128x128() {
  %a = arith.constant dense<0.0> : tensor<128x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x128xf16>
  %c = arith.constant dense<0.0> : tensor<128x128xf32>
  %d = tile.dot %a, %b, %c : tensor<128x32xf16> * tensor<32x128xf16> -> tensor<128x128xf32>
  %e = arith.addf %d, %d : tensor<128x128xf32>
  return
}

// -----

// 16x128: one instruction row, so every warp goes along N.
// CHECK: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 4], instrShape = [16, 8]}>
// WARPS8: #mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 8], instrShape = [16, 8]}>
// SM70: #mma = #tilegpu.mma<{version = 1, warpsPerCTA = [1, 4], instrShape = [16, 16]}>
// CHECK-LABEL: func.func @f16_16x128
// WARPS8-LABEL: func.func @f16_16x128
// SM70-LABEL: func.func @f16_16x128
// CHECK: tile.dot {{.*}} -> tensor<16x128xf32, #mma>
// WARPS8: tile.dot {{.*}} -> tensor<16x128xf32, #mma>
// SM70: tile.dot {{.*}} -> tensor<16x128xf32, #mma>
func.func @f16_16x128() {
  %a = arith.constant dense<0.0> : tensor<16x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x128xf16>
  %c = arith.constant dense<0.0> : tensor<16x128xf32>
  %d = tile.dot %a, %b, %c : tensor<16x32xf16> * tensor<32x128xf16> -> tensor<16x128xf32>
  %e = arith.addf %d, %d : tensor<16x128xf32>
  return
}

// -----

// Tiles smaller than one instruction stay on FMA: M < 16 ...
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f16_small_m
// CHECK: tile.dot {{.*}} -> tensor<8x64xf32, #blocked1>
func.func @f16_small_m() {
  %a = arith.constant dense<0.0> : tensor<8x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x64xf16>
  %c = arith.constant dense<0.0> : tensor<8x64xf32>
  %d = tile.dot %a, %b, %c : tensor<8x32xf16> * tensor<32x64xf16> -> tensor<8x64xf32>
  %e = arith.addf %d, %d : tensor<8x64xf32>
  return
}

// -----

// ... N < 8 ...
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f16_small_n
// CHECK: tile.dot {{.*}} -> tensor<64x4xf32, #blocked1>
func.func @f16_small_n() {
  %a = arith.constant dense<0.0> : tensor<64x32xf16>
  %b = arith.constant dense<0.0> : tensor<32x4xf16>
  %c = arith.constant dense<0.0> : tensor<64x4xf32>
  %d = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x4xf16> -> tensor<64x4xf32>
  %e = arith.addf %d, %d : tensor<64x4xf32>
  return
}

// -----

// ... or K below the instruction's K (16 for f16) ...
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @f16_small_k
// CHECK: tile.dot {{.*}} -> tensor<64x64xf32, #blocked1>
func.func @f16_small_k() {
  %a = arith.constant dense<0.0> : tensor<64x8xf16>
  %b = arith.constant dense<0.0> : tensor<8x64xf16>
  %c = arith.constant dense<0.0> : tensor<64x64xf32>
  %d = tile.dot %a, %b, %c : tensor<64x8xf16> * tensor<8x64xf16> -> tensor<64x64xf32>
  %e = arith.addf %d, %d : tensor<64x64xf32>
  return
}

// -----

// ... (32 for i8).
// CHECK: #dot_operand = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked1}>
// CHECK: #dot_operand1 = #tilegpu.dot_operand<{opIdx = 1, parent = #blocked1}>
// CHECK-LABEL: func.func @i8_k16
// CHECK: tile.dot {{.*}} -> tensor<64x64xi32, #blocked1>
func.func @i8_k16() {
  %a = arith.constant dense<0> : tensor<64x16xi8>
  %b = arith.constant dense<0> : tensor<16x64xi8>
  %c = arith.constant dense<0> : tensor<64x64xi32>
  %d = tile.dot %a, %b, %c : tensor<64x16xi8> * tensor<16x64xi8> -> tensor<64x64xi32>
  %e = arith.addi %d, %d : tensor<64x64xi32>
  return
}
