// Folders and canonicalization patterns of the tile shape ops.
// RUN: tile-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func.func @broadcast_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x1xf32>)
func.func @broadcast_chain(%x: tensor<1x1xf32>) -> tensor<8x16xf32> {
  // CHECK: %[[B:.*]] = tile.broadcast %[[X]] : tensor<1x1xf32> -> tensor<8x16xf32>
  // CHECK-NEXT: return %[[B]]
  %a = tile.broadcast %x : tensor<1x1xf32> -> tensor<1x16xf32>
  %b = tile.broadcast %a : tensor<1x16xf32> -> tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_identity
// CHECK-SAME: (%[[X:.*]]: tensor<8x16xf32>)
func.func @broadcast_identity(%x: tensor<8x16xf32>) -> tensor<8x16xf32> {
  // CHECK-NEXT: return %[[X]]
  %b = tile.broadcast %x : tensor<8x16xf32> -> tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}

// -----

// CHECK-LABEL: func.func @expand_dims_of_splat
func.func @expand_dims_of_splat(%x: i32) -> tensor<64x1xi32> {
  // CHECK: %[[S:.*]] = tile.splat %{{.*}} : i32 -> tensor<64x1xi32>
  // CHECK-NEXT: return %[[S]]
  %s = tile.splat %x : i32 -> tensor<64xi32>
  %e = tile.expand_dims %s {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  return %e : tensor<64x1xi32>
}

// -----

// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<4x32xf32>)
func.func @reshape_chain(%x: tensor<4x32xf32>) -> tensor<8x16xf32> {
  // CHECK: %[[R:.*]] = tile.reshape %[[X]] : tensor<4x32xf32> -> tensor<8x16xf32>
  // CHECK-NEXT: return %[[R]]
  %a = tile.reshape %x : tensor<4x32xf32> -> tensor<128xf32>
  %b = tile.reshape %a : tensor<128xf32> -> tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_chain_reorder
func.func @reshape_chain_reorder(%x: tensor<4x32xf32>) -> tensor<8x16xf32> {
  // CHECK: tile.reshape %{{.*}} allow_reorder : tensor<4x32xf32> -> tensor<8x16xf32>
  %a = tile.reshape %x allow_reorder : tensor<4x32xf32> -> tensor<128xf32>
  %b = tile.reshape %a allow_reorder : tensor<128xf32> -> tensor<8x16xf32>
  return %b : tensor<8x16xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_of_constant
func.func @reshape_of_constant() -> tensor<8x16xf32> {
  // CHECK: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<8x16xf32>
  // CHECK-NEXT: return %[[C]]
  %c = arith.constant dense<1.0> : tensor<128xf32>
  %r = tile.reshape %c : tensor<128xf32> -> tensor<8x16xf32>
  return %r : tensor<8x16xf32>
}

// -----

// CHECK-LABEL: func.func @trans_twice_is_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4x32xf32>)
func.func @trans_twice_is_identity(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
  // CHECK-NEXT: return %[[X]]
  %a = tile.trans %x {order = array<i32: 1, 0>} : tensor<4x32xf32> -> tensor<32x4xf32>
  %b = tile.trans %a {order = array<i32: 1, 0>} : tensor<32x4xf32> -> tensor<4x32xf32>
  return %b : tensor<4x32xf32>
}

// -----

// CHECK-LABEL: func.func @trans_compose
func.func @trans_compose(%x: tensor<2x4x8xf32>) -> tensor<8x2x4xf32> {
  // CHECK: %[[T:.*]] = tile.trans %{{.*}} {order = array<i32: 2, 0, 1>} : tensor<2x4x8xf32> -> tensor<8x2x4xf32>
  // CHECK-NEXT: return %[[T]]
  %a = tile.trans %x {order = array<i32: 1, 2, 0>} : tensor<2x4x8xf32> -> tensor<4x8x2xf32>
  %b = tile.trans %a {order = array<i32: 1, 2, 0>} : tensor<4x8x2xf32> -> tensor<8x2x4xf32>
  return %b : tensor<8x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @advance_zero
// CHECK-SAME: (%[[P:.*]]: !tile.ptr<tensor<16x16xf16>>)
func.func @advance_zero(%p: !tile.ptr<tensor<16x16xf16>>) -> !tile.ptr<tensor<16x16xf16>> {
  // CHECK-NEXT: return %[[P]]
  %c0 = arith.constant 0 : i32
  %q = tile.advance %p, [%c0, %c0] : !tile.ptr<tensor<16x16xf16>>
  return %q : !tile.ptr<tensor<16x16xf16>>
}

// -----

// Pure ops are removed when unused; loads that are volatile stay.
// CHECK-LABEL: func.func @effects
func.func @effects(%p: tensor<16x!tile.ptr<f32>>) {
  // CHECK-NOT: tile.make_range
  // CHECK: tile.load %{{.*}} volatile
  // CHECK-NOT: tile.load
  %r = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  %v = tile.load %p volatile : tensor<16x!tile.ptr<f32>>
  %w = tile.load %p : tensor<16x!tile.ptr<f32>>
  return
}
