// RUN: tile-opt %s -split-input-file -verify-diagnostics -tile-rewrite-block-pointers | FileCheck %s

// A block pointer an scf.for carries becomes its two offsets; the load
// checks both dims against the tensor's shape (its mask) and pads with 0;
// advance adds to the offsets; no block pointer is left.
// CHECK-LABEL: func.func @copy_rows
// CHECK-NOT: tile.make_tensor_ptr
// CHECK: scf.for {{.*}} iter_args(%[[ROW:.*]] = %{{.*}}, %[[COL:.*]] = %{{.*}}) -> (i32, i32)
// CHECK: tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
// CHECK: tile.splat %[[ROW]] : i32 -> tensor<64xi32>
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sge
// CHECK: tile.splat %[[COL]] : i32 -> tensor<32xi32>
// CHECK: %[[PTRS:.*]] = tile.addptr %{{.*}}, %{{.*}} : tensor<64x32x!tile.ptr<f32>>, tensor<64x32xi32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<64x32xf32>
// CHECK: tile.load %[[PTRS]], %{{.*}}, %[[ZERO]] cacheModifier = cg : tensor<64x32x!tile.ptr<f32>>
// CHECK: tile.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32x!tile.ptr<f32>>
// CHECK: %[[NEXT:.*]] = arith.addi %[[COL]], %c32_i32 : i32
// CHECK: scf.yield %[[ROW_NEXT:.*]], %[[NEXT]]
// CHECK-NOT: tile.advance
func.func @copy_rows(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>, %m: i64, %n: i64, %stride: i64, %tiles: i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c32 = arith.constant 32 : i32
  %one = arith.constant 1 : i64
  %src = tile.make_tensor_ptr %x, [%m, %n], [%stride, %one], [%c0, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf32>>
  %r = scf.for %i = %c0 to %tiles step %c1 iter_args(%s = %src) -> (!tile.ptr<tensor<64x32xf32>>) : i32 {
    %v = tile.load %s padding = zero cacheModifier = cg {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<64x32xf32>>
    %dst = tile.make_tensor_ptr %y, [%m, %n], [%stride, %one], [%c0, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf32>>
    tile.store %dst, %v {boundaryCheck = array<i32: 1>} : !tile.ptr<tensor<64x32xf32>>
    %s2 = tile.advance %s, [%c0, %c32] : !tile.ptr<tensor<64x32xf32>>
    scf.yield %s2 : !tile.ptr<tensor<64x32xf32>>
  }
  return
}

// -----

// Without boundaryCheck the load has no mask; padding = nan pads with NaN.
// CHECK-LABEL: func.func @unchecked_and_nan
// CHECK: %[[P:.*]] = tile.addptr
// CHECK-NEXT: tile.load %[[P]] : tensor<16x16x!tile.ptr<f16>>
// CHECK: arith.constant dense<0x7E00> : tensor<16x16xf16>
func.func @unchecked_and_nan(%x: !tile.ptr<f16>, %n: i64) {
  %c0 = arith.constant 0 : i32
  %one = arith.constant 1 : i64
  %p = tile.make_tensor_ptr %x, [%n, %n], [%n, %one], [%c0, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<16x16xf16>>
  %a = tile.load %p : !tile.ptr<tensor<16x16xf16>>
  %b = tile.load %p padding = nan {boundaryCheck = array<i32: 0>} : !tile.ptr<tensor<16x16xf16>>
  return
}

// -----

// A loop may not swap a block pointer for one on another tensor.
func.func @loop_changes_base(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>, %n: i64, %tiles: i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %one = arith.constant 1 : i64
  %p = tile.make_tensor_ptr %x, [%n], [%one], [%c0] {order = array<i32: 0>} : !tile.ptr<tensor<32xf32>>
  %r = scf.for %i = %c0 to %tiles step %c1 iter_args(%s = %p) -> (!tile.ptr<tensor<32xf32>>) : i32 {
    %q = tile.make_tensor_ptr %y, [%n], [%one], [%c0] {order = array<i32: 0>} : !tile.ptr<tensor<32xf32>>
    // expected-error @+1 {{tile-rewrite-block-pointers: a block pointer a loop carries must keep the base, shape and strides of its initial value (tile.advance keeps them)}}
    scf.yield %q : !tile.ptr<tensor<32xf32>>
  }
  return
}

// -----

// Block pointers through scf.if are not rewritten: the error says where.
func.func @through_if(%x: !tile.ptr<f32>, %n: i64, %flag: i1) {
  %c0 = arith.constant 0 : i32
  %c8 = arith.constant 8 : i32
  %one = arith.constant 1 : i64
  %p = tile.make_tensor_ptr %x, [%n], [%one], [%c0] {order = array<i32: 0>} : !tile.ptr<tensor<32xf32>>
  %q = tile.advance %p, [%c8] : !tile.ptr<tensor<32xf32>>
  // expected-error @+1 {{tile-rewrite-block-pointers: block pointers are rewritten through make_tensor_ptr, advance, load, store and scf.for only}}
  %r = arith.select %flag, %p, %q : !tile.ptr<tensor<32xf32>>
  return
}

// -----

// expected-error @+1 {{tile-rewrite-block-pointers: a function takes a block pointer; make it with tile.make_tensor_ptr inside the kernel instead}}
func.func @argument(%p: !tile.ptr<tensor<32xf32>>) {
  return
}

// -----

// A block pointer chosen by an scf.if is not tracked: the load through it
// says so.
func.func @chosen_by_if(%x: !tile.ptr<f32>, %n: i64, %flag: i1) {
  %c0 = arith.constant 0 : i32
  %c8 = arith.constant 8 : i32
  %one = arith.constant 1 : i64
  %p = tile.make_tensor_ptr %x, [%n], [%one], [%c0] {order = array<i32: 0>} : !tile.ptr<tensor<32xf32>>
  %q = scf.if %flag -> (!tile.ptr<tensor<32xf32>>) {
    scf.yield %p : !tile.ptr<tensor<32xf32>>
  } else {
    %r = tile.advance %p, [%c8] : !tile.ptr<tensor<32xf32>>
    scf.yield %r : !tile.ptr<tensor<32xf32>>
  }
  // expected-error @+1 {{tile-rewrite-block-pointers: the block pointer it loads through does not come from a make_tensor_ptr or an scf.for that carries one}}
  %v = tile.load %q : !tile.ptr<tensor<32xf32>>
  return
}

// -----

// Nested loops: the outer one carries both pointers' offsets, the inner one
// the offsets of the pointer it advances; the loads and stores after the
// loop use the outer loop's results.
// CHECK-LABEL: func.func @nested
// CHECK: scf.for {{.*}} -> (i32, i32, i32, i32)
// CHECK: scf.for {{.*}} -> (i32, i32)
// CHECK: tile.load
// CHECK: tile.store
// CHECK: scf.yield {{.*}} : i32, i32
// CHECK: scf.yield {{.*}} : i32, i32, i32, i32
// CHECK: tile.load %{{.*}} : tensor<16x16x!tile.ptr<f32>>
// CHECK-NOT: tile.advance
func.func @nested(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>, %n: i64, %outer: i32, %inner: i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c16 = arith.constant 16 : i32
  %one = arith.constant 1 : i64
  %p = tile.make_tensor_ptr %x, [%n, %n], [%n, %one], [%c0, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<16x16xf32>>
  %q = tile.make_tensor_ptr %y, [%n, %n], [%n, %one], [%c0, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<16x16xf32>>
  %r:2 = scf.for %i = %c0 to %outer step %c1 iter_args(%a = %p, %b = %q) -> (!tile.ptr<tensor<16x16xf32>>, !tile.ptr<tensor<16x16xf32>>) : i32 {
    %s = scf.for %j = %c0 to %inner step %c1 iter_args(%c = %a) -> (!tile.ptr<tensor<16x16xf32>>) : i32 {
      %v = tile.load %c padding = zero {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<16x16xf32>>
      tile.store %b, %v {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<16x16xf32>>
      %c2 = tile.advance %c, [%c0, %c16] : !tile.ptr<tensor<16x16xf32>>
      scf.yield %c2 : !tile.ptr<tensor<16x16xf32>>
    }
    %a2 = tile.advance %a, [%c16, %c0] : !tile.ptr<tensor<16x16xf32>>
    %b2 = tile.advance %b, [%c16, %c0] : !tile.ptr<tensor<16x16xf32>>
    scf.yield %a2, %b2 : !tile.ptr<tensor<16x16xf32>>, !tile.ptr<tensor<16x16xf32>>
  }
  %last = tile.load %r#0 : !tile.ptr<tensor<16x16xf32>>
  tile.store %r#1, %last : !tile.ptr<tensor<16x16xf32>>
  return
}
