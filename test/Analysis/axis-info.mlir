// RUN: tile-opt %s -split-input-file -test-print-axis-info -o /dev/null 2>&1 | FileCheck %s

// Contiguity, divisibility and constancy per dimension, as Triton's
// AxisInfo computes them. Pointer divisibility counts bytes; contiguity
// counts elements.

// CHECK-LABEL: axis info of @offsets
func.func @offsets(%base: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                   %half: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                   %n: i32 {tile.divisibility = 16 : i32}, %m: i32) {
  // CHECK: line [[@LINE+1]]: arith.constant: contiguity = [1], divisibility = [256], constancy = [1], constant_value = 256
  %c256 = arith.constant 256 : i32
  // CHECK: line [[@LINE+1]]: tile.program_id: contiguity = [1], divisibility = [1], constancy = [1], constant_value = <none>
  %pid = tile.program_id x : i32
  // CHECK: line [[@LINE+1]]: arith.muli: contiguity = [1], divisibility = [256], constancy = [1], constant_value = <none>
  %start = arith.muli %pid, %c256 : i32
  // CHECK: line [[@LINE+1]]: tile.make_range: contiguity = [256], divisibility = [4611686018427387904], constancy = [1], constant_value = <none>
  %range = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
  // CHECK: line [[@LINE+1]]: tile.make_range: contiguity = [128], divisibility = [128], constancy = [1], constant_value = <none>
  %upper = tile.make_range {end = 256 : i32, start = 128 : i32} : tensor<128xi32>
  // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [256], constancy = [256], constant_value = <none>
  %start_t = tile.splat %start : i32 -> tensor<256xi32>
  // CHECK: line [[@LINE+1]]: arith.addi: contiguity = [256], divisibility = [256], constancy = [1], constant_value = <none>
  %offsets = arith.addi %start_t, %range : tensor<256xi32>
  // A contiguous lhs minus a contiguous rhs is no longer contiguous.
  // CHECK: line [[@LINE+1]]: arith.subi: contiguity = [1], divisibility = [256], constancy = [1], constant_value = <none>
  %diff = arith.subi %offsets, %range : tensor<256xi32>
  // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [16], constancy = [256], constant_value = <none>
  %n_t = tile.splat %n : i32 -> tensor<256xi32>
  // The mask flips at most once per 16 elements: n is a multiple of 16.
  // CHECK: line [[@LINE+1]]: arith.cmpi: contiguity = [1], divisibility = [1], constancy = [16], constant_value = <none>
  %mask = arith.cmpi slt, %offsets, %n_t : tensor<256xi32>
  // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [1], constancy = [256], constant_value = <none>
  %m_t = tile.splat %m : i32 -> tensor<256xi32>
  // CHECK: line [[@LINE+1]]: arith.cmpi: contiguity = [1], divisibility = [1], constancy = [1], constant_value = <none>
  %ragged = arith.cmpi slt, %offsets, %m_t : tensor<256xi32>
  // CHECK: line [[@LINE+1]]: arith.andi: contiguity = [1], divisibility = [1], constancy = [1], constant_value = <none>
  %both = arith.andi %mask, %ragged : tensor<256xi1>
  // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [16], constancy = [256], constant_value = <none>
  %ptrs = tile.splat %base : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>
  // offsets * 4 bytes is a multiple of 1024 bytes; the base only of 16.
  // CHECK: line [[@LINE+1]]: tile.addptr: contiguity = [256], divisibility = [16], constancy = [1], constant_value = <none>
  %x_ptrs = tile.addptr %ptrs, %offsets : tensor<256x!tile.ptr<f32>>, tensor<256xi32>
  // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [16], constancy = [128], constant_value = <none>
  %half_ptrs = tile.splat %half : !tile.ptr<f16> -> tensor<128x!tile.ptr<f16>>
  // CHECK: line [[@LINE+1]]: tile.addptr: contiguity = [128], divisibility = [16], constancy = [1], constant_value = <none>
  %h_ptrs = tile.addptr %half_ptrs, %upper : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  // An odd scalar offset leaves 2-byte alignment for f16.
  // CHECK: line [[@LINE+1]]: arith.constant: contiguity = [1], divisibility = [1], constancy = [1], constant_value = 3
  %c3 = arith.constant 3 : i32
  // CHECK: line [[@LINE+1]]: tile.addptr: contiguity = [1], divisibility = [2], constancy = [1], constant_value = <none>
  %odd = tile.addptr %half, %c3 : !tile.ptr<f16>, i32
  return
}

// -----

// CHECK-LABEL: axis info of @division
func.func @division() {
  // CHECK: line [[@LINE+1]]: tile.make_range: contiguity = [64], divisibility = [4611686018427387904], constancy = [1], constant_value = <none>
  %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: arith.constant: contiguity = [1], divisibility = [8], constancy = [64], constant_value = 8
  %c8 = arith.constant dense<8> : tensor<64xi32>
  // [0..63] / 8 is constant over runs of 8.
  // CHECK: line [[@LINE+1]]: arith.divsi: contiguity = [1], divisibility = [1], constancy = [8], constant_value = <none>
  %row = arith.divsi %range, %c8 : tensor<64xi32>
  // [0..63] % 8 is contiguous over runs of 8.
  // CHECK: line [[@LINE+1]]: arith.remsi: contiguity = [8], divisibility = [8], constancy = [1], constant_value = <none>
  %col = arith.remsi %range, %c8 : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: arith.muli: contiguity = [1], divisibility = [8], constancy = [8], constant_value = <none>
  %row_start = arith.muli %row, %c8 : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: arith.constant: contiguity = [1], divisibility = [1], constancy = [64], constant_value = 1
  %one = arith.constant dense<1> : tensor<64xi32>
  // x * 1 keeps x.
  // CHECK: line [[@LINE+1]]: arith.muli: contiguity = [64], divisibility = [4611686018427387904], constancy = [1], constant_value = <none>
  %same = arith.muli %range, %one : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: arith.cmpi: contiguity = [1], divisibility = [1], constancy = [8], constant_value = <none>
  %even_row = arith.cmpi slt, %range, %c8 : tensor<64xi32>
  // The condition is constant over runs of 8; both sides are contiguous.
  // CHECK: line [[@LINE+1]]: arith.select: contiguity = [8], divisibility = [8], constancy = [1], constant_value = <none>
  %pick = arith.select %even_row, %range, %col : tensor<64xi1>, tensor<64xi32>
  return
}

// -----

// Row-major and transposed 2-D tiles: contiguity follows the dimension
// along which the address grows by one element.
// CHECK-LABEL: axis info of @tiles
func.func @tiles(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                 %stride: i32 {tile.divisibility = 16 : i32},
                 %index: !tile.ptr<i32> {tile.divisibility = 16 : i32}) {
  %rows = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
  %cols = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: tile.expand_dims: contiguity = [32, 1], divisibility = [4611686018427387904, 4611686018427387904], constancy = [1, 1], constant_value = <none>
  %r = tile.expand_dims %rows {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
  %s = tile.splat %stride : i32 -> tensor<32x1xi32>
  // CHECK: line [[@LINE+1]]: arith.muli: contiguity = [1, 1], divisibility = [16, 4611686018427387904], constancy = [1, 1], constant_value = <none>
  %r_off = arith.muli %r, %s : tensor<32x1xi32>
  // CHECK: line [[@LINE+1]]: tile.broadcast: contiguity = [1, 1], divisibility = [16, 4611686018427387904], constancy = [1, 64], constant_value = <none>
  %r_b = tile.broadcast %r_off : tensor<32x1xi32> -> tensor<32x64xi32>
  %c = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  // CHECK: line [[@LINE+1]]: tile.broadcast: contiguity = [1, 64], divisibility = [4611686018427387904, 4611686018427387904], constancy = [32, 1], constant_value = <none>
  %c_b = tile.broadcast %c : tensor<1x64xi32> -> tensor<32x64xi32>
  // CHECK: line [[@LINE+1]]: arith.addi: contiguity = [1, 64], divisibility = [16, 4611686018427387904], constancy = [1, 1], constant_value = <none>
  %off = arith.addi %r_b, %c_b : tensor<32x64xi32>
  %base = tile.splat %p : !tile.ptr<f16> -> tensor<32x64x!tile.ptr<f16>>
  // CHECK: line [[@LINE+1]]: tile.addptr: contiguity = [1, 64], divisibility = [16, 16], constancy = [1, 1], constant_value = <none>
  %ptrs = tile.addptr %base, %off : tensor<32x64x!tile.ptr<f16>>, tensor<32x64xi32>
  // CHECK: line [[@LINE+1]]: tile.trans: contiguity = [64, 1], divisibility = [16, 16], constancy = [1, 1], constant_value = <none>
  %t = tile.trans %ptrs {order = array<i32: 1, 0>} : tensor<32x64x!tile.ptr<f16>> -> tensor<64x32x!tile.ptr<f16>>
  // Offsets loaded from memory (a gather) are unknown.
  %index_ptrs = tile.splat %index : !tile.ptr<i32> -> tensor<32x64x!tile.ptr<i32>>
  // CHECK: line [[@LINE+1]]: tile.load: contiguity = [1, 1], divisibility = [1, 1], constancy = [1, 1], constant_value = <none>
  %idx = tile.load %index_ptrs : tensor<32x64x!tile.ptr<i32>>
  return
}

// -----

// Loop-carried pointers: the iter arg holds what the init and every
// yielded value share, found by iterating to a fixpoint.
// CHECK-LABEL: axis info of @loop
func.func @loop(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32,
                %step: i32 {tile.divisibility = 8 : i32}) {
  %c0 = arith.constant 0 : i32
  %c16 = arith.constant 16 : i32
  %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  %base = tile.splat %p : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %range : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  %step_t = tile.splat %step : i32 -> tensor<128xi32>
  // Each step adds 8 elements (32 bytes): the iter arg stays 16-byte aligned.
  // CHECK: line [[@LINE+2]]: scf.for #0: contiguity = [128], divisibility = [16], constancy = [1], constant_value = <none>
  // CHECK: line [[@LINE+1]]: scf.for #1: contiguity = [1], divisibility = [1], constancy = [1], constant_value = <none>
  %end, %count = scf.for %i = %c0 to %n step %c16 iter_args(%it = %ptrs, %k = %c0) -> (tensor<128x!tile.ptr<f32>>, i32) : i32 {
    // The induction variable is a multiple of gcd(0's, 16) = 16.
    // CHECK: line [[@LINE+1]]: tile.splat: contiguity = [1], divisibility = [16], constancy = [128], constant_value = <none>
    %i_t = tile.splat %i : i32 -> tensor<128xi32>
    // CHECK: line [[@LINE+1]]: tile.addptr: contiguity = [128], divisibility = [16], constancy = [1], constant_value = <none>
    %next = tile.addptr %it, %step_t : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
    // k starts at 0 and grows by an unknown amount: nothing is known.
    %k_next = arith.addi %k, %n : i32
    scf.yield %next, %k_next : tensor<128x!tile.ptr<f32>>, i32
  }
  return
}

// -----

// Hints on function arguments other than divisibility.
// CHECK-LABEL: axis info of @hints
func.func @hints(%offsets: tensor<64xi32> {tile.contiguity = 64 : i32, tile.divisibility = 64 : i32},
                 %flags: tensor<64xi1> {tile.constancy = 8 : i32}) {
  // x + x = 2x: no longer contiguous, still a multiple of 64.
  // CHECK: line [[@LINE+1]]: arith.addi: contiguity = [1], divisibility = [64], constancy = [1], constant_value = <none>
  %twice = arith.addi %offsets, %offsets : tensor<64xi32>
  // CHECK: line [[@LINE+1]]: arith.xori: contiguity = [1], divisibility = [1], constancy = [8], constant_value = <none>
  %flipped = arith.xori %flags, %flags : tensor<64xi1>
  return
}
