// One case for every verifier message of the tile dialect.
// RUN: tile-opt %s -split-input-file -verify-diagnostics

func.func @range_end_before_start() {
  // expected-error @+1 {{'tile.make_range' op end (0) must be greater than start (16)}}
  %r = tile.make_range {end = 0 : i32, start = 16 : i32} : tensor<16xi32>
  return
}

// -----

func.func @range_length() {
  // expected-error @+1 {{'tile.make_range' op result has 32 elements but the range [0, 16) has 16}}
  %r = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<32xi32>
  return
}

// -----

func.func @range_not_power_of_two() {
  // expected-error @+1 {{'tile.make_range' op number of elements (12) must be a power of two}}
  %r = tile.make_range {end = 12 : i32, start = 0 : i32} : tensor<12xi32>
  return
}

// -----

func.func @range_rank() {
  // expected-error @+1 {{'tile.make_range' op result must be a 1-D tensor}}
  %r = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<4x4xi32>
  return
}

// -----

func.func @broadcast_rank(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.broadcast' op operand rank (1) differs from result rank (2)}}
  %b = tile.broadcast %x : tensor<32xf32> -> tensor<4x32xf32>
  return
}

// -----

func.func @broadcast_dim(%x: tensor<2x32xf32>) {
  // expected-error @+1 {{'tile.broadcast' op operand dimension 0 is 2; it must be 1 or the result's 4}}
  %b = tile.broadcast %x : tensor<2x32xf32> -> tensor<4x32xf32>
  return
}

// -----

func.func @expand_dims_axis(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.expand_dims' op axis 2 is out of range for an operand of rank 1}}
  %e = tile.expand_dims %x {axis = 2 : i32} : tensor<32xf32> -> tensor<32x1xf32>
  return
}

// -----

func.func @expand_dims_shape(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.expand_dims' op result type tensor<32x1xf32> must have shape [1, 32] (a 1 inserted at axis 0)}}
  %e = tile.expand_dims %x {axis = 0 : i32} : tensor<32xf32> -> tensor<32x1xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<4x32xf32>) {
  // expected-error @+1 {{'tile.reshape' op operand has 128 elements but the result has 64}}
  %r = tile.reshape %x : tensor<4x32xf32> -> tensor<64xf32>
  return
}

// -----

func.func @trans_order(%x: tensor<4x32xf32>) {
  // expected-error @+1 {{'tile.trans' op order [0, 0] must be a permutation of 0..1}}
  %t = tile.trans %x {order = array<i32: 0, 0>} : tensor<4x32xf32> -> tensor<4x32xf32>
  return
}

// -----

func.func @trans_shape(%x: tensor<4x32xf32>) {
  // expected-error @+1 {{'tile.trans' op result shape must be [32, 4] (the operand shape permuted by order)}}
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<4x32xf32> -> tensor<4x32xf32>
  return
}

// -----

func.func @join_shape(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.join' op result shape must be [32, 2] (the operand shape with a minor dimension of 2)}}
  %j = tile.join %x, %x : tensor<32xf32> -> tensor<2x32xf32>
  return
}

// -----

func.func @split_minor(%x: tensor<32x4xf32>) {
  // expected-error @+1 {{'tile.split' op operand's minor dimension must be 2}}
  %a, %b = tile.split %x : tensor<32x4xf32> -> tensor<32xf32>
  return
}

// -----

func.func @split_shape(%x: tensor<32x2xf32>) {
  // expected-error @+1 {{'tile.split' op results must have shape [32] (the operand shape without its minor dimension)}}
  %a, %b = tile.split %x : tensor<32x2xf32> -> tensor<16xf32>
  return
}

// -----

func.func @cat_rank(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.cat' op operand rank (1) differs from result rank (2)}}
  %c = tile.cat %x, %x : tensor<32xf32> -> tensor<2x32xf32>
  return
}

// -----

func.func @cat_dim0(%x: tensor<32xf32>) {
  // expected-error @+1 {{'tile.cat' op result dimension 0 must be 64 (the sum of the operands')}}
  %c = tile.cat %x, %x : tensor<32xf32> -> tensor<32xf32>
  return
}

// -----

func.func @cat_other_dim(%x: tensor<32x4xf32>) {
  // expected-error @+1 {{'tile.cat' op result dimension 1 must equal the operands' (4)}}
  %c = tile.cat %x, %x : tensor<32x4xf32> -> tensor<64x8xf32>
  return
}

// -----

func.func @load_boundary_on_plain_pointer(%p: tensor<16x!tile.ptr<f32>>) {
  // expected-error @+1 {{'tile.load' op boundaryCheck applies only to block pointers; mask the access instead}}
  %v = tile.load %p {boundaryCheck = array<i32: 0>} : tensor<16x!tile.ptr<f32>>
  return
}

// -----

func.func @load_block_pointer_mask(%p: !tile.ptr<tensor<16xf32>>, %m: tensor<16xi1>) {
  // expected-error @+1 {{'tile.load' op a block-pointer access takes no mask or other; use boundaryCheck}}
  %v = tile.load %p, %m : !tile.ptr<tensor<16xf32>>
  return
}

// -----

func.func @load_boundary_range(%p: !tile.ptr<tensor<16xf32>>) {
  // expected-error @+1 {{'tile.load' op boundaryCheck dimension 1 is out of range for a rank-1 block}}
  %v = tile.load %p {boundaryCheck = array<i32: 1>} : !tile.ptr<tensor<16xf32>>
  return
}

// -----

func.func @load_boundary_twice(%p: !tile.ptr<tensor<16x16xf32>>) {
  // expected-error @+1 {{'tile.load' op boundaryCheck lists dimension 0 twice}}
  %v = tile.load %p {boundaryCheck = array<i32: 0, 0>} : !tile.ptr<tensor<16x16xf32>>
  return
}

// -----

func.func @load_padding_without_check(%p: !tile.ptr<tensor<16xf32>>) {
  // expected-error @+1 {{'tile.load' op padding needs a block pointer with boundaryCheck}}
  %v = tile.load %p padding = nan : !tile.ptr<tensor<16xf32>>
  return
}

// -----

func.func @load_mask_shape(%p: tensor<16x!tile.ptr<f32>>, %m: tensor<8xi1>) {
  // expected-error @+1 {{'tile.load' op failed to verify that mask is i1 of the shape of ptr}}
  %v = "tile.load"(%p, %m) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<16x!tile.ptr<f32>>, tensor<8xi1>) -> tensor<16xf32>
  return
}

// -----

func.func @store_block_pointer_mask(%p: !tile.ptr<tensor<16xf32>>, %v: tensor<16xf32>, %m: tensor<16xi1>) {
  // expected-error @+1 {{'tile.store' op a block-pointer access takes no mask or other; use boundaryCheck}}
  tile.store %p, %v, %m : !tile.ptr<tensor<16xf32>>
  return
}

// -----

func.func @rmw_fadd_int(%p: !tile.ptr<i32>, %v: i32) {
  // expected-error @+1 {{'tile.atomic_rmw' op fadd needs f16, bf16, f32 or f64 values, got i32}}
  %o = tile.atomic_rmw fadd, relaxed, gpu, %p, %v : i32
  return
}

// -----

func.func @rmw_max_narrow(%p: !tile.ptr<i8>, %v: i8) {
  // expected-error @+1 {{'tile.atomic_rmw' op max needs 32- or 64-bit integer or float values, got i8}}
  %o = tile.atomic_rmw max, relaxed, gpu, %p, %v : i8
  return
}

// -----

func.func @rmw_xchg_narrow(%p: !tile.ptr<f16>, %v: f16) {
  // expected-error @+1 {{'tile.atomic_rmw' op xchg needs 32- or 64-bit values, got f16}}
  %o = tile.atomic_rmw xchg, relaxed, gpu, %p, %v : f16
  return
}

// -----

func.func @rmw_and_float(%p: !tile.ptr<f32>, %v: f32) {
  // expected-error @+1 {{'tile.atomic_rmw' op and needs 32- or 64-bit integer values, got f32}}
  %o = tile.atomic_rmw and, relaxed, gpu, %p, %v : f32
  return
}

// -----

func.func @cas_width(%p: !tile.ptr<i8>, %v: i8) {
  // expected-error @+1 {{'tile.atomic_cas' op compare-and-swap needs 16-, 32- or 64-bit values, got i8}}
  %o = tile.atomic_cas acq_rel, gpu, %p, %v, %v : i8
  return
}

// -----

func.func @tensor_ptr_operands(%b: !tile.ptr<f16>, %s: i64, %o: i32) {
  // expected-error @+1 {{'tile.make_tensor_ptr' op a rank-2 block needs 2 shape values, strides and offsets; got 1, 2 and 2}}
  %p = tile.make_tensor_ptr %b, [%s], [%s, %s], [%o, %o] {order = array<i32: 1, 0>} : !tile.ptr<tensor<16x16xf16>>
  return
}

// -----

func.func @tensor_ptr_order(%b: !tile.ptr<f16>, %s: i64, %o: i32) {
  // expected-error @+1 {{'tile.make_tensor_ptr' op order [1, 2] must be a permutation of 0..1}}
  %p = tile.make_tensor_ptr %b, [%s, %s], [%s, %s], [%o, %o] {order = array<i32: 1, 2>} : !tile.ptr<tensor<16x16xf16>>
  return
}

// -----

func.func @advance_count(%p: !tile.ptr<tensor<16x16xf16>>, %o: i32) {
  // expected-error @+1 {{'tile.advance' op a rank-2 block pointer needs 2 offsets, got 1}}
  %q = tile.advance %p, [%o] : !tile.ptr<tensor<16x16xf16>>
  return
}

// -----

func.func @dot_rank(%a: tensor<16xf16>, %c: tensor<16xf32>) {
  // expected-error @+1 {{'tile.dot' op operands must all be 2-D, or all 3-D (batched); got ranks 1, 1 and 1}}
  %d = tile.dot %a, %a, %c : tensor<16xf16> * tensor<16xf16> -> tensor<16xf32>
  return
}

// -----

func.func @dot_batch(%a: tensor<2x16x16xf16>, %b: tensor<4x16x16xf16>, %c: tensor<2x16x16xf32>) {
  // expected-error @+1 {{'tile.dot' op batch sizes differ: a 2, b 4, accumulator 2}}
  %d = tile.dot %a, %b, %c : tensor<2x16x16xf16> * tensor<4x16x16xf16> -> tensor<2x16x16xf32>
  return
}

// -----

func.func @dot_k(%a: tensor<16x32xf16>, %b: tensor<16x16xf16>, %c: tensor<16x16xf32>) {
  // expected-error @+1 {{'tile.dot' op a has K = 32 but b has K = 16}}
  %d = tile.dot %a, %b, %c : tensor<16x32xf16> * tensor<16x16xf16> -> tensor<16x16xf32>
  return
}

// -----

func.func @dot_acc(%a: tensor<16x16xf16>, %c: tensor<16x32xf32>) {
  // expected-error @+1 {{'tile.dot' op accumulator must be 16x16 (M of a by N of b), got 16x32}}
  %d = tile.dot %a, %a, %c : tensor<16x16xf16> * tensor<16x16xf16> -> tensor<16x32xf32>
  return
}

// -----

func.func @dot_types(%a: tensor<16x16xbf16>, %c: tensor<16x16xf16>) {
  // expected-error @+1 {{'tile.dot' op unsupported element types bf16 x bf16 -> f16}}
  %d = tile.dot %a, %a, %c : tensor<16x16xbf16> * tensor<16x16xbf16> -> tensor<16x16xf16>
  return
}

// -----

func.func @reduce_axis(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op axis 1 is out of range for operands of rank 1}}
  %r = tile.reduce(%x) axis = 1 : (tensor<16xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @reduce_arguments(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op combiner takes 3 arguments; it needs 2 (two per operand)}}
  %r = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32, %c: f32):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @reduce_argument_type(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op combiner argument 1 has type f16; it needs f32, the element type of operand 0}}
  %r = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> f32 {
  ^bb0(%a: f32, %b: f16):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @reduce_yield_count(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op combiner must yield 1 values}}
  %r = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a, %b : f32, f32
  }
  return
}

// -----

func.func @reduce_yield_type(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op combiner yields i32 as value 0; it needs f32}}
  %r = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %i = arith.fptosi %a : f32 to i32
    tile.reduce.return %i : i32
  }
  return
}

// -----

func.func @reduce_results(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op has 2 results for 1 operands}}
  %r:2 = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> (f32, f32) {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @reduce_scalar_result(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.reduce' op result 0 must be a scalar of the element type (reducing a 1-D tensor), got tensor<1xf32>}}
  %r = tile.reduce(%x) axis = 0 : (tensor<16xf32>) -> tensor<1xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @reduce_result_shape(%x: tensor<8x16xf32>) {
  // expected-error @+1 {{'tile.reduce' op result 0 must have shape [8] (axis 1 removed) and the operand's element type, got tensor<16xf32>}}
  %r = tile.reduce(%x) axis = 1 : (tensor<8x16xf32>) -> tensor<16xf32> {
  ^bb0(%a: f32, %b: f32):
    tile.reduce.return %a : f32
  }
  return
}

// -----

func.func @scan_result_type(%x: tensor<16xi32>) {
  // expected-error @+1 {{'tile.scan' op has 2 results for 1 operands}}
  %r:2 = "tile.scan"(%x) <{axis = 0 : i32}> ({
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }) : (tensor<16xi32>) -> (tensor<16xi32>, tensor<16xi32>)
  return
}

// -----

func.func @scan_axis(%x: tensor<16xi32>) {
  // expected-error @+1 {{'tile.scan' op axis -1 is out of range for operands of rank 1}}
  %r = tile.scan(%x) axis = -1 : (tensor<16xi32>) -> tensor<16xi32> {
  ^bb0(%a: i32, %b: i32):
    tile.scan.return %a : i32
  }
  return
}

// -----

func.func @scan_combiner(%x: tensor<16xi32>) {
  // expected-error @+1 {{'tile.scan' op combiner takes 1 arguments; it needs 2 (two per operand)}}
  %r = tile.scan(%x) axis = 0 : (tensor<16xi32>) -> tensor<16xi32> {
  ^bb0(%a: i32):
    tile.scan.return %a : i32
  }
  return
}

// -----

func.func @fp_to_fp_same(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.fp_to_fp' op converts f32 to itself}}
  %y = tile.fp_to_fp %x : tensor<16xf32> -> tensor<16xf32>
  return
}

// -----

func.func @fp_to_fp_needs_rounding(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.fp_to_fp' op the narrowing conversion f32 -> f8E5M2 needs a rounding mode (rtne or rtz)}}
  %y = tile.fp_to_fp %x : tensor<16xf32> -> tensor<16xf8E5M2>
  return
}

// -----

func.func @fp_to_fp_widening_rounding(%x: tensor<16xf16>) {
  // expected-error @+1 {{'tile.fp_to_fp' op the widening conversion f16 -> f32 is exact and takes no rounding mode}}
  %y = tile.fp_to_fp %x, rounding = rtne : tensor<16xf16> -> tensor<16xf32>
  return
}

// -----

func.func @bitcast_width(%x: tensor<16xf32>) {
  // expected-error @+1 {{'tile.bitcast' op bit widths differ: f32 has 32 bits, f16 has 16}}
  %y = tile.bitcast %x : tensor<16xf32> -> tensor<16xf16>
  return
}

// -----

func.func @print_signed(%x: tensor<16xi32>) {
  // expected-error @+1 {{'tile.print' op isSigned has 0 entries for 1 arguments; give one per argument}}
  tile.print "x" {hex = false, isSigned = array<i32>} : %x : tensor<16xi32>
  return
}

// -----

func.func @splat_type(%x: f32) {
  // expected-error @+1 {{'tile.splat' op failed to verify that result element type is the operand type}}
  %t = "tile.splat"(%x) : (f32) -> tensor<16xf16>
  return
}

// -----

func.func @reduce_return_parent(%x: f32) {
  // expected-error @+1 {{'tile.reduce.return' op expects parent op 'tile.reduce'}}
  tile.reduce.return %x : f32
}

// -----

// expected-error @+2 {{expected non-function type}}
// expected-error @+1 {{failed to parse Tile_PtrType parameter 'pointeeType' which is to be a `Type`}}
func.func @bad_ptr(%p: !tile.ptr<>) {
  return
}
