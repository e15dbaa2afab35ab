// RUN: tile-opt %s -split-input-file -canonicalize | FileCheck %s
// Folds of tilegpu.convert_layout.

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#l = #tilegpu.linear<{register = [[0, 1]], lane = [[0, 2], [0, 4], [0, 8], [1, 0], [2, 0]], warp = [[4, 0], [8, 0]], block = []}>

// CHECK-LABEL: func.func @same_layout
// CHECK-SAME: (%[[X:.+]]: tensor
// CHECK-NEXT: return %[[X]]
func.func @same_layout(%x: tensor<16x16xf32, #b>) -> tensor<16x16xf32, #b> {
  %0 = tilegpu.convert_layout %x : tensor<16x16xf32, #b> -> tensor<16x16xf32, #b>
  return %0 : tensor<16x16xf32, #b>
}

// CHECK-LABEL: func.func @splat_constant
// CHECK-NEXT: %[[C:.+]] = arith.constant dense<1.000000e+00> : tensor<16x16xf32, #mma>
// CHECK-NEXT: return %[[C]]
func.func @splat_constant() -> tensor<16x16xf32, #m> {
  %c = arith.constant dense<1.0> : tensor<16x16xf32, #b>
  %0 = tilegpu.convert_layout %c : tensor<16x16xf32, #b> -> tensor<16x16xf32, #m>
  return %0 : tensor<16x16xf32, #m>
}

// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.+]]: tensor
// CHECK-NEXT: %[[Y:.+]] = tilegpu.convert_layout %[[X]] : tensor<16x16xf32, #blocked> -> tensor<16x16xf32, #linear>
// CHECK-NEXT: return %[[Y]]
func.func @chain(%x: tensor<16x16xf32, #b>) -> tensor<16x16xf32, #l> {
  %0 = tilegpu.convert_layout %x : tensor<16x16xf32, #b> -> tensor<16x16xf32, #m>
  %1 = tilegpu.convert_layout %0 : tensor<16x16xf32, #m> -> tensor<16x16xf32, #l>
  return %1 : tensor<16x16xf32, #l>
}

// CHECK-LABEL: func.func @round_trip
// CHECK-SAME: (%[[X:.+]]: tensor
// CHECK-NEXT: return %[[X]]
func.func @round_trip(%x: tensor<16x16xf32, #b>) -> tensor<16x16xf32, #b> {
  %0 = tilegpu.convert_layout %x : tensor<16x16xf32, #b> -> tensor<16x16xf32, #m>
  %1 = tilegpu.convert_layout %0 : tensor<16x16xf32, #m> -> tensor<16x16xf32, #b>
  return %1 : tensor<16x16xf32, #b>
}

// CHECK-LABEL: func.func @shared_result
// CHECK-SAME: (%[[X:.+]]: tensor
// CHECK-NEXT: %[[M:.+]] = tilegpu.convert_layout %[[X]] : tensor<16x16xf32, #blocked> -> tensor<16x16xf32, #mma>
// CHECK-NEXT: return %[[X]], %[[M]]
func.func @shared_result(%x: tensor<16x16xf32, #b>) -> (tensor<16x16xf32, #b>, tensor<16x16xf32, #m>) {
  %0 = tilegpu.convert_layout %x : tensor<16x16xf32, #b> -> tensor<16x16xf32, #m>
  %1 = tilegpu.convert_layout %0 : tensor<16x16xf32, #m> -> tensor<16x16xf32, #b>
  return %1, %0 : tensor<16x16xf32, #b>, tensor<16x16xf32, #m>
}

// CHECK-LABEL: func.func @dense_constant
// CHECK: tilegpu.convert_layout
func.func @dense_constant() -> tensor<2x2xf32, #m> {
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32, #b>
  %0 = tilegpu.convert_layout %c : tensor<2x2xf32, #b> -> tensor<2x2xf32, #m>
  return %0 : tensor<2x2xf32, #m>
}
