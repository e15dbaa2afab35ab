// RUN: tile-opt %s -split-input-file -tile-combine | FileCheck %s
// The same pass through the textual pipeline, to prove the C pass is in
// MLIR's registry:
// RUN: tile-opt %s -split-input-file --pass-pipeline='builtin.module(tile-combine)' | FileCheck %s

// CHECK-LABEL: func.func @addptr_chain
// CHECK-SAME: (%[[P:.*]]: tensor<64x!tile.ptr<f32>>, %[[A:.*]]: tensor<64xi32>, %[[B:.*]]: tensor<64xi32>)
func.func @addptr_chain(%p: tensor<64x!tile.ptr<f32>>, %a: tensor<64xi32>, %b: tensor<64xi32>) -> tensor<64x!tile.ptr<f32>> {
  // CHECK: %[[SUM:.*]] = arith.addi %[[A]], %[[B]] : tensor<64xi32>
  // CHECK: %[[R:.*]] = tile.addptr %[[P]], %[[SUM]]
  // CHECK-NOT: tile.addptr
  // CHECK: return %[[R]]
  %0 = tile.addptr %p, %a : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
  %1 = tile.addptr %0, %b : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
  return %1 : tensor<64x!tile.ptr<f32>>
}

// -----

// Offsets of different types stay apart: adding them would need a cast.
// CHECK-LABEL: func.func @addptr_chain_mixed
func.func @addptr_chain_mixed(%p: !tile.ptr<f32>, %a: i32, %b: i64) -> !tile.ptr<f32> {
  // CHECK: tile.addptr
  // CHECK: tile.addptr
  %0 = tile.addptr %p, %a : !tile.ptr<f32>, i32
  %1 = tile.addptr %0, %b : !tile.ptr<f32>, i64
  return %1 : !tile.ptr<f32>
}

// -----

// CHECK-LABEL: func.func @dot_add
// CHECK-SAME: (%[[A:.*]]: tensor<32x16xf16>, %[[B:.*]]: tensor<16x32xf16>, %[[C:.*]]: tensor<32x32xf32>)
func.func @dot_add(%a: tensor<32x16xf16>, %b: tensor<16x32xf16>, %c: tensor<32x32xf32>) -> tensor<32x32xf32> {
  // CHECK: %[[D:.*]] = tile.dot %[[A]], %[[B]], %[[C]]
  // CHECK-NOT: arith.addf
  // CHECK: return %[[D]]
  %zero = arith.constant dense<0.0> : tensor<32x32xf32>
  %d = tile.dot %a, %b, %zero : tensor<32x16xf16> * tensor<16x32xf16> -> tensor<32x32xf32>
  %r = arith.addf %c, %d : tensor<32x32xf32>
  return %r : tensor<32x32xf32>
}

// -----

// CHECK-LABEL: func.func @dot_add_int
func.func @dot_add_int(%a: tensor<32x32xi8>, %c: tensor<32x32xi32>) -> tensor<32x32xi32> {
  // CHECK: %[[D:.*]] = tile.dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32xi8>
  // CHECK-NOT: arith.addi
  // CHECK: return %[[D]]
  %zero = arith.constant dense<0> : tensor<32x32xi32>
  %d = tile.dot %a, %a, %zero : tensor<32x32xi8> * tensor<32x32xi8> -> tensor<32x32xi32>
  %r = arith.addi %d, %c : tensor<32x32xi32>
  return %r : tensor<32x32xi32>
}

// -----

// A dot whose result is used twice keeps its zero accumulator.
// CHECK-LABEL: func.func @dot_add_two_uses
func.func @dot_add_two_uses(%a: tensor<32x16xf16>, %b: tensor<16x32xf16>, %c: tensor<32x32xf32>) -> (tensor<32x32xf32>, tensor<32x32xf32>) {
  // CHECK: %[[D:.*]] = tile.dot
  // CHECK: arith.addf
  %zero = arith.constant dense<0.0> : tensor<32x32xf32>
  %d = tile.dot %a, %b, %zero : tensor<32x16xf16> * tensor<16x32xf16> -> tensor<32x32xf32>
  %r = arith.addf %c, %d : tensor<32x32xf32>
  return %r, %d : tensor<32x32xf32>, tensor<32x32xf32>
}

// -----

// A non-zero accumulator is not free.
// CHECK-LABEL: func.func @dot_add_nonzero
func.func @dot_add_nonzero(%a: tensor<32x16xf16>, %b: tensor<16x32xf16>, %c: tensor<32x32xf32>) -> tensor<32x32xf32> {
  // CHECK: tile.dot
  // CHECK: arith.addf
  %one = arith.constant dense<1.0> : tensor<32x32xf32>
  %d = tile.dot %a, %b, %one : tensor<32x16xf16> * tensor<16x32xf16> -> tensor<32x32xf32>
  %r = arith.addf %c, %d : tensor<32x32xf32>
  return %r : tensor<32x32xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_of_splat
// CHECK-SAME: (%[[X:.*]]: f32)
func.func @broadcast_of_splat(%x: f32) -> tensor<64x32xf32> {
  // CHECK: %[[S:.*]] = tile.splat %[[X]] : f32 -> tensor<64x32xf32>
  // CHECK-NEXT: return %[[S]]
  %s = tile.splat %x : f32 -> tensor<1x32xf32>
  %b = tile.broadcast %s : tensor<1x32xf32> -> tensor<64x32xf32>
  return %b : tensor<64x32xf32>
}

// -----

// CHECK-LABEL: func.func @splat_of_constant
func.func @splat_of_constant() -> tensor<64xf32> {
  // CHECK: %[[C:.*]] = arith.constant dense<2.500000e+00> : tensor<64xf32>
  // CHECK-NEXT: return %[[C]]
  %c = arith.constant 2.5 : f32
  %s = tile.splat %c : f32 -> tensor<64xf32>
  return %s : tensor<64xf32>
}

// -----

// CHECK-LABEL: func.func @addptr_zero
// CHECK-SAME: (%[[P:.*]]: tensor<64x!tile.ptr<f32>>)
func.func @addptr_zero(%p: tensor<64x!tile.ptr<f32>>) -> tensor<64x!tile.ptr<f32>> {
  // CHECK-NEXT: return %[[P]]
  %zero = arith.constant dense<0> : tensor<64xi32>
  %q = tile.addptr %p, %zero : tensor<64x!tile.ptr<f32>>, tensor<64xi32>
  return %q : tensor<64x!tile.ptr<f32>>
}
