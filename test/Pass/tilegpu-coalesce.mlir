// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu -tilegpu-coalesce | FileCheck %s
// RUN: not tile-opt %s -split-input-file -tilegpu-coalesce 2>&1 | FileCheck %s --check-prefix=NO-LAUNCH

// NO-LAUNCH: tilegpu-coalesce: the module has no tilegpu.num-warps and tilegpu.threads-per-warp; run -convert-tile-to-tilegpu first

// Vector add, f32, 16-byte aligned pointers and n a multiple of 16: each
// thread moves 4 floats (128 bits) per access.
// CHECK-DAG: #[[$DEFAULT:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$VEC4:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @vector_add_f32
func.func @vector_add_f32(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %z: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %n: i32 {tile.divisibility = 16 : i32}) {
  %c1024 = arith.constant 1024 : i32
  %pid = tile.program_id x : i32
  %start = arith.muli %pid, %c1024 : i32
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %start_t = tile.splat %start : i32 -> tensor<1024xi32>
  %offsets = arith.addi %start_t, %range : tensor<1024xi32>
  %n_t = tile.splat %n : i32 -> tensor<1024xi32>
  %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
  %x_base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK: %[[PTRS:.*]] = tilegpu.convert_layout %{{.*}} : tensor<1024x!tile.ptr<f32>, #[[$DEFAULT]]> -> tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
  // CHECK: %[[MASK:.*]] = tilegpu.convert_layout %{{.*}} : tensor<1024xi1, #[[$DEFAULT]]> -> tensor<1024xi1, #[[$VEC4]]>
  // CHECK: %[[LOADED:.*]] = tile.load %[[PTRS]], %[[MASK]] : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
  // CHECK: %[[BACK:.*]] = tilegpu.convert_layout %[[LOADED]] : tensor<1024xf32, #[[$VEC4]]> -> tensor<1024xf32, #[[$DEFAULT]]>
  %v = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
  // CHECK: arith.addf %[[BACK]], %[[BACK]] : tensor<1024xf32, #[[$DEFAULT]]>
  %sum = arith.addf %v, %v : tensor<1024xf32>
  %z_base = tile.splat %z : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK-COUNT-3: tilegpu.convert_layout {{.*}} -> tensor<1024x{{.*}}, #[[$VEC4]]>
  // CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
  tile.store %z_ptrs, %sum, %mask : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// The same with f16: 8 halves make 128 bits.
// CHECK-DAG: #[[$VEC8:.*]] = #tilegpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @vector_copy_f16
func.func @vector_copy_f16(%x: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %z: !tile.ptr<f16> {tile.divisibility = 16 : i32}) {
  %range = tile.make_range {end = 2048 : i32, start = 0 : i32} : tensor<2048xi32>
  %x_base = tile.splat %x : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
  %x_ptrs = tile.addptr %x_base, %range : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
  // CHECK: tile.load {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$VEC8]]>
  %v = tile.load %x_ptrs : tensor<2048x!tile.ptr<f16>>
  %z_base = tile.splat %z : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
  %z_ptrs = tile.addptr %z_base, %range : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
  // CHECK: tile.store {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$VEC8]]>
  tile.store %z_ptrs, %v : tensor<2048x!tile.ptr<f16>>
  return
}

// -----

// A row-major tile (rows a multiple of 16 bytes apart): dimension 1 is
// contiguous, so it goes first in the order and gets the vector.
// CHECK-DAG: #[[$ROWS:.*]] = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [2, 16], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-LABEL: func.func @row_major
func.func @row_major(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                     %stride: i32 {tile.divisibility = 16 : i32}) {
  %rows = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
  %cols = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  %r = tile.expand_dims %rows {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
  %s = tile.splat %stride : i32 -> tensor<32x1xi32>
  %r_off = arith.muli %r, %s : tensor<32x1xi32>
  %r_b = tile.broadcast %r_off : tensor<32x1xi32> -> tensor<32x64xi32>
  %c = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %c_b = tile.broadcast %c : tensor<1x64xi32> -> tensor<32x64xi32>
  %off = arith.addi %r_b, %c_b : tensor<32x64xi32>
  %base = tile.splat %p : !tile.ptr<f32> -> tensor<32x64x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %off : tensor<32x64x!tile.ptr<f32>>, tensor<32x64xi32>
  // CHECK: tile.load {{.*}} : tensor<32x64x!tile.ptr<f32>, #[[$ROWS]]>
  %v = tile.load %ptrs : tensor<32x64x!tile.ptr<f32>>
  tile.store %ptrs, %v : tensor<32x64x!tile.ptr<f32>>
  return
}

// -----

// A transposed tile: consecutive addresses run down dimension 0, so the
// order is [0, 1] and the vector runs along dimension 0.
// CHECK-DAG: #[[$COLUMNS:.*]] = #tilegpu.blocked<{sizePerThread = [8, 1], threadsPerWarp = [8, 4], warpsPerCTA = [1, 4], order = [0, 1]}>
// CHECK-LABEL: func.func @transposed
func.func @transposed(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %stride: i32 {tile.divisibility = 16 : i32}) {
  %rows = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  %cols = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
  %r = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  %r_b = tile.broadcast %r : tensor<64x1xi32> -> tensor<64x32xi32>
  %c = tile.expand_dims %cols {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
  %s = tile.splat %stride : i32 -> tensor<1x32xi32>
  %c_off = arith.muli %c, %s : tensor<1x32xi32>
  %c_b = tile.broadcast %c_off : tensor<1x32xi32> -> tensor<64x32xi32>
  %off = arith.addi %r_b, %c_b : tensor<64x32xi32>
  %base = tile.splat %p : !tile.ptr<f16> -> tensor<64x32x!tile.ptr<f16>>
  %ptrs = tile.addptr %base, %off : tensor<64x32x!tile.ptr<f16>>, tensor<64x32xi32>
  // CHECK: tile.load {{.*}} : tensor<64x32x!tile.ptr<f16>, #[[$COLUMNS]]>
  %v = tile.load %ptrs : tensor<64x32x!tile.ptr<f16>>
  tile.store %ptrs, %v : tensor<64x32x!tile.ptr<f16>>
  return
}

// -----

// A gather through indices loaded from memory: nothing is known about the
// addresses, so one element per thread. The index load itself is
// contiguous and vectorized.
// CHECK-DAG: #[[$SCALAR:.*]] = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: #[[$INDEX:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @gather
func.func @gather(%table: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                  %index: !tile.ptr<i32> {tile.divisibility = 16 : i32}) {
  %range = tile.make_range {end = 512 : i32, start = 0 : i32} : tensor<512xi32>
  %index_base = tile.splat %index : !tile.ptr<i32> -> tensor<512x!tile.ptr<i32>>
  %index_ptrs = tile.addptr %index_base, %range : tensor<512x!tile.ptr<i32>>, tensor<512xi32>
  // CHECK: tile.load {{.*}} : tensor<512x!tile.ptr<i32>, #[[$INDEX]]>
  %idx = tile.load %index_ptrs : tensor<512x!tile.ptr<i32>>
  %table_base = tile.splat %table : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>>
  %ptrs = tile.addptr %table_base, %idx : tensor<512x!tile.ptr<f32>>, tensor<512xi32>
  // CHECK: tile.load {{.*}} : tensor<512x!tile.ptr<f32>, #[[$SCALAR]]>
  %v = tile.load %ptrs : tensor<512x!tile.ptr<f32>>
  %out = tile.addptr %table_base, %range : tensor<512x!tile.ptr<f32>>, tensor<512xi32>
  tile.store %out, %v : tensor<512x!tile.ptr<f32>>
  return
}

// -----

// Without a divisibility hint the base may be 4-byte aligned only: no
// vectors, and no conversions either (the default layout already fits).
// CHECK-LABEL: func.func @no_hint
func.func @no_hint(%x: !tile.ptr<f32>) {
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$DEFAULT1:.*]]>
  %v = tile.load %ptrs : tensor<1024x!tile.ptr<f32>>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$DEFAULT1]]>
  tile.store %ptrs, %v : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// Aligned pointers, but a mask that may change at any element (n has no
// hint): the accesses are scalar, so the layout stays one per thread.
// CHECK-LABEL: func.func @ragged_mask
func.func @ragged_mask(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32) {
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %n_t = tile.splat %n : i32 -> tensor<1024xi32>
  %mask = arith.cmpi slt, %range, %n_t : tensor<1024xi32>
  %base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  // CHECK-NOT: tilegpu.convert_layout
  // CHECK: tile.load
  %v = tile.load %ptrs, %mask : tensor<1024x!tile.ptr<f32>>
  tile.store %ptrs, %v, %mask : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// A small tile spread over 128 threads leaves 2 elements per thread.
// CHECK-DAG: #[[$VEC2:.*]] = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @small_tile_atomics
func.func @small_tile_atomics(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
  %range = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
  %base = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %range : tensor<256x!tile.ptr<f32>>, tensor<256xi32>
  %one = arith.constant dense<1.0> : tensor<256xf32>
  // CHECK: %[[OLD:.*]] = tile.atomic_rmw fadd, relaxed, gpu, {{.*}} : tensor<256xf32, #[[$VEC2]]>
  // CHECK: tilegpu.convert_layout %[[OLD]] : tensor<256xf32, #[[$VEC2]]> -> tensor<256xf32, #{{.*}}>
  %old = tile.atomic_rmw fadd, relaxed, gpu, %ptrs, %one : tensor<256xf32>
  tile.store %ptrs, %old : tensor<256x!tile.ptr<f32>>
  return
}
