// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu -verify-diagnostics | FileCheck %s
// RUN: tile-opt %s -split-input-file --pass-pipeline='builtin.module(convert-tile-to-tilegpu{num-warps=8 target=cuda:90a})' -verify-diagnostics | FileCheck %s --check-prefix=WARPS8
// RUN: not tile-opt %s -split-input-file -convert-tile-to-tilegpu=num-warps=3 2>&1 | FileCheck %s --check-prefix=BAD-WARPS
// RUN: not tile-opt %s -split-input-file -convert-tile-to-tilegpu=threads-per-warp=64 2>&1 | FileCheck %s --check-prefix=BAD-THREADS
// RUN: not tile-opt %s -split-input-file -convert-tile-to-tilegpu=target=sm_80 2>&1 | FileCheck %s --check-prefix=BAD-TARGET

// Options of C passes are MLIR pass options: their values are parsed and
// unknown names are rejected by MLIR itself.
// RUN: not tile-opt %s -split-input-file -convert-tile-to-tilegpu=num-warps=abc 2>&1 | FileCheck %s --check-prefix=NOT-INT
// RUN: not tile-opt %s -split-input-file -convert-tile-to-tilegpu=no-such=1 2>&1 | FileCheck %s --check-prefix=NO-OPTION
// NOT-INT: for the --num-warps option: 'abc' value invalid for long argument!
// NO-OPTION: no such option no-such

// BAD-WARPS: num-warps must be a power of two from 1 to 32, got 3
// BAD-THREADS: threads-per-warp must be 32 on NVIDIA GPUs, got 64
// BAD-TARGET: target must be cuda:<compute capability> such as cuda:80 or cuda:90a, got 'sm_80'

// One dimension: every thread holds one element; 32 lanes then 4 warps.
// CHECK-DAG: #[[$B1D:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK: module attributes {"tilegpu.num-warps" = 4 : i32, tilegpu.target = "cuda:80", "tilegpu.threads-per-warp" = 32 : i32}
// CHECK-LABEL: func.func @vector_add
// WARPS8-DAG: #[[$W1D:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [8], order = [0]}>
// WARPS8: module attributes {"tilegpu.num-warps" = 8 : i32, tilegpu.target = "cuda:90a", "tilegpu.threads-per-warp" = 32 : i32}
// WARPS8-LABEL: func.func @vector_add
func.func @vector_add(%x: !tile.ptr<f32>, %z: !tile.ptr<f32>, %n: i32) {
  // CHECK: tile.make_range {{.*}} : tensor<1024xi32, #[[$B1D]]>
  // WARPS8: tile.make_range {{.*}} : tensor<1024xi32, #[[$W1D]]>
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  // CHECK: tile.splat %{{.*}} : i32 -> tensor<1024xi32, #[[$B1D]]>
  %n_t = tile.splat %n : i32 -> tensor<1024xi32>
  // CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : tensor<1024xi32, #[[$B1D]]>
  %mask = arith.cmpi slt, %range, %n_t : tensor<1024xi32>
  %x_base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  // CHECK: tile.addptr {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$B1D]]>, tensor<1024xi32, #[[$B1D]]>
  %x_ptrs = tile.addptr %x_base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK: arith.constant dense<0.000000e+00> : tensor<1024xf32, #[[$B1D]]>
  %zero = arith.constant dense<0.0> : tensor<1024xf32>
  // CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$B1D]]>
  %xv = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<f32>>
  %z_base = tile.splat %z : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %z_ptrs = tile.addptr %z_base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.store
  tile.store %z_ptrs, %xv, %mask : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// Two dimensions: lanes go to the last dimension first; what the shape
// cannot hold there goes to dimension 0. Non-splat constants keep their
// values.
// CHECK-DAG: #[[$WIDE:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
// CHECK-DAG: #[[$NARROW:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$TALL:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-LABEL: func.func @shapes
// WARPS8-DAG: #[[$W8WIDE:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 8], order = [1, 0]}>
// WARPS8-LABEL: func.func @shapes
func.func @shapes() {
  // CHECK: arith.constant dense<1.000000e+00> : tensor<16x256xf32, #[[$WIDE]]>
  // WARPS8: arith.constant dense<1.000000e+00> : tensor<16x256xf32, #[[$W8WIDE]]>
  %wide = arith.constant dense<1.0> : tensor<16x256xf32>
  // CHECK: arith.constant dense<0> : tensor<64x8xi32, #[[$NARROW]]>
  %narrow = arith.constant dense<0> : tensor<64x8xi32>
  // CHECK: arith.constant dense<[{{\[}}1], [2]]> : tensor<2x1xi32, #[[$TALL]]>
  %tall = arith.constant dense<[[1], [2]]> : tensor<2x1xi32>
  return
}

// -----

// A row reduction gives the slice of its operand's layout; expand_dims takes
// its operand in the slice of its result's layout and broadcast its operand
// in its result's layout, so conversions appear where the defaults differ.
// CHECK-DAG: #[[$TILE:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
// CHECK-DAG: #[[$COLUMN:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$ROW_OF_TILE:.*]] = #tilegpu.slice<{dim = 1, parent = #[[$TILE]]}>
// CHECK-DAG: #[[$ROW_OF_COLUMN:.*]] = #tilegpu.slice<{dim = 1, parent = #[[$COLUMN]]}>
// CHECK-LABEL: func.func @row_max
func.func @row_max(%p: !tile.ptr<f32>) {
  %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<64x128x!tile.ptr<f32>>
  // CHECK: %[[X:.*]] = tile.load {{.*}} : tensor<64x128x!tile.ptr<f32>, #[[$TILE]]>
  %x = tile.load %ptrs : tensor<64x128x!tile.ptr<f32>>
  // CHECK: %[[MAX:.*]] = tile.reduce(%[[X]]) axis = 1 : (tensor<64x128xf32, #[[$TILE]]>) -> tensor<64xf32, #[[$ROW_OF_TILE]]>
  // CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32):
  %max = tile.reduce(%x) axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maxnumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  // CHECK: %[[SLICED:.*]] = tilegpu.convert_layout %[[MAX]] : tensor<64xf32, #[[$ROW_OF_TILE]]> -> tensor<64xf32, #[[$ROW_OF_COLUMN]]>
  // CHECK: %[[COL:.*]] = tile.expand_dims %[[SLICED]] {axis = 1 : i32} : tensor<64xf32, #[[$ROW_OF_COLUMN]]> -> tensor<64x1xf32, #[[$COLUMN]]>
  %col = tile.expand_dims %max {axis = 1 : i32} : tensor<64xf32> -> tensor<64x1xf32>
  // CHECK: %[[MOVED:.*]] = tilegpu.convert_layout %[[COL]] : tensor<64x1xf32, #[[$COLUMN]]> -> tensor<64x1xf32, #[[$TILE]]>
  // CHECK: %[[WIDE:.*]] = tile.broadcast %[[MOVED]] : tensor<64x1xf32, #[[$TILE]]> -> tensor<64x128xf32, #[[$TILE]]>
  %wide = tile.broadcast %col : tensor<64x1xf32> -> tensor<64x128xf32>
  // CHECK: arith.subf %[[X]], %[[WIDE]] : tensor<64x128xf32, #[[$TILE]]>
  %shifted = arith.subf %x, %wide : tensor<64x128xf32>
  tile.store %ptrs, %shifted : tensor<64x128x!tile.ptr<f32>>
  return
}

// -----

// Loop-carried tensors (iter args, results, the yield) get the layout of
// their shape; a reduction result carried by the loop is converted into it.
// CHECK-DAG: #[[$LOOP:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$TILE2:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$SUMS:.*]] = #tilegpu.slice<{dim = 0, parent = #[[$TILE2]]}>
// CHECK-LABEL: func.func @loop
func.func @loop(%p: !tile.ptr<f32>, %n: i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  // CHECK: %[[INIT:.*]] = arith.constant dense<0.000000e+00> : tensor<16xf32, #[[$LOOP]]>
  %init = arith.constant dense<0.0> : tensor<16xf32>
  %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<8x16x!tile.ptr<f32>>
  // CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (tensor<16xf32, #[[$LOOP]]>)
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> (tensor<16xf32>) : i32 {
    // CHECK: tile.load {{.*}} : tensor<8x16x!tile.ptr<f32>, #[[$TILE2]]>
    %x = tile.load %ptrs : tensor<8x16x!tile.ptr<f32>>
    // CHECK: %[[COLS:.*]] = tile.reduce{{.*}} -> tensor<16xf32, #[[$SUMS]]>
    %cols = tile.reduce(%x) axis = 0 : (tensor<8x16xf32>) -> tensor<16xf32> {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    // CHECK: %[[CONVERTED:.*]] = tilegpu.convert_layout %[[COLS]] : tensor<16xf32, #[[$SUMS]]> -> tensor<16xf32, #[[$LOOP]]>
    // CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[CONVERTED]] : tensor<16xf32, #[[$LOOP]]>
    %next = arith.addf %acc, %cols : tensor<16xf32>
    // CHECK: scf.yield %[[NEXT]] : tensor<16xf32, #[[$LOOP]]>
    scf.yield %next : tensor<16xf32>
  }
  %out = tile.splat %p : !tile.ptr<f32> -> tensor<16x!tile.ptr<f32>>
  tile.store %out, %sum : tensor<16x!tile.ptr<f32>>
  return
}

// -----

// A transpose of a blocked tensor is the same threads' data seen with the
// dimensions swapped: no data moves.
// CHECK-DAG: #[[$SRC:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [2, 2], order = [1, 0]}>
// CHECK-DAG: #[[$SWAPPED:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [2, 2], order = [0, 1]}>
// CHECK-LABEL: func.func @transpose
func.func @transpose(%p: !tile.ptr<f16>) {
  %ptrs = tile.splat %p : !tile.ptr<f16> -> tensor<32x64x!tile.ptr<f16>>
  %x = tile.load %ptrs : tensor<32x64x!tile.ptr<f16>>
  // CHECK: tile.trans %{{.*}} {order = array<i32: 1, 0>} : tensor<32x64xf16, #[[$SRC]]> -> tensor<64x32xf16, #[[$SWAPPED]]>
  %t = tile.trans %x {order = array<i32: 1, 0>} : tensor<32x64xf16> -> tensor<64x32xf16>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x32xf16, #[[$SWAPPED]]> -> tensor<64x32xf16, #{{.*}}>
  %out = tile.splat %p : !tile.ptr<f16> -> tensor<64x32x!tile.ptr<f16>>
  tile.store %out, %t : tensor<64x32x!tile.ptr<f16>>
  return
}

// -----

// join keeps each pair in one thread: the operand's layout with a new minor
// dim of two registers. The reshape of that to one dim is two consecutive
// elements per thread, with no data moved; only the elementwise user,
// which takes the default layout, needs a conversion.
// CHECK-DAG: #[[$ONE:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$PAIRS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$TWO:.*]] = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @join_then_reshape
func.func @join_then_reshape(%p: !tile.ptr<i8>, %q: !tile.ptr<i32>) {
  %ptrs = tile.splat %p : !tile.ptr<i8> -> tensor<1024x!tile.ptr<i8>>
  %low = tile.load %ptrs : tensor<1024x!tile.ptr<i8>>
  %high = arith.addi %low, %low : tensor<1024xi8>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.join %{{.*}}, %{{.*}} : tensor<1024xi8, #[[$ONE]]> -> tensor<1024x2xi8, #[[$PAIRS]]>
  %pairs = tile.join %low, %high : tensor<1024xi8> -> tensor<1024x2xi8>
  // CHECK-NEXT: tile.reshape %{{.*}} : tensor<1024x2xi8, #[[$PAIRS]]> -> tensor<2048xi8, #[[$TWO]]>
  %flat = tile.reshape %pairs : tensor<1024x2xi8> -> tensor<2048xi8>
  // CHECK-NEXT: tilegpu.convert_layout %{{.*}} : tensor<2048xi8, #[[$TWO]]> -> tensor<2048xi8, #[[$ONE]]>
  %wide = arith.extui %flat : tensor<2048xi8> to tensor<2048xi32>
  %out = tile.splat %q : !tile.ptr<i32> -> tensor<2048x!tile.ptr<i32>>
  tile.store %out, %wide : tensor<2048x!tile.ptr<i32>>
  return
}

// -----

// split undoes join: its results have the layout join's operands had.
// CHECK-DAG: #[[$ONE:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$PAIRS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-LABEL: func.func @join_then_split
func.func @join_then_split(%p: !tile.ptr<f32>) {
  %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>
  %a = tile.load %ptrs : tensor<256x!tile.ptr<f32>>
  %b = arith.addf %a, %a : tensor<256xf32>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.join %{{.*}}, %{{.*}} : tensor<256xf32, #[[$ONE]]> -> tensor<256x2xf32, #[[$PAIRS]]>
  %pairs = tile.join %a, %b : tensor<256xf32> -> tensor<256x2xf32>
  // CHECK-NEXT: tile.split %{{.*}} : tensor<256x2xf32, #[[$PAIRS]]> -> tensor<256xf32, #[[$ONE]]>
  %x, %y = tile.split %pairs : tensor<256x2xf32> -> tensor<256xf32>
  // CHECK-NOT: tilegpu.convert_layout
  %sum = arith.addf %x, %y : tensor<256xf32>
  tile.store %ptrs, %sum : tensor<256x!tile.ptr<f32>>
  return
}

// -----

// A default 2-D layout spreads the minor dim of size 2 over lanes, so split
// first gathers each pair into one thread's registers.
// CHECK-DAG: #[[$LANES:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [16, 2], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$PAIRS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$ONE:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @split_loaded_pairs
func.func @split_loaded_pairs(%p: !tile.ptr<f32>) {
  %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<64x2x!tile.ptr<f32>>
  %pairs = tile.load %ptrs : tensor<64x2x!tile.ptr<f32>>
  // CHECK: %[[GATHERED:.*]] = tilegpu.convert_layout %{{.*}} : tensor<64x2xf32, #[[$LANES]]> -> tensor<64x2xf32, #[[$PAIRS]]>
  // CHECK-NEXT: tile.split %[[GATHERED]] : tensor<64x2xf32, #[[$PAIRS]]> -> tensor<64xf32, #[[$ONE]]>
  %x, %y = tile.split %pairs : tensor<64x2xf32> -> tensor<64xf32>
  %sum = arith.addf %x, %y : tensor<64xf32>
  %out = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>>
  tile.store %out, %sum : tensor<64x!tile.ptr<f32>>
  return
}

// -----

// Reshapes keep the data in place. Where the view is the default layout of
// the result, the result gets exactly that (no conversion for its users);
// where no blocked layout places the elements the same way, a linear one.
// CHECK-DAG: #[[$FLAT:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$ROWS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
// CHECK-DAG: #[[$COLUMNS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [32, 1], warpsPerCTA = [2, 2], order = [0, 1]}>
// CHECK-DAG: #[[$LINEAR:.*]] = #tilegpu.linear<{register = {{\[}}[2], [4], [8], [16]], lane = {{\[}}[32], [64], [128], [256], [512]], warp = {{\[}}[1024], [1]], block = []}>
// CHECK-LABEL: func.func @reshapes
func.func @reshapes(%p: !tile.ptr<f32>, %h: !tile.ptr<f16>) {
  %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<2048x!tile.ptr<f32>>
  %x = tile.load %ptrs : tensor<2048x!tile.ptr<f32>>
  // CHECK: tile.reshape %{{.*}} : tensor<2048xf32, #[[$FLAT]]> -> tensor<16x128xf32, #[[$ROWS]]>
  %rows = tile.reshape %x : tensor<2048xf32> -> tensor<16x128xf32>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.store
  %out = tile.splat %p : !tile.ptr<f32> -> tensor<16x128x!tile.ptr<f32>>
  tile.store %out, %rows : tensor<16x128x!tile.ptr<f32>>
  %hptrs = tile.splat %h : !tile.ptr<f16> -> tensor<32x64x!tile.ptr<f16>>
  %y = tile.load %hptrs : tensor<32x64x!tile.ptr<f16>>
  %t = tile.trans %y {order = array<i32: 1, 0>} : tensor<32x64xf16> -> tensor<64x32xf16>
  // CHECK: tile.reshape %{{.*}} : tensor<64x32xf16, #[[$COLUMNS]]> -> tensor<2048xf16, #[[$LINEAR]]>
  %r = tile.reshape %t : tensor<64x32xf16> -> tensor<2048xf16>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<2048xf16, #[[$LINEAR]]> -> tensor<2048xf16, #[[$FLAT]]>
  %hout = tile.splat %h : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
  tile.store %hout, %r : tensor<2048x!tile.ptr<f16>>
  return
}

// -----

// expected-error @+1 {{'func.func' op argument #1 has tensor type tensor<128xf32>; a kernel takes pointers and scalars, so pass a pointer and tile.load the tensor inside the kernel}}
func.func @tensor_argument(%p: !tile.ptr<f32>, %x: tensor<128xf32>) {
  return
}

// -----

// expected-error @+1 {{'func.func' op result #0 has tensor type tensor<128xf32>; a kernel returns nothing, so tile.store the tensor through a pointer argument instead}}
func.func @tensor_result() -> tensor<128xf32> {
  %zero = arith.constant dense<0.0> : tensor<128xf32>
  return %zero : tensor<128xf32>
}

// -----

// A rank-0 tensor has no dimension to spread over threads.
func.func @rank_zero(%p: !tile.ptr<f32>) {
  // expected-error @+1 {{'arith.constant' op result #0 has rank 0, but convert-tile-to-tilegpu lays out ranks 1 to 8; use a scalar for rank 0, reshape a higher rank}}
  %zero = arith.constant dense<0.0> : tensor<f32>
  return
}

// -----

func.func @resource_constant(%p: !tile.ptr<f32>) {
  // expected-error @+1 {{'arith.constant' op has a tensor value that is not a dense elements attribute; convert-tile-to-tilegpu can only lay out dense constants}}
  %c = arith.constant dense_resource<blob> : tensor<4xf32>
  return
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x04000000000000000000000000000000000000000000"
    }
  }
#-}
